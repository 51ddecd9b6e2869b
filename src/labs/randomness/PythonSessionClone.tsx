/**
 * "Python in this page": a small Python session (CPython in the Python sandbox, one interpreter
 * kept between runs), whose printed getrandbits(32) outputs feed the cloner; the clone's
 * predictions are then fixed on the page and checked against what the same session really draws.
 */
import { useMemo, useState } from 'react';
import { PYODIDE_BYTES, pythonUnavailable } from '../../platform/sandbox/python';
import { Verdict } from '../../ui/Callout';
import { TextField } from '../../ui/Field';
import { formatBytesCount } from '../../ui/format';
import { ProgressBar } from '../../ui/ProgressBar';
import { PythonOffline } from '../../ui/PythonOffline';
import { TableScroll } from '../../ui/TableScroll';
import { usePythonWait } from '../../ui/use-python-wait';
import { DEFAULT_ALPHABET } from './core/key-format';
import { cloneFromOutputs } from './core/mt-clone';
import { parseUint32List } from './core/parse-numbers';
import {
  MAX_CODE_LENGTH,
  MAX_OUTPUT,
  OUTPUTS_CELL,
  checkCell,
  compareDraw,
  drawCode,
  predictDraws,
  talkCell,
  type Draw,
  type DrawPrediction,
} from './core/python-session';
import {
  CELL_LIMIT_MS,
  usePythonSession,
  type ConsoleEntry,
  type DrawAnswer,
  type PythonSession,
} from './use-python-session';
import { formatNumber } from '../../core/number-format';

/** How many getrandbits(32) values one question predicts and asks for. */
const NEXT_COUNT = 5;

export function PythonSessionClone({
  alphabet,
  length,
}: {
  alphabet: string | null;
  length: number | null;
}) {
  const session = usePythonSession();
  const unavailable = pythonUnavailable();
  const waitReason = usePythonWait();
  const lastOutput = useMemo(() => {
    for (let i = session.entries.length - 1; i >= 0; i--) {
      const entry = session.entries[i]!;
      if (entry.kind === 'cell') return { text: entry.report.output, session: entry.session };
    }
    return null;
  }, [session.entries]);
  // Each "Use these outputs" starts the cloner afresh (its text, its questions).
  const [outputs, setOutputs] = useState({ text: '', session: 0, version: 0 });

  return (
    <div className="stack">
      <p className="field__hint">
        Real CPython 3.14 (Pyodide, {formatBytesCount(PYODIDE_BYTES)}, downloaded from this site the
        first time) runs your cells in a sandbox with no access to this page, its storage or the
        network, under an audit hook that refuses files, processes, sockets, new code and imports of
        modules not loaded. One interpreter serves every run, so each cell continues the same
        generator; a cell may run for {CELL_LIMIT_MS / 1000} s.
      </p>
      {unavailable ? (
        <p className="field__hint">{unavailable}</p>
      ) : (
        <>
          <SessionConsole
            session={session}
            waitReason={waitReason}
            initialCode={talkCell(alphabet ?? DEFAULT_ALPHABET, length ?? 32)}
            alphabet={alphabet}
            length={length}
          />
          <PythonOffline disabledReason={waitReason} recheck={session.phase.phase === 'ready'} />
          <div className="row">
            <button
              type="button"
              className="button"
              disabled={lastOutput === null}
              onClick={() =>
                setOutputs((o) =>
                  lastOutput
                    ? {
                        text: lastOutput.text.trim(),
                        session: lastOutput.session,
                        version: o.version + 1,
                      }
                    : o,
                )
              }
            >
              Use these outputs
            </button>
            <span className="field__hint">
              Copies the last cell’s output into the cloner below, where you may edit it.
            </span>
          </div>
          <SessionCloner
            key={outputs.version}
            outputs={outputs.text}
            from={outputs.session}
            session={session}
            alphabet={alphabet}
            length={length}
          />
        </>
      )}
    </div>
  );
}

