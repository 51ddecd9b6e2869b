/** Brute-forcing time seeds: make a key the way a victim did, then search the window of seeds. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Callout, Verdict } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { CopyButton } from '../../ui/CopyButton';
import { TextField } from '../../ui/Field';
import { formatDuration } from '../../ui/format';
import { useLabAction, useLabChoice, useLabParam } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import { useWorkerJob } from '../../ui/use-worker-job';
import { ScriptExport } from '../../ui/ScriptExport';
import { parseLength } from './core/key-format';
import { seedSearchScript } from './core/script';
import type { SeedScenario } from './core/seed-scenario';
import { parseSeedSearch, type SeedSearchProgress, type SeedSearchQuery } from './core/seed-search';
import type { RandomnessApi, SeedSearchOutcome } from './randomness.worker';
import { RANDOMNESS } from './lab';
import { JobButtons, JobError, JobProgress } from '../../ui/JobControls';
import { formatNumber } from '../../core/number-format';

const BASE36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** The shared CPython vector: random.seed(1700001389), then 32 choices from BASE36. */
const SAMPLE_KEY = 'bhhyw1x42b9xdr875acxm1sufltmn5mq';

interface Searched {
  outcome: SeedSearchOutcome;
  key: string;
  query: SeedSearchQuery;
}

const rate = (perSecond: number) =>
  perSecond >= 1e6
    ? `${(perSecond / 1e6).toFixed(2)} million seeds/s`
    : `${formatNumber(Math.round(perSecond))} seeds/s`;

function describeSeed(seed: number): string {
  const date = new Date(seed * 1000);
  if (!Number.isFinite(date.getTime()) || Math.abs(seed) > 8.64e12) return '';
  return ` (${date.toISOString().replace('T', ' ').replace('.000Z', ' UTC')})`;
}

