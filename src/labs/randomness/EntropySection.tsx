/** Token generators side by side: statistics, bitmaps, and the bits an attacker really has to guess. */
import { useEffect, useRef, useState } from 'react';
import { Callout, Verdict } from '../../ui/Callout';
import { Chart } from '../../ui/Chart';
import { ChartFrame } from '../../ui/ChartFrame';
import { TextField } from '../../ui/Field';
import { useLabAction, useLabParam } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import { useWorkerJob } from '../../ui/use-worker-job';
import type { GeneratorReport } from './core/entropy';
import { parseAlphabet, parseLength } from './core/key-format';
import { SIGNIFICANCE, type TestResult } from './core/bit-tests';
import { statisticsSummary } from './core/entropy-summary';
import type { RandomnessApi } from './randomness.worker';
import { RANDOMNESS } from './lab';
import { TableScroll } from '../../ui/TableScroll';
import { JobError, JobProgress } from '../../ui/JobControls';

/** Typing in the inputs measures again this long after the user stops. */
const TYPING_PAUSE_MS = 200;
/** The generators compared (the count the progress bar shows before the first report). */
const GENERATORS = 5;

const formatP = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));

export function EntropySection() {
  const [alphabetText, setAlphabet] = useLabParam(RANDOMNESS, 'tokenAlphabet');
  const [lengthText, setLength] = useLabParam(RANDOMNESS, 'tokenLength');
  const alphabet = parseAlphabet(alphabetText);
  const length = parseLength(lengthText, 256);
  const symbolsOk = alphabet.ok && Array.from(alphabet.value).length <= 256;
  const worker = useWorker<RandomnessApi>(
    () => new Worker(new URL('./randomness.worker.ts', import.meta.url), { type: 'module' }),
  );
  const job = useWorkerJob<GeneratorReport[], { index: number; total: number }>(worker, {
    debounceMs: TYPING_PAUSE_MS,
  });
  const measure = job.state;

  const alphabetValue = alphabet.ok && symbolsOk ? alphabet.value : null;
  const lengthValue = length.ok ? length.value : null;
  /** Bumped by the "measure" action to run again with the same inputs. */
  const [round, setRound] = useState(0);
  const { start, drop } = job;
  useEffect(() => {
    if (alphabetValue === null || lengthValue === null) {
      drop();
      return;
    }
    const request = { alphabet: alphabetValue, length: lengthValue };
    start((progress) => worker.call('entropy', request, progress));
  }, [alphabetValue, lengthValue, worker, round, start, drop]);
  useLabAction(RANDOMNESS, 'measure', () => setRound((r) => r + 1));

  return (
    <section className="card" aria-labelledby="entropy-heading">
      <h2 id="entropy-heading">Entropy: what the statistics cannot see</h2>
      <p>
        Five ways to make a token, each tested on 64 KiB of its own output with standard tests (NIST
        SP 800-22 monobit and runs, and a chi-square on byte values). A p-value below {SIGNIFICANCE}{' '}
        fails, which even a perfect generator does in one test out of a hundred. Then the column
        that matters: how many bits an attacker really has to guess.
      </p>
      <div className="row">
        <TextField
          label="Token alphabet"
          value={alphabetText}
          onChange={setAlphabet}
          monospace
          error={
            !alphabet.ok ? alphabet.error.message : symbolsOk ? null : 'Use at most 256 characters.'
          }
        />
        <div style={{ flex: '0 1 9rem' }}>
          <TextField
            label="Token length"
            value={lengthText}
            onChange={setLength}
            type="number"
            error={length.ok ? null : length.error.message}
          />
        </div>
      </div>
      <JobProgress
        state={measure}
        label="Measuring generators"
        show={(progress) => {
          const [index, total] = [progress?.index ?? 0, progress?.total ?? GENERATORS];
          return { value: index, max: total, detail: `${index} of ${total} generators` };
        }}
      />
      <JobError state={measure} />
      {measure.status === 'done' && <EntropyResults reports={measure.value} />}
    </section>
  );
}

function TestLine({ name, result }: { name: string; result: TestResult }) {
  return (
    <div className="randomness-test">
      <Verdict ok={result.passed} yes={name} no={name} />{' '}
      <span className="field__hint mono">{formatP(result.pValue)}</span>
    </div>
  );
}

