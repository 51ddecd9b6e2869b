/**
 * This tab's own Math.random: values drawn here, the state recovered in the worker, predictions
 * shown, and only then the real next values drawn beside them. Or values pasted from a console.
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
import {
  compareWithActual,
  ENGINE_MODELS,
  type ActualComparison,
  type Detection,
  type ModelAttempt,
} from './core/math-random';
import { parseLength } from './core/key-format';
import { parseUnitDoubles } from './core/parse-numbers';
import type { RandomnessApi } from './randomness.worker';
import { RANDOMNESS } from './lab';
import { MathRandomAsk } from './MathRandomAsk';
import { TableScroll } from '../../ui/TableScroll';

/**
 * Extra predictions, so values the page itself used in between can be accounted for (the charts'
 * library alone takes hundreds when it renders: Redux Toolkit makes ids with Math.random).
 */
const SPARE = 2000;

interface Recovered {
  observed: number[];
  detection: Detection;
  elapsedMs: number;
}
/** While the worker tries the models: the values it was given and the models tried so far. */
interface Trying {
  observed: number[];
  attempts: ModelAttempt[];
}
type Recovery = JobState<Recovered, Trying>;

export function MathRandomSection() {
  const [mode, setMode] = useLabChoice(RANDOMNESS, 'mr');
  const [collectText, setCollect] = useLabParam(RANDOMNESS, 'collect');
  const [predictText, setPredict] = useLabParam(RANDOMNESS, 'predict');
  const collect = parseLength(collectText, 2000);
  const predict = parseLength(predictText, 200);
  const [drawn, setDrawn] = useState<{ values: number[]; comparison: ActualComparison } | null>(
    null,
  );
  const [pasted, setPasted] = useState('');
  const worker = useWorker<RandomnessApi>(
    () => new Worker(new URL('./randomness.worker.ts', import.meta.url), { type: 'module' }),
  );
  const job = useWorkerJob<Recovered, Trying>(worker);
  const recovery = job.state;

  const recover = (observed: number[], count: number) => {
    setDrawn(null);
    job.start(async (progress) => {
      const started = performance.now();
      const attempts: ModelAttempt[] = [];
      progress({ observed, attempts: [] });
      const detection = await worker.call('math-random', { observed, count }, (attempt) => {
        attempts.push(attempt);
        progress({ observed, attempts: [...attempts] });
      });
      return { observed, detection, elapsedMs: performance.now() - started };
    });
  };

  const collectFromTab = () => {
    if (!collect.ok || !predict.ok) return;
    // Drawn in one synchronous loop, so nothing else on the page can take a value in between.
    const observed = Array.from({ length: collect.value }, () => Math.random());
    recover(observed, predict.value + SPARE);
  };
  const drawReal = () => {
    if (recovery.status !== 'done' || !recovery.value.detection.ok || !predict.ok) return;
    const values = Array.from({ length: predict.value }, () => Math.random());
    setDrawn({
      values,
      comparison: compareWithActual(recovery.value.detection.recovery.next, values),
    });
  };
  useLabAction(RANDOMNESS, 'collect', () => {
    setMode('tab');
    collectFromTab();
  });

  const parsedPaste = useMemo(
    () => (pasted.trim() === '' ? null : parseUnitDoubles(pasted)),
    [pasted],
  );
  const snippet = `console.log(JSON.stringify(Array.from({ length: ${collect.ok ? collect.value : 32} }, Math.random)))`;

  return (
    <section className="card" aria-labelledby="math-random-heading">
      <h2 id="math-random-heading">This browser’s Math.random, predicted</h2>
      <p>
        The engines step the same 128-bit xorshift generator, built from shifts and xors. They
        differ in which bits become the double and in what order. V8 7.1 to 14.3 (Chrome 71 to 143,
        Node.js 12 to 25) used the top bits of state0 alone, with no add (strictly xorshift128, not
        the xorshift128+ it was named for), and handed values out backwards from a cache of 64. V8
        14.4 brought the add back: the top 53 bits of state0 + state1, which is not linear, so a SAT
        solver does the algebra. Whether that V8 still serves its cache backwards varies: a report
        on Chrome 147 found it did; Chromium 156 hands values out in step order. So the lab tries
        both orders and says which one fits. Firefox and Safari use the low 53 bits of the same sum,
        in order.
      </p>
      <div className="row">
        <Choice
          label="Values from"
          value={mode}
          onChange={(next) => {
            job.cancel();
            job.reset();
            setDrawn(null);
            setMode(next);
          }}
          options={[
            { value: 'tab', label: 'This tab' },
            { value: 'paste', label: 'A console (paste)' },
          ]}
        />
        <div style={{ flex: '0 1 10rem' }}>
          <TextField
            label="Values to collect"
            value={collectText}
            onChange={setCollect}
            type="number"
            error={collect.ok ? null : collect.error.message}
          />
        </div>
        <div style={{ flex: '0 1 10rem' }}>
          <TextField
            label="Values to predict"
            value={predictText}
            onChange={setPredict}
            type="number"
            error={predict.ok ? null : predict.error.message}
          />
        </div>
      </div>
      {mode === 'tab' ? (
        <div className="row">
          <button
            type="button"
            className="button"
            onClick={collectFromTab}
            disabled={!collect.ok || !predict.ok || recovery.status === 'running'}
          >
            Collect {collect.ok ? collect.value : ''} values from this tab’s Math.random()
          </button>
        </div>
      ) : (
        <div className="stack">
          <pre className="randomness-code">
            <code>{snippet}</code>
          </pre>
          <div>
            <CopyButton value={snippet} label="Copy the console line" />
          </div>
          <TextField
            label="Math.random() values, oldest first"
            value={pasted}
            onChange={setPasted}
            multiline
            rows={4}
            monospace
            placeholder="[0.9792366345118593, 0.14154692285564074, …]"
            error={parsedPaste && !parsedPaste.ok ? parsedPaste.error.message : null}
            hint={
              parsedPaste?.ok
                ? `${parsedPaste.value.length} values read.`
                : 'From Node, Chrome, Firefox or Safari: a JSON array, or one value per line.'
            }
          />
          <div>
            <button
              type="button"
              className="button"
              disabled={!parsedPaste?.ok || !predict.ok || recovery.status === 'running'}
              onClick={() =>
                parsedPaste?.ok && predict.ok && recover(parsedPaste.value, predict.value)
              }
            >
              Recover the state and predict
            </button>
          </div>
        </div>
      )}
      <RecoveryView
        recovery={recovery}
        fromTab={mode === 'tab'}
        predictCount={predict.ok ? predict.value : 0}
        drawn={drawn}
        onDraw={drawReal}
      />
      {mode === 'tab' && <MathRandomAsk />}
    </section>
  );
}