export function SeedSearchSection() {
  const [scenarioId, setScenarioId] = useLabChoice(RANDOMNESS, 'seeds');
  const [lengthText, setLength] = useLabParam(RANDOMNESS, 'seedLength');
  const [fromText, setFrom] = useLabParam(RANDOMNESS, 'from');
  const [toText, setTo] = useLabParam(RANDOMNESS, 'to');
  const [alphabetText, setAlphabet] = useLabParam(RANDOMNESS, 'seedAlphabet');
  // The key being searched for is the victim's secret: kept in memory, never in the address.
  const [customKey, setCustomKey] = useState(SAMPLE_KEY);
  /** A guided step asked for a search before the victim's key was ready. */
  const [searchWanted, setSearchWanted] = useState(false);
  const length = parseLength(lengthText, 200);
  const victims = useWorker<RandomnessApi>(
    () => new Worker(new URL('./randomness.worker.ts', import.meta.url), { type: 'module' }),
  );
  const searcher = useWorker<RandomnessApi>(
    () => new Worker(new URL('./randomness.worker.ts', import.meta.url), { type: 'module' }),
  );
  const victimJob = useWorkerJob<SeedScenario>(victims);
  const searchJob = useWorkerJob<Searched, SeedSearchProgress>(searcher, { stopOnRestart: true });
  const search = searchJob.state;
  const scenario = victimJob.state.status === 'done' ? victimJob.state.value : null;

  // A demo scenario gets a fresh victim key whenever it is chosen; a search of the old key stops.
  const lengthValue = length.ok ? length.value : null;
  const { start: startVictim, reset: resetVictim } = victimJob;
  const { cancel: cancelSearch, reset: resetSearch } = searchJob;
  useEffect(() => {
    cancelSearch();
    resetSearch();
    if (scenarioId === 'custom' || lengthValue === null) {
      resetVictim();
      return;
    }
    const request = { id: scenarioId, alphabet: BASE36, length: lengthValue };
    startVictim(() => victims.call('seed-scenario', request));
  }, [scenarioId, lengthValue, victims, startVictim, resetVictim, cancelSearch, resetSearch]);

  const custom = useMemo(
    () => parseSeedSearch({ from: fromText, to: toText, alphabet: alphabetText, key: customKey }),
    [fromText, toText, alphabetText, customKey],
  );
  const query = useMemo(
    () =>
      scenarioId === 'custom'
        ? custom.ok
          ? custom.value
          : null
        : scenario && scenario.id === scenarioId
          ? { from: scenario.from, to: scenario.to, alphabet: scenario.alphabet, key: scenario.key }
          : null,
    [scenarioId, custom, scenario],
  );

  const { start: startSearch } = searchJob;
  const startWith = useCallback(
    (query: SeedSearchQuery) =>
      startSearch(async (progress) => ({
        outcome: await searcher.call('seed-search', query, progress),
        key: query.key,
        query,
      })),
    [startSearch, searcher],
  );
  const start = () => {
    if (query) startWith(query);
    else setSearchWanted(true);
  };
  useLabAction(RANDOMNESS, 'seed-search', start);
  useEffect(() => {
    if (!searchWanted || !query) return;
    setSearchWanted(false);
    startWith(query);
  }, [searchWanted, query, startWith]);

  const fieldError = (code: string) =>
    scenarioId === 'custom' && !custom.ok && custom.error.code.startsWith(code)
      ? custom.error.message
      : null;

  return (
    <section className="card" aria-labelledby="seeds-heading">
      <h2 id="seeds-heading">Time seeds: search every second</h2>
      <p>
        <code>random.seed(int(time.time()))</code> turns a key into a function of one number that an
        attacker can guess to within a day, or a few minutes. Trying every second of a day is 86,400
        seeds. Each try only seeds the generator and computes the first outputs the key needs, and
        stops at the first wrong letter.
      </p>
      <div className="stack">
        <Choice
          label="The key was made"
          value={scenarioId}
          onChange={setScenarioId}
          options={[
            { value: 'time', label: 'after seed(time), today' },
            { value: 'boot', label: 'at boot, clock at 1970' },
            { value: 'secrets', label: 'with secrets (the fix)' },
            { value: 'custom', label: 'by you' },
          ]}
        />
        {scenarioId === 'custom' ? (
          <div className="stack">
            <pre className="randomness-code">
              <code>{`import random, time
t = int(time.time())
random.seed(t)
print(t, ''.join(random.choice(${JSON.stringify(alphabetText)}) for i in range(32)))`}</code>
            </pre>
            <div className="row">
              <TextField
                label="First seed (Unix time)"
                value={fromText}
                onChange={setFrom}
                monospace
                error={fieldError('seed-search/not-integer') ?? fieldError('seed-search/too')}
              />
              <TextField
                label="Last seed"
                value={toText}
                onChange={setTo}
                monospace
                error={fieldError('seed-search/empty')}
              />
            </div>
            <TextField
              label="Alphabet"
              value={alphabetText}
              onChange={setAlphabet}
              monospace
              error={fieldError('seed-search/no-alphabet')}
            />
            <TextField
              label="Key to find"
              value={customKey}
              onChange={setCustomKey}
              monospace
              error={fieldError('seed-search/no-key') ?? fieldError('seed-search/not-in-alphabet')}
              hint="Kept in this page only (not in the address)."
            />
          </div>
        ) : (
          <div className="stack">
            <div style={{ maxWidth: '9rem' }}>
              <TextField
                label="Key length"
                value={lengthText}
                onChange={setLength}
                type="number"
                error={length.ok ? null : length.error.message}
              />
            </div>
            {scenario && scenario.id === scenarioId ? (
              <>
                <p className="field__hint">{scenario.story}</p>
                <dl className="randomness-keys">
                  <dt>The victim’s key</dt>
                  <dd className="digest">
                    {scenario.key} <CopyButton value={scenario.key} label="Copy the key" />
                  </dd>
                  <dt>Seeds to try</dt>
                  <dd className="mono">
                    {formatNumber(scenario.from)} … {formatNumber(scenario.to)} (
                    {formatNumber(scenario.to - scenario.from + 1)} seeds)
                  </dd>
                </dl>
              </>
            ) : (
              <p className="loading">Making the victim’s key…</p>
            )}
          </div>
        )}
        <div className="row">
          <JobButtons
            job={searchJob}
            label="Search the window"
            cancelLabel="Cancel"
            onStart={start}
            disabled={!query}
            primary={false}
          />
        </div>
        <JobProgress
          state={search}
          label="Searching seeds"
          show={(progress) => ({
            value: progress?.done ?? 0,
            max: progress?.total ?? 1,
            detail: progress
              ? `${formatNumber(progress.done)} of ${formatNumber(progress.total)} seeds, ${rate(progress.rate)}`
              : 'starting',
          })}
        />
        {search.status === 'cancelled' && <p className="field__hint">Search cancelled.</p>}
        <JobError state={search} />
        {search.status === 'done' && (
          <>
            <SearchResult outcome={search.value.outcome} searchedKey={search.value.key} />
            <ScriptExport name="seed_search" python={seedSearchScript(search.value.query)} />
          </>
        )}
      </div>
    </section>
  );
}

function SearchResult({
  outcome,
  searchedKey,
}: {
  outcome: SeedSearchOutcome;
  searchedKey: string;
}) {
  const stats = `${formatNumber(outcome.tried)} seeds tried in ${formatDuration(outcome.elapsedMs)} (${rate(outcome.rate)}).`;
  if (outcome.seed === null)
    return (
      <div className="stack" aria-live="polite" id="seed-result">
        <p>
          <Verdict ok yes="No seed found" no="" /> No seed in the window makes this key. {stats}
        </p>
        <Callout tone="success" title="Nothing to find">
          A key from <code>secrets</code> (or <code>crypto.getRandomValues</code>) has no seed:
          every character is fresh randomness from the operating system.
        </Callout>
      </div>
    );
  return (
    <div className="stack" aria-live="polite" id="seed-result">
      <dl className="randomness-keys">
        <dt>Seed found</dt>
        <dd className="mono">
          random.seed({outcome.seed}){describeSeed(outcome.seed)}
        </dd>
        <dt>Key from that seed</dt>
        <dd className="digest">{outcome.regenerated}</dd>
        <dt>Result</dt>
        <dd>
          <Verdict
            ok={outcome.regenerated === searchedKey}
            yes="Same key: found"
            no="Different key"
          />
        </dd>
      </dl>
      <p className="field__hint">{stats}</p>
      <Callout tone="danger" title="Found">
        A key is only as secret as its seed. Do not seed at all: use <code>secrets</code>, which
        reads the operating system’s generator (and on a freshly booted VM, the kernel’s{' '}
        <code>getrandom()</code> waits until it has enough entropy instead of guessing).
      </Callout>
    </div>
  );
}