function EntropyResults({ reports }: { reports: GeneratorReport[] }) {
  const bitsTable = {
    columns: ['Generator', 'Keyspace (bits)', 'Attacker must guess (bits)'],
    rows: reports.map((r) => [r.label, +r.keyspaceBits.toFixed(1), +r.attackerBits.toFixed(1)]),
  };
  const pTable = {
    columns: ['Generator', 'Monobit p', 'Runs p', 'Chi-square p'],
    rows: reports.map((r) => [
      r.label,
      +r.tests.monobit.pValue.toFixed(4),
      +r.tests.runs.pValue.toFixed(4),
      +r.tests.chiSquare.pValue.toFixed(4),
    ]),
  };
  const short = (label: string) => label.replace('Seeded with the time', 'seed(time)');
  const names = reports.map((r) => short(r.label));
  return (
    <div className="stack">
      <TableScroll label="Token generators compared" id="entropy-table">
        <table aria-label="Token generators compared">
          <thead>
            <tr>
              <th scope="col">Generator and a sample token</th>
              <th scope="col">Attacker must guess</th>
              <th scope="col">Repeats in a burst</th>
              <th scope="col">Entropy (bits/byte)</th>
              <th scope="col">Statistical tests (p-value)</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id}>
                <th scope="row" className="randomness-generator">
                  {r.label}
                  <div className="field__hint mono">{r.code}</div>
                  <div className="digest">{r.tokens[0]}</div>
                </th>
                <td className="randomness-attacker">
                  <strong>{r.attackerBits.toFixed(1)} bits</strong>
                  <div className="field__hint">{r.attackerNote}</div>
                </td>
                <td>
                  <Verdict
                    ok={r.burst.distinct === r.burst.made}
                    yes="none"
                    no={`${r.burst.made - r.burst.distinct} of ${r.burst.made}`}
                  />
                </td>
                <td className="mono">{r.entropyPerByte.toFixed(4)}</td>
                <td>
                  <TestLine name="monobit" result={r.tests.monobit} />
                  <TestLine name="runs" result={r.tests.runs} />
                  <TestLine name="chi-square" result={r.tests.chiSquare} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="randomness-summary" aria-live="polite" id="entropy-summary">
        {statisticsSummary(reports).sentences.join(' ')}
      </p>
      <p className="field__hint">
        Repeats: 1,000 tokens made in a burst, as a busy server would over 10 seconds. Keyspace of
        the token format: {reports[0]!.keyspaceBits.toFixed(1)} bits. Below, the first 16,384 output
        bits of each generator (a dark pixel is a 1): can you tell which are predictable?
      </p>
      <div className="randomness-bitmaps">
        {reports.map((r) => (
          <Bitmap key={r.id} bytes={r.bitmap} label={short(r.label)} />
        ))}
      </div>
      <ChartFrame
        title="Bits an attacker has to guess"
        caption="Against the keyspace the token format promises. Statistics are the same for all five."
        table={bitsTable}
        exportName="randomness-attacker-bits"
        json={reports.map((r) => ({
          generator: r.label,
          keyspaceBits: r.keyspaceBits,
          attackerBits: r.attackerBits,
          note: r.attackerNote,
        }))}
      >
        <Chart
          categories={names}
          y={{ format: (v) => `${v} b`, valueFormat: (v) => `${v.toFixed(1)} bits` }}
          series={[
            {
              kind: 'bar',
              name: 'Keyspace of the format',
              color: 'var(--muted)',
              values: reports.map((r) => r.keyspaceBits),
            },
            {
              kind: 'bar',
              name: 'Attacker must guess',
              color: 'var(--accent)',
              values: reports.map((r) => r.attackerBits),
            },
          ]}
        />
      </ChartFrame>
      <ChartFrame
        title="Test p-values"
        caption={`Every bar above the line at ${SIGNIFICANCE} passes: predictable or not.`}
        table={pTable}
        exportName="randomness-p-values"
      >
        <Chart
          categories={names}
          y={{ domain: [0, 1], valueFormat: formatP }}
          references={[
            { y: SIGNIFICANCE, color: 'var(--bad)', label: `p = ${SIGNIFICANCE}: below fails` },
          ]}
          series={[
            {
              kind: 'bar',
              name: 'Monobit',
              color: 'var(--accent)',
              values: reports.map((r) => r.tests.monobit.pValue),
            },
            {
              kind: 'bar',
              name: 'Runs',
              color: 'var(--ok)',
              values: reports.map((r) => r.tests.runs.pValue),
            },
            {
              kind: 'bar',
              name: 'Chi-square',
              color: 'var(--warn)',
              values: reports.map((r) => r.tests.chiSquare.pValue),
            },
          ]}
        />
      </ChartFrame>
      <Callout tone="warning" title="Passing statistics is not security">
        Mersenne Twister and xorshift128+ pass these tests, as they were designed to: they are good
        for simulations. Their outputs give away their state, and a time seed gives away the key.
        Tests measure how the output looks, not whether someone can compute it. For keys, tokens and
        passwords use <code>secrets</code> in Python and <code>crypto.getRandomValues</code> or{' '}
        <code>crypto.randomUUID</code> in JavaScript.
      </Callout>
    </div>
  );
}

/** 16,384 output bits as a 128 × 128 picture: a dark pixel is a 1. */
function Bitmap({ bytes, label }: { bytes: Uint8Array; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    // The 1 bits as an opaque mask, coloured in one fill ('source-in'): the same pixels as a
    // 1×1 fillRect per bit, which took 70–110 ms of main thread per picture at 4× CPU slowdown.
    const mask = new ImageData(128, 128);
    for (let i = 0; i < 128 * 128; i++) {
      if ((bytes[i >>> 3]! >>> (7 - (i & 7))) & 1) mask.data[i * 4 + 3] = 255;
    }
    const ink = document.createElement('canvas');
    ink.width = 128;
    ink.height = 128;
    const inkContext = ink.getContext('2d');
    const draw = () => {
      if (!inkContext) return;
      const style = getComputedStyle(element);
      // putImageData replaces the pixels whatever the composite operation.
      inkContext.putImageData(mask, 0, 0);
      inkContext.globalCompositeOperation = 'source-in';
      inkContext.fillStyle = style.color;
      inkContext.fillRect(0, 0, 128, 128);
      context.fillStyle = style.backgroundColor;
      context.fillRect(0, 0, 128, 128);
      context.drawImage(ink, 0, 0);
    };
    draw();
    // Redraw in the other theme's colours when the theme changes.
    const observer = new MutationObserver(draw);
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });
    return () => observer.disconnect();
  }, [bytes]);
  return (
    <figure className="randomness-bitmap">
      <canvas
        ref={canvas}
        width={128}
        height={128}
        role="img"
        aria-label={`${label}: the first 16,384 output bits as a 128 by 128 image`}
      />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
