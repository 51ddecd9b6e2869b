/**
 * Cloning CPython's generator: a victim shop played for real, outputs pasted from Python, or a
 * Python session in the page whose next values are checked against the clone's predictions.
 */
import { useMemo, useState } from 'react';
import { Callout, Verdict } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { CopyButton } from '../../ui/CopyButton';
import { TextField } from '../../ui/Field';
import { formatDuration } from '../../ui/format';
import { useLabAction, useLabChoice, useLabParam } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import { useWorkerJob, type JobState } from '../../ui/use-worker-job';
import type { CloneScenario, VictimKind } from './core/clone-scenario';
import { parseAlphabet, parseLength } from './core/key-format';
import { cloneFromOutputs, predictAfter, recoverEarlierOutputs } from './core/mt-clone';
import { parseUint32List } from './core/parse-numbers';
import { cloneScript } from './core/script';
import type { RandomnessApi } from './randomness.worker';
import { RANDOMNESS } from './lab';
import { ScriptExport } from '../../ui/ScriptExport';
import { TableScroll } from '../../ui/TableScroll';
import { JobError } from '../../ui/JobControls';
import { PythonSessionClone } from './PythonSessionClone';

const hex32 = (n: number) => n.toString(16).padStart(8, '0');

interface Cloned {
  result: CloneScenario;
  victim: VictimKind;
  alphabet: string;
  length: number;
}

export function CloneSection() {
  const [mode, setMode] = useLabChoice(RANDOMNESS, 'clone');
  const [victim, setVictim] = useLabChoice(RANDOMNESS, 'victim');
  const [alphabetText, setAlphabet] = useLabParam(RANDOMNESS, 'alphabet');
  const [lengthText, setLength] = useLabParam(RANDOMNESS, 'length');
  const alphabet = parseAlphabet(alphabetText);
  const length = parseLength(lengthText);
  const worker = useWorker<RandomnessApi>(
    () => new Worker(new URL('./randomness.worker.ts', import.meta.url), { type: 'module' }),
  );
  const job = useWorkerJob<Cloned>(worker);

  const attack = () => {
    if (!alphabet.ok || !length.ok) return;
    const request = {
      victim,
      alphabet: alphabet.value,
      keyLength: length.value,
      adminKeyLength: length.value,
    };
    const key = { alphabet: alphabet.value, length: length.value };
    job.start(async () => ({ result: await worker.call('clone-demo', request), victim, ...key }));
  };
  useLabAction(RANDOMNESS, 'clone', () => {
    setMode('victim');
    attack();
  });

  return (
    <section className="card" aria-labelledby="clone-heading">
      <h2 id="clone-heading">Clone Python’s generator from 624 outputs</h2>
      <p>
        CPython’s <code>random</code> is a Mersenne Twister: 624 words of state, and each output is
        one state word passed through an invertible scramble (“tempering”). Undo the scramble on 624
        consecutive <code>getrandbits(32)</code> outputs and you hold the whole state: every later
        output, and every earlier one, follows.
      </p>
      <div className="row">
        <Choice
          label="Outputs from"
          value={mode}
          onChange={setMode}
          options={[
            { value: 'victim', label: 'A victim shop' },
            { value: 'paste', label: 'Pasted from your Python' },
            { value: 'python', label: 'Python in this page' },
          ]}
        />
      </div>
      <div className="row">
        <TextField
          label="Key alphabet (allowed_chars)"
          value={alphabetText}
          onChange={setAlphabet}
          monospace
          error={alphabet.ok ? null : alphabet.error.message}
        />
        <div style={{ flex: '0 1 9rem' }}>
          <TextField
            label="Key length"
            value={lengthText}
            onChange={setLength}
            type="number"
            error={length.ok ? null : length.error.message}
          />
        </div>
      </div>
      {mode === 'python' ? (
        <PythonSessionClone
          alphabet={alphabet.ok ? alphabet.value : null}
          length={length.ok ? length.value : null}
        />
      ) : mode === 'victim' ? (
        <VictimAttack
          victim={victim}
          setVictim={setVictim}
          run={job.state}
          onAttack={attack}
          disabled={!alphabet.ok || !length.ok}
        />
      ) : (
        <PasteClone
          alphabet={alphabet.ok ? alphabet.value : null}
          length={length.ok ? length.value : null}
        />
      )}
    </section>
  );
}

