/** Attacking a verifying server: recover its HMAC tag byte by byte from response times. */
import { useMemo, useState } from 'react';
import { Callout, Verdict } from '../../ui/Callout';
import { Chart } from '../../ui/Chart';
import { ChartFrame } from '../../ui/ChartFrame';
import { Choice } from '../../ui/Choice';
import { TextField } from '../../ui/Field';
import { ProgressBar } from '../../ui/ProgressBar';
import { ScriptExport } from '../../ui/ScriptExport';
import { formatDuration } from '../../ui/format';
import { useLabAction, useLabChoice, useLabParam, useLabResults } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import { useWorkerJob } from '../../ui/use-worker-job';
import type { AttackProgress, CandidatePoint, PositionRecord } from './core/attack';
import { NOISE_PRESETS, findPreset } from './core/noise';
import { formatNs, parseServerSettings } from './core/params';
import { attackScript, type AttackScriptInput } from './core/script';
import type { TimingApi } from './timing.worker';
import { TIMING } from './lab';
import { JobButtons, JobError } from '../../ui/JobControls';
import { formatNumber } from '../../core/number-format';

function tagSoFar(found: number[], tagBytes: number): string {
  const hex = found.map((b) => b.toString(16).padStart(2, '0'));
  while (hex.length < tagBytes) hex.push('??');
  return hex.join(' ');
}

