/**
 * Little entropy at boot: CPython's fallback seed searched for real, two VMs restored from one
 * snapshot, and why getrandom() waits. Everything is computed in the worker (core/boot-entropy.ts).
 */
import { useState } from 'react';
import { Callout, Verdict } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { JobButtons, JobError, JobProgress } from '../../ui/JobControls';
import { TableScroll } from '../../ui/TableScroll';
import { formatDuration } from '../../ui/format';
import { useLabAction, useLabChoice } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import { shownValue, useWorkerJob } from '../../ui/use-worker-job';
import {
  KNOWLEDGE,
  MAX_BOOT_SEARCH,
  presetSize,
  spaceTable,
  type BootSearchProgress,
  type BootSearchResult,
  type BootVictim,
  type SnapshotRun,
} from './core/boot-entropy';
import { KNOWLEDGE_IDS, RANDOMNESS } from './lab';
import type { RandomnessApi } from './randomness.worker';
import { formatNumber } from '../../core/number-format';

/** Beyond this many candidates the lab only estimates: the search would outlast a visit. */
const SEARCHABLE = 2 ** 28;

interface BootSearch {
  victim: BootVictim;
  result: BootSearchResult;
}

/** The victim once it has booted, then the search's progress through its keys. */
interface BootProgress {
  victim: BootVictim;
  search: BootSearchProgress | null;
}

interface Restored {
  run: SnapshotRun;
  reseed: boolean;
}

const count = (n: number) =>
  n < 1e15 ? formatNumber(Math.round(n)) : n.toExponential(2).replace('e+', ' × 10^');

const perSecond = (rate: number) => `${formatNumber(Math.round(rate))} keys/s`;

/** A duration that may be far beyond a lifetime. */
function formatLong(seconds: number): string {
  if (seconds < 120) return formatDuration(seconds * 1000);
  const units: [number, string][] = [
    [60, 'minutes'],
    [3600, 'hours'],
    [86400, 'days'],
    [31_557_600, 'years'],
  ];
  let chosen = units[0]!;
  for (const unit of units) if (seconds / unit[0] >= 2) chosen = unit;
  const value = seconds / chosen[0];
  return `${value < 1e6 ? formatNumber(value, 0) : value.toExponential(1).replace('e+', ' × 10^')} ${chosen[1]}`;
}