function VictimAttack({
  victim,
  setVictim,
  run,
  onAttack,
  disabled,
}: {
  victim: VictimKind;
  setVictim: (v: VictimKind) => void;
  run: JobState<Cloned>;
  onAttack: () => void;
  disabled: boolean;
}) {
  return (
    <div className="stack">
      <p className="field__hint">
        The shop starts up, seeds <code>random</code> from the operating system (2,496 bytes, as{' '}
        <code>random.seed()</code> does), makes an admin key, then hands out order numbers with{' '}
        <code>random.getrandbits(32)</code>. When someone asks for a password reset it makes a key
        with <code>''.join(random.choice(allowed_chars) for i in range(length))</code>. You see only
        the order numbers.
      </p>
      <div className="row">
        <Choice
          label="The shop makes its numbers with"
          value={victim}
          onChange={setVictim}
          options={[
            { value: 'random', label: 'random (Mersenne Twister)' },
            { value: 'secrets', label: 'secrets (the fix)' },
          ]}
        />
        <button type="button" className="button" onClick={onAttack} disabled={disabled}>
          Collect 624 order numbers and attack
        </button>
      </div>
      {run.status === 'running' && <p className="loading">The shop is taking orders…</p>}
      <JobError state={run} />
      {run.status === 'done' && (
        <>
          <CloneResult result={run.value.result} victim={run.value.victim} />
          <ScriptExport
            name="mt_clone"
            python={cloneScript({
              outputs: run.value.result.victim.orderNumbers,
              alphabet: run.value.alphabet,
              length: run.value.length,
            })}
          />
        </>
      )}
    </div>
  );
}