export function AttackSection() {
  const [compare, setCompare] = useLabChoice(TIMING, 'compare');
  const [network, setNetwork] = useLabChoice(TIMING, 'network');
  const [clock, setClock] = useLabChoice(TIMING, 'clock');
  const [perByteText, setPerByte] = useLabParam(TIMING, 'perByte');
  const [customJitter, setCustomJitter] = useLabParam(TIMING, 'jitter');
  const [tagText, setTagText] = useLabParam(TIMING, 'tagBytes');
  const [seedText, setSeedText] = useLabParam(TIMING, 'seed');
  /** The settings of the run on screen, for its take-home script. */
  const [ran, setRan] = useState<Omit<AttackScriptInput, 'tagHex'> | null>(null);
  const worker = useWorker<TimingApi>(
    () => new Worker(new URL('./timing.worker.ts', import.meta.url), { type: 'module' }),
  );
  const job = useWorkerJob<TimingApi['attack']['result'], TimingApi['attack']['progress']>(worker, {
    stopOnRestart: true,
    transition: true,
  });
  const run = job.state;
  const preset = findPreset(network);
  const jitterText = preset ? formatNs(preset.jitterNs) : customJitter;
  const { perByte, jitter, tagBytes, seed } = parseServerSettings({
    perByte: perByteText,
    jitter: jitterText,
    tagBytes: tagText,
    seed: seedText,
  });
  const valid = perByte.ok && jitter.ok && tagBytes.ok && seed.ok;

  const start = () => {
    if (!perByte.ok || !jitter.ok || !tagBytes.ok || !seed.ok) return;
    const request = {
      tagBytes: tagBytes.value,
      perByteNs: perByte.value,
      jitterNs: jitter.value,
      baseNs: preset?.baseNs,
      compare,
      clock,
      maxQueries: clock === 'real' ? 2_000_000 : 50_000_000,
      seed: seed.value,
    };
    setRan({ compare, perByteNs: perByte.value, jitterNs: jitter.value, baseNs: preset?.baseNs });
    job.start((progress) => worker.call('attack', request, progress));
  };
  useLabAction(TIMING, 'demo', start);
  useLabAction(TIMING, 'attack', start);
  const exported = useMemo(() => (run.status === 'done' ? { attack: run.value } : null), [run]);
  useLabResults(exported);

  const live: AttackProgress | null =
    run.status === 'running' || run.status === 'cancelled'
      ? run.progress
      : run.status === 'done'
        ? toProgress(run.value)
        : null;
  const T = tagBytes.ok ? tagBytes.value : 0;

  return (
    <section className="card" aria-labelledby="attack-heading">
      <h2 id="attack-heading">Attack a server that checks tags with ==</h2>
      <p>
        The server (in a worker) holds a secret key and expects the HMAC-SHA256 tag of{' '}
        <code>transfer?to=alice&amp;amount=100</code>, cut to the tag length. It answers every guess
        with “valid” or “invalid”. The attacker only sees how long each answer took.
      </p>
      <div className="row">
        <Choice
          label="The server compares with"
          value={compare}
          options={[
            { value: 'early-exit', label: 'Early exit (==)' },
            { value: 'constant-time', label: 'Constant time' },
          ]}
          onChange={setCompare}
        />
        <Choice
          label="Attacker sits on"
          value={network}
          options={[
            ...NOISE_PRESETS.map((p) => ({ value: p.id, label: p.label })),
            { value: 'custom' as const, label: 'Custom' },
          ]}
          onChange={setNetwork}
        />
      </div>
      {preset && <p className="field__hint">{preset.note}</p>}
      <div className="row timing-fields">
        <TextField
          label="Cost per compared byte"
          value={perByteText}
          onChange={setPerByte}
          error={perByte.ok ? undefined : perByte.error.message}
          hint="From 50 ms (the classic exercise) down to a few ns (a real compare)."
        />
        <TextField
          label="Network jitter (σ)"
          value={jitterText}
          onChange={(text) => {
            setNetwork('custom');
            setCustomJitter(text);
          }}
          error={jitter.ok ? undefined : jitter.error.message}
          hint="σ (sigma): the spread, as a standard deviation, of the random delay the network adds to each answer; about two answers in three land within σ of the average. Editing it switches to Custom."
        />
        <TextField
          label="Tag length (bytes)"
          value={tagText}
          onChange={setTagText}
          error={tagBytes.ok ? undefined : tagBytes.error.message}
        />
      </div>
      <div className="row">
        <Choice
          label="Clock"
          value={clock}
          options={[
            { value: 'simulated', label: 'Simulated (hours in seconds)' },
            { value: 'real', label: 'Real (really waits)' },
          ]}
          onChange={setClock}
        />
        <TextField
          label="Seed"
          value={seedText}
          onChange={setSeedText}
          error={seed.ok ? undefined : seed.error.message}
          hint="Blank: a fresh key, noise and attacker each run. A number repeats a run exactly (simulated clock), like the CLI's --seed."
        />
        <JobButtons
          job={job}
          label="Attack the server"
          cancelLabel="Cancel attack"
          onStart={start}
          disabled={!valid}
        />
      </div>
      {clock === 'real' && (
        <p className="field__hint">
          Each query really waits for its compare and jitter and is timed with performance.now().
          Below a few microseconds per byte the timer’s step swamps the signal: try 20 µs per byte,
          the same-machine preset and a 2-byte tag.
        </p>
      )}
      <JobError state={run} />
      {live && (
        <div className="timing-live" aria-live="polite">
          <ProgressBar
            label="Bytes recovered"
            finished={run.status !== 'running'}
            value={live.found.length}
            max={T}
            detail={`${live.found.length} of ${T} bytes · ${formatNumber(live.queries)} queries`}
          />
          <dl className="timing-facts">
            <div>
              <dt>Tag so far</dt>
              <dd className="mono" aria-label="Tag so far">
                {tagSoFar(live.found, T)}
              </dd>
            </div>
            <div>
              <dt>Queries</dt>
              <dd>{formatNumber(live.queries)}</dd>
            </div>
            <div>
              <dt>Confidence (last byte)</dt>
              <dd>{live.confidence === null ? '—' : `${(live.confidence * 100).toFixed(2)}%`}</dd>
            </div>
            <div>
              <dt>Backtracks</dt>
              <dd>{live.backtracks}</dd>
            </div>
          </dl>
          <p className="field__hint">
            Each byte is found with a <strong>sequential test</strong> (Wald’s): the attacker keeps
            timing a candidate, a sample at a time, only until the evidence says “one compared byte
            slower” or “not”, so wrong guesses cost a few queries and noisy settings many more.{' '}
            <strong>Confidence</strong> is how sure that test was of the last byte it accepted. A{' '}
            <strong>backtrack</strong> is a step back: when no candidate at a position is slower, an
            earlier byte must have been wrong, so it is banned and redone.
          </p>
        </div>
      )}
      {run.status === 'cancelled' && <p role="status">Attack cancelled; the worker was stopped.</p>}
      {run.status === 'done' && <AttackOutcome report={run.value} />}
      {run.status === 'done' && ran && (
        <ScriptExport
          name="timing_attack"
          python={attackScript({ ...ran, tagHex: run.value.secretHex })}
        />
      )}
      {live && live.positions.length > 0 && <Staircase positions={live.positions} />}
      {live && live.current.length > 0 && (
        <CandidateChart
          points={live.current}
          chosen={run.status === 'done' ? (run.value.positions.at(-2) ?? null) : null}
          position={live.position}
        />
      )}
    </section>
  );
}

function toProgress(report: TimingApi['attack']['result']): AttackProgress {
  return {
    found: report.found,
    position: report.positions.length,
    queries: report.queries,
    backtracks: report.backtracks,
    tried: 0,
    confidence: report.positions.at(-1)?.confidence ?? null,
    positions: report.positions,
    current:
      report.positions.length > 1
        ? report.positions.at(-2)!.candidates
        : (report.positions.at(-1)?.candidates ?? []),
    events: report.events,
  };
}