function SessionConsole({
  session,
  waitReason,
  initialCode,
  alphabet,
  length,
}: {
  session: PythonSession;
  /** Why Python may not start yet (the first visit's service worker setup), or null. */
  waitReason: string | null;
  initialCode: string;
  alphabet: string | null;
  length: number | null;
}) {
  const [code, setCode] = useState(initialCode);
  const { phase } = session;
  const working =
    phase.phase === 'fetching' || phase.phase === 'starting' || phase.phase === 'busy';
  const checked = checkCell(code);
  const tooLong = code.length > MAX_CODE_LENGTH && !checked.ok ? checked.error.message : null;
  return (
    <div className="stack" role="group" aria-labelledby="python-session-heading">
      <h3 id="python-session-heading">Your Python session</h3>
      <div className="row">
        <button
          type="button"
          className="button button--ghost"
          onClick={() => setCode(OUTPUTS_CELL)}
        >
          The 624-output cell
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={() => setCode(talkCell(alphabet ?? DEFAULT_ALPHABET, length ?? 32))}
        >
          The talk’s key line
        </button>
      </div>
      <TextField
        label="Python code"
        value={code}
        onChange={setCode}
        multiline
        rows={7}
        monospace
        error={tooLong}
      />
      <div className="row">
        <button
          type="button"
          className="button"
          disabled={working || !checked.ok || waitReason !== null}
          aria-describedby={waitReason ? 'python-session-wait' : undefined}
          onClick={() => void session.run(code)}
        >
          Run
        </button>
        {working && (
          <button type="button" className="button button--ghost" onClick={session.stop}>
            Stop
          </button>
        )}
        {phase.phase === 'ready' && (
          <button type="button" className="button button--ghost" onClick={session.restart}>
            Restart Python
          </button>
        )}
      </div>
      {waitReason && (
        <p id="python-session-wait" className="field__hint" role="status">
          {waitReason}
        </p>
      )}
      {phase.phase === 'fetching' && (
        <ProgressBar
          label="Downloading Python"
          value={phase.progress.loaded}
          max={phase.progress.total}
          detail={`${formatBytesCount(phase.progress.loaded)} of ${formatBytesCount(phase.progress.total)}`}
        />
      )}
      <p role="status" className="field__hint">
        {phase.phase === 'starting'
          ? 'Starting CPython in the sandbox…'
          : phase.phase === 'busy'
            ? 'Running…'
            : phase.phase === 'ready'
              ? `Python ${phase.version} is running; the next cell continues this session.`
              : phase.phase === 'off'
                ? 'Python is not running: Run starts it.'
                : ''}
      </p>
      {session.entries.length > 0 && (
        <div className="randomness-console" role="log" aria-label="Python console" tabIndex={0}>
          {session.entries.map((entry) => (
            <ConsoleLine key={entry.id} entry={entry} />
          ))}
        </div>
      )}
    </div>
  );
}

const prompted = (code: string) =>
  code
    .split('\n')
    .map((line, i) => `${i === 0 ? '>>>' : '...'} ${line}`)
    .join('\n');

function ConsoleLine({ entry }: { entry: ConsoleEntry }) {
  if (entry.kind === 'note')
    return <p className={entry.alarm ? 'field__error' : 'field__hint'}>{entry.text}</p>;
  const events = entry.kind === 'cell' ? entry.report.events : entry.events;
  const error = entry.kind === 'cell' ? entry.report.error : entry.error;
  return (
    <div className="randomness-console__entry">
      <pre className="randomness-console__code">
        {prompted(entry.code)}
        {entry.kind === 'question' && '   # asked by the page'}
      </pre>
      {entry.kind === 'cell' && entry.report.output !== '' && (
        <pre className="randomness-console__output">{entry.report.output}</pre>
      )}
      {entry.kind === 'question' && entry.answer !== '' && (
        <pre className="randomness-console__output">{entry.answer}</pre>
      )}
      {entry.kind === 'cell' && entry.report.outputDropped > 0 && (
        <p className="field__hint">
          … and {formatNumber(entry.report.outputDropped)} more characters, not kept (a cell keeps{' '}
          {formatNumber(MAX_OUTPUT)}).
        </p>
      )}
      {error !== null && <pre className="randomness-console__error">{error}</pre>}
      {events.length > 0 && (
        <p className="field__hint">
          The audit hook refused:{' '}
          {events.map((e, i) => (
            <code key={i}>
              {i > 0 ? ', ' : ''}
              {e.event}({e.args.map((a) => JSON.stringify(a)).join(', ')})
            </code>
          ))}
        </p>
      )}
    </div>
  );
}

interface Check {
  id: number;
  prediction: DrawPrediction;
  answer: DrawAnswer | null;
}

const drawOf = (p: DrawPrediction): Draw =>
  p.kind === 'getrandbits'
    ? { kind: 'getrandbits', count: p.count }
    : { kind: 'choice', alphabet: p.alphabet, length: p.length };