function CloneResult({ result, victim }: { result: CloneScenario; victim: VictimKind }) {
  const { attack } = result;
  const orders = result.victim.orderNumbers;
  return (
    <div className="stack" aria-live="polite">
      <h3>1. The 624 order numbers the attacker collected</h3>
      <p className="mono randomness-wrap">
        {orders.slice(0, 5).join(', ')}, … , {orders.slice(-2).join(', ')}
      </p>
      <h3>2. Untempering: each order number back to a state word</h3>
      <TableScroll label="Untempering steps" id="clone-untemper">
        <table>
          <thead>
            <tr>
              <th scope="col">Output</th>
              <th scope="col">undo y ^= y≫18</th>
              <th scope="col">undo y ^= (y≪15) &amp; c</th>
              <th scope="col">undo y ^= (y≪7) &amp; b</th>
              <th scope="col">undo y ^= y≫11 = state word</th>
            </tr>
          </thead>
          <tbody>
            {attack.untempered.map((u) => (
              <tr key={u.output}>
                <td className="mono">{hex32(u.output)}</td>
                {u.steps.map((s, i) => (
                  <td key={i} className="mono">
                    {hex32(s)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="field__hint">
        The Output column holds the order numbers above, written in hex: {orders[0]} is{' '}
        <span className="mono">{hex32(orders[0]!)}</span>. Same numbers, two notations; each column
        to its right undoes one step of the scramble.
      </p>
      <p className="field__hint">
        {victim === 'random'
          ? `All 624 state words recovered in ${formatDuration(result.elapsedMs)}, including the steps below.`
          : `The same arithmetic ran on all 624 numbers in ${formatDuration(result.elapsedMs)}, but with secrets no generator state lies behind them: the words it gives predict nothing, as below.`}
      </p>
      {/* Side by side on a wide screen, so the two keys and the verdict are seen together. */}
      <div className="randomness-clone-keys" id="clone-keys">
        <div className="stack">
          <h3>3. The reset key, predicted before the shop made it</h3>
          <KeyComparison
            predictedLabel="Predicted by the attacker"
            predicted={attack.predictedResetKey}
            actualLabel="Made by the shop afterwards"
            actual={result.victim.resetKey}
            same={result.resetKeyMatches}
          />
          <p className="field__hint">
            And the next order numbers: predicted {attack.predictedLaterOrders.join(', ')}; the shop
            handed out {result.victim.laterOrders.join(', ')}.{' '}
            <Verdict ok={result.laterOrdersMatch} yes="same" no="different" />
          </p>
        </div>
        <div className="stack">
          <h3>4. Backwards: the admin key made before the first order</h3>
          <p className="field__hint">
            The twist can be run in reverse: each earlier state word gets its top bit from one twist
            equation and its low 31 bits from the one before. {attack.earlierOutputs.length} earlier
            outputs recovered; reading them backwards as <code>choice</code> draws gives:
          </p>
          <KeyComparison
            predictedLabel="Recovered by the attacker"
            predicted={attack.recoveredAdminKey ?? '(not enough outputs)'}
            actualLabel="The shop’s admin key"
            actual={result.victim.adminKey}
            same={result.adminKeyMatches}
            yes="Identical: recovered"
          />
        </div>
        {victim === 'random' ? (
          <Callout tone="danger" title="Cloned">
            Seeding from the operating system does not help: the generator itself is the leak. Use{' '}
            <code>secrets.token_urlsafe()</code> or <code>secrets.choice</code> in Python,{' '}
            <code>crypto.getRandomValues</code> in JavaScript.
          </Callout>
        ) : (
          <Callout tone="success" title="The fix holds">
            With <code>secrets</code> every number comes from the operating system’s CSPRNG. The
            attacker ran the same attack on the same 624 numbers, and none of its predictions is
            right.
          </Callout>
        )}
      </div>
    </div>
  );
}

function KeyComparison({
  predictedLabel,
  predicted,
  actualLabel,
  actual,
  same,
  yes = 'Identical: predicted',
}: {
  predictedLabel: string;
  predicted: string;
  actualLabel: string;
  actual: string;
  same: boolean;
  yes?: string;
}) {
  return (
    <dl className="randomness-keys">
      <dt>{predictedLabel}</dt>
      <dd className="digest">{predicted}</dd>
      <dt>{actualLabel}</dt>
      <dd className="digest">{actual}</dd>
      <dt>Result</dt>
      <dd>
        <Verdict ok={same} yes={yes} no="Different: not predicted" />
      </dd>
    </dl>
  );
}

function PasteClone({ alphabet, length }: { alphabet: string | null; length: number | null }) {
  const [text, setText] = useState('');
  const parsed = useMemo(() => (text.trim() === '' ? null : parseUint32List(text)), [text]);
  const analysis = useMemo(() => {
    if (!parsed?.ok) return null;
    const clone = cloneFromOutputs(parsed.value);
    if (!clone.ok) return clone;
    return {
      ok: true as const,
      value: {
        count: parsed.value.length,
        verifiedExtra: clone.value.verifiedExtra,
        prediction: predictAfter(clone.value, {
          next: 5,
          alphabet: alphabet ?? undefined,
          length: length ?? undefined,
          randoms: 3,
        }),
        earlier: recoverEarlierOutputs(parsed.value, 3),
      },
    };
  }, [parsed, alphabet, length]);
  const error =
    parsed && !parsed.ok
      ? parsed.error.message
      : analysis && !analysis.ok
        ? analysis.error.message
        : null;
  // JSON string literals are valid Python string literals.
  const snippet = `import random
print([random.getrandbits(32) for _ in range(624)])
# paste that list here; then this prints the key the lab predicts:
print(''.join(random.choice(${JSON.stringify(alphabet ?? 'abc')}) for i in range(${length ?? 32})))`;
  return (
    <div className="stack">
      <p className="field__hint">
        In your own Python session, print 624 outputs, paste them here, and the lab says what your
        session prints next. Nothing leaves this page.
      </p>
      <pre className="randomness-code">
        <code>{snippet}</code>
      </pre>
      <div>
        <CopyButton value={snippet} label="Copy the Python" />
      </div>
      <TextField
        label="Outputs of getrandbits(32), oldest first"
        value={text}
        onChange={setText}
        multiline
        rows={5}
        monospace
        placeholder="[1607238658, 304343000, 1672861580, …]"
        error={error}
        hint={
          parsed?.ok
            ? `${parsed.value.length} values read${parsed.value.length < 624 ? `: ${624 - parsed.value.length} more needed` : ''}.`
            : 'One per line, or comma- or space-separated; a printed list with brackets is fine.'
        }
      />
      {analysis?.ok && (
        <div className="stack" aria-live="polite">
          <p>
            <Verdict ok yes="Cloned" no="" /> from the first 624 values
            {analysis.value.verifiedExtra > 0
              ? `; the ${analysis.value.verifiedExtra} after them were predicted exactly, so they are one unbroken stream`
              : ''}
            . Each prediction below starts right after your last value.
          </p>
          <dl className="randomness-keys">
            <dt>Next 5 getrandbits(32)</dt>
            <dd className="digest">{analysis.value.prediction.next.join(', ')}</dd>
            {analysis.value.prediction.key !== null && (
              <>
                <dt>
                  Next <code>''.join(random.choice(…) for i in range({length}))</code>
                </dt>
                <dd className="digest">
                  {analysis.value.prediction.key}{' '}
                  <CopyButton value={analysis.value.prediction.key} label="Copy the key" />
                </dd>
              </>
            )}
            <dt>Next 3 random()</dt>
            <dd className="digest">{analysis.value.prediction.randoms.map(String).join(', ')}</dd>
            <dt>The 3 outputs before your first one</dt>
            <dd className="digest">{analysis.value.earlier.join(', ')}</dd>
          </dl>
          {parsed?.ok && alphabet !== null && length !== null && (
            <ScriptExport
              name="mt_clone"
              python={cloneScript({ outputs: parsed.value, alphabet, length })}
            />
          )}
        </div>
      )}
    </div>
  );
}