export function BootEntropySection() {
  const [knowledge, setKnowledge] = useLabChoice(RANDOMNESS, 'boot');
  const [fix, setFix] = useLabChoice(RANDOMNESS, 'snapshotFix');
  /** Keys per second of the last search long enough to measure it; kept across searches. */
  const [rate, setRate] = useState<number | null>(null);
  const worker = useWorker<RandomnessApi>(
    () => new Worker(new URL('./randomness.worker.ts', import.meta.url), { type: 'module' }),
  );
  const restorer = useWorker<RandomnessApi>(
    () => new Worker(new URL('./randomness.worker.ts', import.meta.url), { type: 'module' }),
  );
  const searchJob = useWorkerJob<BootSearch, BootProgress>(worker, { stopOnRestart: true });
  const search = searchJob.state;
  const restoreJob = useWorkerJob<Restored>(restorer);
  const snapshot = shownValue(restoreJob.state);
  const preset = KNOWLEDGE[knowledge];
  const searchable = presetSize(preset) <= Math.min(SEARCHABLE, MAX_BOOT_SEARCH);

  const bootAndSearch = () => {
    if (!searchable) return;
    searchJob.start(async (progress) => {
      const victim = await worker.call('boot-victim', { knowledge });
      progress({ victim, search: null });
      const result = await worker.call(
        'boot-search',
        { space: victim.space, token: victim.token },
        (update) => progress({ victim, search: update }),
      );
      // The worker times a sample when the key was found too early to time the search itself.
      if (result.rate > 0) setRate(result.rate);
      return { victim, result };
    });
  };
  useLabAction(RANDOMNESS, 'boot-search', bootAndSearch);

  const restore = () => {
    const reseed = fix === 'reseed';
    restoreJob.start(async () => ({
      run: await restorer.call('snapshot-restore', { reseed, keys: 3 }),
      reseed,
    }));
  };
  useLabAction(RANDOMNESS, 'snapshot', restore);

  const rows = spaceTable(rate);

  return (
    <section className="card" aria-labelledby="boot-heading">
      <h2 id="boot-heading">Little entropy at boot</h2>
      <p>
        “At the start of a virtualized machine there’s not a lot of entropy yet.” A generator is
        only as unpredictable as what it was seeded with. Three ways that goes wrong at boot, on
        real code.
      </p>

      <h3 id="boot-fallback-heading">1. CPython’s fallback seed</h3>
      <p>
        When <code>random.Random()</code> gets nothing from the operating system (no{' '}
        <code>getrandom()</code>, and <code>/dev/urandom</code> cannot be opened: an old kernel, a
        chroot without <code>/dev</code>, no file descriptors left), CPython does not fail. Today (
        <code>Modules/_randommodule.c</code>, <code>random_seed_time_pid</code>) it seeds with the
        wall clock, the process id and the monotonic clock, both clocks in nanoseconds. CPython 2.7
        and 3.2–3.5 fell back on <code>int(time.time() * 256)</code> (<code>Lib/random.py</code>).
        The lab made python3 here take the fallback for real (its getrandom() denied, its file
        descriptors used up) and checked that its generator is exactly <code>init_by_array</code> of
        those five words. The victim below hands out{' '}
        <code>&apos;%032x&apos; % random.getrandbits(128)</code>; the attacker tries every key in
        what they know.
      </p>
      <div className="stack">
        <Choice
          label="What the attacker knows"
          value={knowledge}
          onChange={(next) => {
            searchJob.cancel();
            searchJob.reset();
            setKnowledge(next);
          }}
          options={KNOWLEDGE_IDS.map((id) => ({ value: id, label: KNOWLEDGE[id].label }))}
        />
        <p className="field__hint">{preset.story}</p>
        <div className="row">
          <JobButtons
            job={searchJob}
            label="Boot the VM and search"
            cancelLabel="Cancel"
            onStart={bootAndSearch}
            disabled={!searchable}
            primary={false}
          />
        </div>
        {!searchable && (
          <p className="field__hint">
            {count(presetSize(preset))} candidates: out of reach for this tab (see the table), so
            there is nothing to run.
          </p>
        )}
        <JobProgress
          state={search}
          label="Searching boot keys"
          show={(progress) => ({
            value: progress?.search?.done ?? 0,
            max: progress?.search?.total ?? presetSize(preset),
            detail: progress?.search
              ? `${count(progress.search.done)} of ${count(progress.search.total)} keys, ${perSecond(progress.search.rate)}`
              : 'booting the victim',
          })}
        />
        {search.status === 'cancelled' && <p className="field__hint">Search cancelled.</p>}
        <JobError state={search} />
        {search.status === 'done' && <BootResult {...search.value} />}
        <TableScroll label="How big the fallback’s space is">
          <table aria-label="How big the fallback’s space is">
            <thead>
              <tr>
                <th scope="col">The attacker knows</th>
                <th scope="col">Keys to try</th>
                <th scope="col">Bits</th>
                <th scope="col">Time in this tab</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} aria-current={row.id === knowledge ? 'true' : undefined}>
                  <th scope="row">{row.label}</th>
                  <td className="mono">{count(row.candidates)}</td>
                  <td className="mono">{row.bits.toFixed(1)}</td>
                  <td>
                    {row.seconds === null ? (
                      <span className="field__hint">after a search measures the rate</span>
                    ) : (
                      formatLong(row.seconds)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <p className="field__hint">
          {rate
            ? `At ${perSecond(rate)}, the rate this tab’s last search measured. `
            : 'Times appear once a search has measured this tab’s rate. '}
          For comparison, seeding from the OS gives 19,937 bits of state (624 words of randomness).
          The old fallback is small because the time is whole 1/256 s; today’s is wider because both
          clocks count nanoseconds, but it is a guess about time all the same: the closer the
          attacker is, the smaller it gets.
        </p>
      </div>

      <h3 id="snapshot-heading">2. Two VMs restored from one snapshot</h3>
      <p>
        A VM seeds its generator from the OS at boot, then a snapshot is taken and two VMs are
        restored from it. The generator’s state was in the snapshot, so both continue from the same
        place and hand out the same “random” session keys. Nothing inside a process notices a
        restore. The fix is to reseed from the OS after a restore: Linux’s vmgenid driver (5.18)
        reseeds the kernel’s generator when the hypervisor changes the VM generation ID, but a
        generator a process keeps itself must be reseeded by the process (Firecracker’s{' '}
        <a href="https://github.com/firecracker-microvm/firecracker/blob/main/docs/snapshotting/random-for-clones.md">
          notes on random for clones
        </a>
        ), the way Python’s <code>random</code> reseeds itself in a forked child.
      </p>
      <div className="stack">
        <Choice
          label="After the restore"
          value={fix}
          onChange={(next) => {
            restoreJob.reset();
            setFix(next);
          }}
          options={[
            { value: 'none', label: 'keep going' },
            { value: 'reseed', label: 'reseed from the OS (the fix)' },
          ]}
        />
        <div className="row">
          <button type="button" className="button" onClick={restore}>
            Restore two VMs from the snapshot
          </button>
        </div>
        <JobError state={restoreJob.state} />
        {snapshot && <SnapshotView {...snapshot} />}
      </div>

      <h3>3. Why getrandom() waits</h3>
      <Callout tone="note" title="Blocking is the feature">
        <code>getrandom()</code> (Linux 3.17) blocks until the kernel’s generator has been seeded
        once, and from then on never again; <code>os.urandom</code> and <code>secrets</code> use it.{' '}
        <code>/dev/urandom</code> never waited: read early in boot it answered from whatever little
        had been gathered. That is how, in 2012, Heninger, Durumeric, Wustrow and Halderman found
        routers and other headless devices that had made their keys on first boot from nearly
        identical states: RSA private keys for 0.50% of TLS hosts and DSA keys for 1.03% of SSH
        hosts, traced to “a boot-time entropy hole in the Linux random number generator” (
        <a href="https://factorable.net/paper.html">Mining Your Ps and Qs</a>, USENIX Security
        2012). Since Linux 5.6, <code>/dev/random</code> too only waits for that first seeding. A
        key made during the wait is worth the wait.
      </Callout>
    </section>
  );
}

function BootResult({ victim, result }: { victim: BootVictim; result: BootSearchResult }) {
  const { found } = result;
  const stats = `${count(result.tried)} of ${count(result.total)} keys tried in ${formatDuration(result.elapsedMs)} (${perSecond(result.rate)}).`;
  return (
    <div className="stack" aria-live="polite" id="boot-result">
      <dl className="randomness-keys">
        <dt>The service’s token</dt>
        <dd className="digest">{victim.token}</dd>
        {found && (
          <>
            <dt>Seed found</dt>
            <dd className="mono">
              {found.seed !== undefined
                ? `random.seed(${found.seed}) = int(${(found.seed / 256).toFixed(4)} * 256)`
                : `wall ${found.wallNs} ns, pid ${found.pid}, monotonic ${found.monotonicNs} ns`}
            </dd>
            <dt>init_by_array key</dt>
            <dd className="mono">[{found.key.join(', ')}]</dd>
            <dt>Token from that key</dt>
            <dd className="digest">{found.token}</dd>
          </>
        )}
        <dt>Result</dt>
        <dd id="boot-seed-proof">
          <Verdict
            ok={found !== null && found.token === victim.token}
            yes="Same token: the boot seed found"
            no="Not found in this space"
          />
        </dd>
      </dl>
      <p className="field__hint">{stats}</p>
    </div>
  );
}

function SnapshotView({ run, reseed }: { run: SnapshotRun; reseed: boolean }) {
  const all = run.same.every(Boolean);
  return (
    <div className="stack" aria-live="polite" id="snapshot-result">
      <TableScroll label="Session keys after the restore">
        <table aria-label="Session keys after the restore">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">VM A</th>
              <th scope="col">VM B</th>
              <th scope="col">Same?</th>
            </tr>
          </thead>
          <tbody>
            {run.vmA.map((key, i) => (
              <tr key={i}>
                <td>{i + 1}</td>
                <td className="digest">{key}</td>
                <td className="digest">{run.vmB[i]}</td>
                <td>
                  <Verdict ok={!run.same[i]} yes="different" no="identical" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {all ? (
        <Callout tone="danger" title="Two VMs, the same keys">
          Whoever sees one VM’s session keys knows the other’s. Reseed after every restore.
        </Callout>
      ) : reseed ? (
        <Callout tone="success" title="Reseeded after the restore">
          Each VM drew fresh words from the OS after the restore: their keys have nothing in common.
        </Callout>
      ) : null}
    </div>
  );
}