function SessionCloner({
  outputs,
  from,
  session,
  alphabet,
  length,
}: {
  outputs: string;
  /** The session that printed `outputs`. */
  from: number;
  session: PythonSession;
  alphabet: string | null;
  length: number | null;
}) {
  const [text, setText] = useState(outputs);
  const [checks, setChecks] = useState<Check[]>([]);
  const parsed = useMemo(() => (text.trim() === '' ? null : parseUint32List(text)), [text]);
  const clone = useMemo(() => (parsed?.ok ? cloneFromOutputs(parsed.value) : null), [parsed]);
  const error =
    parsed && !parsed.ok ? parsed.error.message : clone && !clone.ok ? clone.error.message : null;
  const { phase } = session;
  const asking = checks.some((c) => c.answer === null);
  // Only the interpreter that printed the outputs can be asked what comes next.
  const running = phase.phase === 'ready' || phase.phase === 'busy';
  const gone = !running || phase.session !== from;
  const canAsk = clone?.ok === true && !asking && phase.phase === 'ready' && !gone;

  const edit = (value: string) => {
    setText(value);
    setChecks([]);
  };

  const ask = async (draw: Draw) => {
    if (!clone?.ok) return;
    // The prediction is made, and shown, before the session is asked.
    const earlier = checks.filter((c) => c.answer?.ok !== false).map((c) => drawOf(c.prediction));
    const prediction = predictDraws(clone.value, [...earlier, draw]).at(-1)!;
    const id = Date.now() + Math.random();
    setChecks((list) => [...list, { id, prediction, answer: null }]);
    const answer = await session.draw(draw);
    setChecks((list) => list.map((c) => (c.id === id ? { ...c, answer } : c)));
  };

  return (
    <div className="stack">
      <TextField
        label="Session outputs of getrandbits(32), oldest first"
        value={text}
        onChange={edit}
        multiline
        rows={4}
        monospace
        placeholder="Run the 624-output cell, then “Use these outputs”."
        error={error}
        hint={
          parsed?.ok
            ? `${parsed.value.length} values read${parsed.value.length < 624 ? `: ${624 - parsed.value.length} more needed` : ''}.`
            : 'Filled by “Use these outputs”; edit it to see a wrong clone found out.'
        }
      />
      {clone?.ok && (
        <div className="stack" aria-live="polite">
          <p>
            <Verdict ok yes="Cloned" no="" /> from the first 624 values. Each prediction below is
            made here from the clone first, and only then is the session asked for its real values,
            continuing right after your outputs (a cell run in between moves the session on).
          </p>
          <div className="row">
            <button
              type="button"
              className="button"
              disabled={!canAsk}
              onClick={() => void ask({ kind: 'getrandbits', count: NEXT_COUNT })}
            >
              Predict the next {NEXT_COUNT} outputs, then ask the session
            </button>
            <button
              type="button"
              className="button"
              disabled={!canAsk || alphabet === null || length === null}
              onClick={() =>
                alphabet !== null && length !== null
                  ? void ask({ kind: 'choice', alphabet, length })
                  : undefined
              }
            >
              Predict the next key, then ask the session
            </button>
          </div>
          {gone && (
            <p className="field__hint">
              Only the session that printed these outputs can be asked what comes next, and it is
              not running (stopped or restarted, its generator went with it): run the 624-output
              cell and press “Use these outputs”.
            </p>
          )}
          {checks.map((check, i) => (
            <CheckResult key={check.id} number={i + 1} check={check} />
          ))}
        </div>
      )}
    </div>
  );
}

function CheckResult({ number, check }: { number: number; check: Check }) {
  const { prediction, answer } = check;
  const real = answer?.ok ? answer.value : null;
  const comparison = real === null ? null : compareDraw(prediction, real);
  const heading = `Question ${number}: ${drawCode(drawOf(prediction))}`;
  return (
    <div className="stack" role="group" aria-label={`Question ${number}`}>
      <h4 className="mono randomness-wrap">{heading}</h4>
      {prediction.kind === 'getrandbits' ? (
        <TableScroll label={`Question ${number}: predicted and real values`}>
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Predicted by the clone</th>
                <th scope="col">The session drew</th>
                <th scope="col">Same?</th>
              </tr>
            </thead>
            <tbody>
              {prediction.values.map((value, i) => (
                <tr key={i}>
                  <td className="mono">{i + 1}</td>
                  <td className="mono">{value}</td>
                  <td className="mono">{Array.isArray(real) ? real[i] : '…'}</td>
                  <td>{comparison ? (comparison.same[i] ? '✓ same' : '✗ different') : '…'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <dl className="randomness-keys">
          <dt>Predicted by the clone</dt>
          <dd className="digest">{prediction.key}</dd>
          <dt>The session made</dt>
          <dd className="digest">{typeof real === 'string' ? real : '…'}</dd>
        </dl>
      )}
      {answer === null && <p className="field__hint">Asking the session…</p>}
      {answer && !answer.ok && <p className="field__error">{answer.message}</p>}
      {comparison && (
        <p>
          <Verdict
            ok={comparison.allSame}
            yes={
              prediction.kind === 'getrandbits'
                ? `All ${comparison.same.length} predicted exactly`
                : 'Identical: predicted'
            }
            no={
              prediction.kind === 'getrandbits'
                ? `${comparison.same.length - comparison.matches} of ${comparison.same.length} different: not predicted`
                : 'Different: not predicted'
            }
          />
        </p>
      )}
    </div>
  );
}