/** The sum model is tried in both orders: what the order that did not win came to. */
function otherOrder(detection: Detection & { ok: true }): string | null {
  const { model } = detection.recovery;
  if (model !== 'v8-sum' && model !== 'v8-sum-reversed') return null;
  const other = detection.attempts.find(
    (a) => a.model === (model === 'v8-sum' ? 'v8-sum-reversed' : 'v8-sum'),
  );
  if (!other) return null;
  const name = model === 'v8-sum' ? 'Served backwards' : 'In step order';
  return other.outcome === 'fits' ? `${name} fits too.` : `${name}: ${other.note}`;
}

function formatValues(values: readonly number[], shown = 6): string {
  const head = values.slice(0, shown).map(String).join(', ');
  return values.length > shown ? `${head}, … (${values.length} values)` : head;
}

function AttemptList({ attempts }: { attempts: ModelAttempt[] }) {
  return (
    <ul className="randomness-attempts" aria-label="Engine models tried">
      {attempts.map((a) => (
        <li key={a.model}>
          <Verdict
            ok={a.outcome === 'fits'}
            yes="fits"
            no={a.outcome === 'too-few' ? 'undecided' : 'no fit'}
          />{' '}
          <strong>{ENGINE_MODELS[a.model].engine}</strong>{' '}
          <span className="field__hint">
            {a.note} ({formatDuration(a.elapsedMs)})
          </span>
        </li>
      ))}
    </ul>
  );
}