function AttackOutcome({ report }: { report: TimingApi['attack']['result'] }) {
  const simulated = report.clock === 'simulated';
  return (
    <div className="timing-outcome" id="attack-result">
      <p>
        {report.recovered || report.verdict.tone === 'success' ? (
          <Verdict
            ok={!report.recovered}
            yes="The tag was not recovered"
            no="Tag recovered: the server accepted the forged tag"
          />
        ) : (
          // Not recovered here, but the compare leaks: never a green badge for ==.
          <span className="verdict verdict--warn">
            ! Not recovered here; the compare still leaks
          </span>
        )}
      </p>
      <p>{report.summary}</p>
      <dl className="timing-facts">
        <div>
          <dt>Recovered</dt>
          <dd className="mono">{report.recoveredHex || '—'}</dd>
        </div>
        <div>
          <dt>The server’s tag</dt>
          <dd className="mono">{report.secretHex}</dd>
        </div>
        <div>
          <dt>{simulated ? 'Time on a real network' : 'Time measured'}</dt>
          <dd>{formatDuration(report.elapsedSeconds * 1000)}</dd>
        </div>
        <div>
          <dt>Time here</dt>
          <dd>{formatDuration(report.elapsedMs)}</dd>
        </div>
        {report.seed !== null && (
          <div>
            <dt>Seed</dt>
            <dd>{report.seed}</dd>
          </div>
        )}
        {report.model && (
          <div>
            <dt>Attacker’s estimate</dt>
            <dd>
              {formatNs(report.model.deltaNs)} per byte, noise σ {formatNs(report.model.sigmaNs)}
            </dd>
          </div>
        )}
      </dl>
      <Callout tone={report.verdict.tone} title={report.verdict.title}>
        {report.verdict.text}
      </Callout>
    </div>
  );
}

function Staircase({ positions }: { positions: PositionRecord[] }) {
  const timed = positions.filter((p) => p.method !== 'server accepted');
  return (
    <ChartFrame
      id="attack-staircase"
      title="Each right byte makes the answer slower"
      caption="Mean time of the chosen guess at each position, against a wrong guess there. The last byte is not timed: the server’s “valid” gives it away."
      table={{
        columns: [
          'position',
          'byte',
          'right guess',
          'wrong guess',
          'queries',
          'confidence',
          'decided by',
        ],
        rows: positions.map((p) => [
          p.position,
          p.byte.toString(16).padStart(2, '0'),
          formatNs(p.levelNs),
          formatNs(p.wrongLevelNs),
          p.queries,
          `${(p.confidence * 100).toFixed(2)}%`,
          p.method,
        ]),
      }}
      exportName="timing-attack-positions"
      json={positions.map(({ candidates, ...rest }) => ({
        ...rest,
        candidatesTried: candidates.length,
      }))}
      height={240}
    >
      <Chart
        x={{ label: 'position', integer: true }}
        y={{ format: formatNs }}
        series={[
          {
            kind: 'line',
            name: 'right guess',
            color: 'var(--accent)',
            points: timed.map((p) => ({ x: p.position, y: p.levelNs })),
          },
          {
            kind: 'line',
            name: 'wrong guess',
            color: 'var(--muted)',
            dashed: true,
            points: timed.map((p) => ({ x: p.position, y: p.wrongLevelNs })),
          },
        ]}
      />
    </ChartFrame>
  );
}

function CandidateChart({
  points,
  chosen,
  position,
}: {
  points: CandidatePoint[];
  chosen: PositionRecord | null;
  position: number;
}) {
  const shown = chosen ? chosen.position : position;
  const best = chosen?.byte;
  return (
    <ChartFrame
      title={`Candidates tried for byte ${shown}`}
      caption="Mean time of each guess tried (a dot per candidate; bigger: more samples). Wrong guesses are dropped after a few samples."
      table={{
        columns: ['candidate', 'mean time', 'samples'],
        rows: points.map((p) => [
          p.byte.toString(16).padStart(2, '0') + (p.byte === best ? ' (chosen)' : ''),
          formatNs(p.meanNs),
          p.samples,
        ]),
      }}
      exportName={`timing-attack-byte-${shown}`}
      height={240}
    >
      <Chart
        x={{ label: 'candidate byte', domain: [0, 255], integer: true }}
        y={{ format: formatNs }}
        legend={best !== undefined}
        series={[
          {
            kind: 'scatter',
            name: 'wrong',
            color: 'var(--muted)',
            points: points
              .filter((p) => p.byte !== best)
              .map((p) => ({ x: p.byte, y: p.meanNs, size: p.samples })),
          },
          ...(best === undefined
            ? []
            : [
                {
                  kind: 'scatter' as const,
                  name: 'chosen',
                  color: 'var(--accent)',
                  shape: 'diamond' as const,
                  points: points
                    .filter((p) => p.byte === best)
                    .map((p) => ({ x: p.byte, y: p.meanNs, size: p.samples })),
                },
              ]),
        ]}
      />
    </ChartFrame>
  );
}
