/**
 * "Ask the server yourself": the learner's own guessed tags, one or a batch at a time, sent to a
 * timing server in the worker that keeps its key between requests (the same server settings and
 * seed as the attack above). Every measured time comes back from the worker, with the requests
 * so far; this file lays them out as a table and a chart.
 */
import { useEffect } from 'react';
import { Callout, Verdict } from '../../ui/Callout';
import { Chart } from '../../ui/Chart';
import { ChartFrame } from '../../ui/ChartFrame';
import { TextField } from '../../ui/Field';
import { JobError } from '../../ui/JobControls';
import { TableScroll } from '../../ui/TableScroll';
import { useLabChoice, useLabParam } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import { shownValue, useWorkerJob } from '../../ui/use-worker-job';
import { parseBatchSize, parseGuess, type AskHistory } from './core/ask';
import { findPreset } from './core/noise';
import { formatNs, parseServerSettings } from './core/params';
import type { TimingApi } from './timing.worker';
import { TIMING } from './lab';
import { formatNumber } from '../../core/number-format';

/** The chart draws the last this many queries (a few hundred elements at most). */
const CHARTED = 400;

export function AskSection() {
  const [compare] = useLabChoice(TIMING, 'compare');
  const [network] = useLabChoice(TIMING, 'network');
  const [perByteText] = useLabParam(TIMING, 'perByte');
  const [customJitter] = useLabParam(TIMING, 'jitter');
  const [tagText] = useLabParam(TIMING, 'tagBytes');
  const [seedText] = useLabParam(TIMING, 'seed');
  const [guessText, setGuessText] = useLabParam(TIMING, 'askGuess');
  const [countText, setCountText] = useLabParam(TIMING, 'askCount');
  const worker = useWorker<TimingApi>(
    () => new Worker(new URL('./timing.worker.ts', import.meta.url), { type: 'module' }),
  );
  const server = useWorkerJob<{ tagBytes: number }>(worker);
  const ask = useWorkerJob<AskHistory>(worker);

  const preset = findPreset(network);
  const { perByte, jitter, tagBytes, seed } = parseServerSettings({
    perByte: perByteText,
    jitter: preset ? formatNs(preset.jitterNs) : customJitter,
    tagBytes: tagText,
    seed: seedText,
  });
  const settingsOk = perByte.ok && jitter.ok && tagBytes.ok && seed.ok;
  const scenario = settingsOk
    ? {
        tagBytes: tagBytes.value,
        perByteNs: perByte.value,
        jitterNs: jitter.value,
        baseNs: preset?.baseNs,
        compare,
        seed: seed.value,
      }
    : null;
  const key = scenario ? JSON.stringify(scenario) : null;

  // A new server (and an empty table) whenever its settings change.
  const { start: startServer } = server;
  const { reset: resetAsk } = ask;
  useEffect(() => {
    if (key === null) return;
    resetAsk();
    const request = JSON.parse(key) as TimingApi['ask-start']['payload'];
    startServer(() => worker.call('ask-start', request));
  }, [key, worker, startServer, resetAsk]);

  const running = server.state.status === 'done' ? server.state.value : null;
  const guess = running ? parseGuess(guessText, running.tagBytes) : null;
  const count = parseBatchSize(countText);
  const guessError = guessText.trim() !== '' && guess && !guess.ok ? guess.error.message : null;
  const canSend = guess !== null && guess.ok && count.ok && ask.state.status !== 'running';
  const history = shownValue(ask.state);
  const last = history?.batches.at(-1) ?? null;

  return (
    <section className="card" aria-labelledby="timing-ask-heading">
      <h2 id="timing-ask-heading">Ask the server yourself</h2>
      <p>
        The server above, with the settings above (compare, where the attacker sits, cost per byte,
        tag length, seed), answers your own guesses. Send a guessed tag once or many times and see
        how long each answer took; guesses whose first bytes are right take longer against{' '}
        <code>==</code>. “Attack the server”, above, shows you the automatic attack on the same
        server (with a seed, the same key).
      </p>
      {!settingsOk && (
        <p className="field__error" role="alert">
          Fix the server’s settings above first.
        </p>
      )}
      <form
        className="stack"
        aria-label="Your guesses to the timing server"
        onSubmit={(event) => {
          event.preventDefault();
          if (!guess?.ok || !count.ok) return;
          const request = { guess: guess.value, count: count.value };
          ask.start(() => worker.call('ask', request));
        }}
      >
        <div className="row timing-fields">
          <TextField
            label="Guessed tag (hex)"
            value={guessText}
            onChange={setGuessText}
            monospace
            error={guessError}
            hint={
              running ? `${running.tagBytes} bytes, ${running.tagBytes * 2} hex digits.` : undefined
            }
          />
          <TextField
            label="Times to send it"
            value={countText}
            onChange={setCountText}
            error={count.ok ? null : count.error.message}
            hint="1 to 1,000: a batch shows the spread the noise adds."
          />
        </div>
        <div className="row">
          <button type="submit" className="button" disabled={!canSend}>
            Send the guess
          </button>
          <button
            type="button"
            className="button button--ghost"
            disabled={!history || history.batches.length === 0}
            onClick={() => ask.start(() => worker.call('ask-clear', null))}
          >
            Clear my queries
          </button>
        </div>
      </form>
      <JobError state={server.state} />
      <JobError state={ask.state} />
      <div aria-live="polite">
        {last && (
          <div role="region" aria-label="The server’s last answer">
            <Callout tone={last.accepted ? 'danger' : 'note'} title="The server’s last answer">
              <p>
                {last.accepted ? (
                  <Verdict ok={false} yes="" no="Valid: the server accepted this tag" />
                ) : (
                  <Verdict ok yes="Invalid" no="" />
                )}{' '}
                {last.guessHex}, sent {last.queries.length}{' '}
                {last.queries.length === 1 ? 'time' : 'times'}: median {formatNs(last.medianNs)}{' '}
                (from {formatNs(last.minNs)} to {formatNs(last.maxNs)}).
              </p>
            </Callout>
          </div>
        )}
      </div>
      {history && history.batches.length > 0 && <AskedView history={history} />}
    </section>
  );
}