function RecoveryView({
  recovery,
  fromTab,
  predictCount,
  drawn,
  onDraw,
}: {
  recovery: Recovery;
  fromTab: boolean;
  predictCount: number;
  drawn: { values: number[]; comparison: ActualComparison } | null;
  onDraw: () => void;
}) {
  useLabAction(RANDOMNESS, 'draw', onDraw);
  if (recovery.status === 'idle' || recovery.status === 'cancelled') return null;
  if (recovery.status === 'failed')
    return (
      <p role="alert" className="field__error">
        {recovery.message}
      </p>
    );
  if (recovery.status === 'running')
    return (
      <div className="stack" aria-live="polite">
        <p className="mono randomness-wrap">
          Observed: {formatValues(recovery.progress?.observed ?? [])}
        </p>
        <p className="loading">Trying the engine models…</p>
        <AttemptList attempts={recovery.progress?.attempts ?? []} />
      </div>
    );
  const { detection, observed, elapsedMs } = recovery.value;
  return (
    <div className="stack" aria-live="polite">
      <p className="mono randomness-wrap">Observed: {formatValues(observed)}</p>
      <AttemptList attempts={detection.attempts} />
      {!detection.ok ? (
        <Callout tone="note" title="No model fits">
          {detection.message}
        </Callout>
      ) : (
        <>
          <dl className="randomness-keys">
            <dt>Engine</dt>
            <dd>
              <strong>{detection.recovery.engine}</strong>
              <div className="field__hint">{ENGINE_MODELS[detection.recovery.model].output}</div>
            </dd>
            <dt>Order that fitted</dt>
            <dd>
              {detection.recovery.order === 'step-order'
                ? 'In step order: each value is the next step of the generator.'
                : 'Caches served backwards: each 64 values are made in step order and handed out from the last.'}
              {otherOrder(detection) && <div className="field__hint">{otherOrder(detection)}</div>}
            </dd>
            <dt>State when the first value was made</dt>
            <dd className="digest">
              state0 = {detection.recovery.state[0]}, state1 = {detection.recovery.state[1]}
            </dd>
            <dt>Recovered in</dt>
            <dd>
              {formatDuration(elapsedMs)} (all {detection.recovery.reproduced} observed values
              reproduced)
            </dd>
            {detection.recovery.cache && (
              <>
                <dt>V8’s cache</dt>
                <dd>
                  {detection.recovery.cache.found === 'unknown'
                    ? `The refill point is not visible in these values: only the first ${detection.recovery.certain} predictions are certain. Collect more values in a row (64 or more always show a refill).`
                    : `First value at cache slot ${detection.recovery.cache.position}; ${
                        detection.recovery.cache.found === 'seed-found'
                          ? 'refills placed by walking back to V8’s seed state'
                          : 'a refill shows among the values'
                      }.`}
                </dd>
              </>
            )}
            {detection.recovery.drawnBefore !== undefined &&
              detection.recovery.drawnBefore !== null && (
                <>
                  <dt>Values drawn before</dt>
                  <dd>
                    {detection.recovery.drawnBefore} (this context’s seed state lies that many steps
                    back)
                  </dd>
                </>
              )}
          </dl>
          <div className="stack" id="mr-predictions">
            <PredictionTable
              next={detection.recovery.next}
              count={Math.min(predictCount, detection.recovery.next.length)}
              certain={detection.recovery.certain}
              drawn={drawn}
            />
            {fromTab && (
              <div className="row">
                <button type="button" className="button" onClick={onDraw}>
                  Now draw the next {predictCount} real values
                </button>
              </div>
            )}
          </div>
          {drawn && <DrawVerdict drawn={drawn} />}
        </>
      )}
    </div>
  );
}

function PredictionTable({
  next,
  count,
  certain,
  drawn,
}: {
  next: number[];
  count: number;
  certain: number;
  drawn: { values: number[]; comparison: ActualComparison } | null;
}) {
  // If the page used values between prediction and draw, the draw lines up further down the list.
  const offset = drawn?.comparison.offset ?? 0;
  return (
    <TableScroll label="Predictions and real values" className="randomness-predictions">
      <table aria-label="Predictions and real values">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Predicted</th>
            <th scope="col">Real Math.random()</th>
            <th scope="col">Match</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: count }, (_, i) => {
            const real = drawn?.values[i];
            return (
              <tr key={i}>
                <td>{offset + i + 1}</td>
                <td className="mono">
                  {next[offset + i]}
                  {offset + i >= certain && <span className="field__hint"> (uncertain)</span>}
                </td>
                <td className="mono">{real ?? '…'}</td>
                <td>
                  {real === undefined ? (
                    <span className="field__hint">not drawn yet</span>
                  ) : (
                    <Verdict ok={drawn!.comparison.matches[i]!} yes="same" no="different" />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function DrawVerdict({ drawn }: { drawn: { values: number[]; comparison: ActualComparison } }) {
  const hits = drawn.comparison.matches.filter(Boolean).length;
  const all = hits === drawn.values.length;
  return (
    <Callout tone={all ? 'danger' : 'note'} title={all ? 'Predicted' : 'Not all predicted'}>
      <Verdict
        ok={all}
        yes={`${hits} of ${drawn.values.length} predicted exactly`}
        no={`${hits} of ${drawn.values.length} predicted`}
      />
      {drawn.comparison.offset
        ? ` The page itself used ${drawn.comparison.offset} values between the prediction and the draw; they were predicted too.`
        : ''}{' '}
      Math.random is for simulations and games. For anything an attacker must not guess, use{' '}
      <code>crypto.getRandomValues()</code> or <code>crypto.randomUUID()</code>.
    </Callout>
  );
}