function AskedView({ history }: { history: AskHistory }) {
  const queries = history.batches.flatMap((b) => b.queries);
  const charted = queries.slice(-CHARTED);
  return (
    <div className="stack">
      <TableScroll label="Your requests">
        <table>
          <caption>Your requests ({formatNumber(history.answered)} queries answered)</caption>
          <thead>
            <tr>
              <th scope="col">Guess</th>
              <th scope="col">Sent</th>
              <th scope="col">Median</th>
              <th scope="col">Fastest</th>
              <th scope="col">Slowest</th>
              <th scope="col">Server said</th>
            </tr>
          </thead>
          <tbody>
            {history.batches.map((b) => (
              <tr key={b.queries[0]!.index}>
                <td className="digest">{b.guessHex}</td>
                <td>{b.queries.length}</td>
                <td>{formatNs(b.medianNs)}</td>
                <td>{formatNs(b.minNs)}</td>
                <td>{formatNs(b.maxNs)}</td>
                <td>{b.accepted ? 'valid' : 'invalid'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <ChartFrame
        title="Your queries’ response times"
        caption={`Each answer's measured time, in the order sent${queries.length > CHARTED ? ` (the last ${CHARTED})` : ''}.`}
        table={{
          columns: ['query', 'guess', 'time', 'server said'],
          rows: queries.map((q) => [
            q.index,
            q.guessHex,
            formatNs(q.ns),
            q.accepted ? 'valid' : 'invalid',
          ]),
        }}
        exportName="timing-my-queries"
        json={queries}
        height={220}
      >
        <Chart
          x={{ label: 'query', integer: true }}
          y={{ format: formatNs }}
          series={[
            {
              kind: 'scatter',
              name: 'invalid',
              color: 'var(--muted)',
              points: charted.filter((q) => !q.accepted).map((q) => ({ x: q.index, y: q.ns })),
            },
            {
              kind: 'scatter',
              name: 'valid',
              color: 'var(--accent)',
              shape: 'diamond',
              points: charted.filter((q) => q.accepted).map((q) => ({ x: q.index, y: q.ns })),
            },
          ]}
        />
      </ChartFrame>
    </div>
  );
}
