/**
 * The code lab: the learner writes sign, verify and makeToken (or loads a preset), presses
 * "Run attacks", and the battery (in the app's worker) runs the talk's attacks on that code (in
 * the app's sandbox). The panel shows the report card the battery returned, keeps the code and the
 * report summary in the address (so a teacher can hand out a link; a summary from a link is shown
 * as unverified until the code runs here), and never runs the learner's code itself.
 */
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { fail, ok, type Result } from '../../core/result';
import { MAX_PARAM_LENGTH } from '../../core/route';
import { Callout } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { CopyButton } from '../../ui/CopyButton';
import { Field, TextField } from '../../ui/Field';
import { ProgressBar } from '../../ui/ProgressBar';
import {
  LabContext,
  useLabAction,
  useLabChoice,
  useLabParam,
  useLabResults,
} from '../../ui/lab-context';
import type { Phase } from './core/battery';
import { LANGUAGES, stripTypes, type CompileError, type Language } from './core/compile';
import { PRESET_IDS, PRESETS, type PresetId } from './core/presets';
import { ATTACK_IDS, ATTACK_TITLES, type AttackResult } from './core/report';
import { decodeCode, encodeCode, parseReportSummary, summarizeReport } from './core/share';
import type { TimingProgress } from './core/timing';
import { CodeEditor } from './CodeEditor';
import { AttackEntry, AttackVerdict } from './ReportCard';
import type { BatteryEvent, BatteryOutcome, BlockedCall, NoticeCounts } from './battery.worker';
import type { BatteryRun, RunOutcome, RunRequest } from './sandbox-client';
import { TimingChart } from './TimingChart';
import { MAX_NOTICES_PER_KIND } from '../../platform/sandbox/protocol';

/**
 * The single-file build (npm run build:single) has no Monaco: everything in it loads at once, and
 * Monaco with its TypeScript worker would add megabytes to every lab. Its editor is a text area.
 */
const SINGLE_FILE = import.meta.env.MODE === 'single';
const PHASE_ORDER: readonly (Phase | 'compile' | 'load')[] = [
  'compile',
  'load',
  'check',
  ...ATTACK_IDS,
];
const PHASE_LABELS: Record<string, string> = {
  start: 'starting the sandbox',
  compile: 'compiling',
  load: 'loading your module',
  check: 'checking that verify accepts genuine tags',
  ...Object.fromEntries(ATTACK_IDS.map((id) => [id, ATTACK_TITLES[id].toLowerCase()])),
};
const MAX_LOG = 200;
const EVENT_BATCH_MS = 100;

type RunState =
  | { state: 'idle' }
  | {
      state: 'running' | 'finished';
      phase: string;
      results: AttackResult[];
      timing: TimingProgress | null;
      blocked: BlockedCall[];
      console: { level: string; text: string }[];
      outcome: RunOutcome | null;
      source: string;
    };

function parseLimit(text: string): Result<number> {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    return fail('limit/number', 'Give the time limit in seconds, for example 5.');
  if (value < 1 || value > 60) return fail('limit/range', 'Choose between 1 and 60 seconds.');
  return ok(value);
}

function applyEvent(run: RunState, event: BatteryEvent): RunState {
  if (run.state !== 'running') return run;
  switch (event.kind) {
    case 'phase':
      return { ...run, phase: event.phase };
    case 'timing':
      return { ...run, timing: event.progress };
    case 'result':
      return { ...run, results: [...run.results, event.result] };
    case 'blocked':
      return run.blocked.length >= MAX_LOG
        ? run
        : { ...run, blocked: [...run.blocked, event.call] };
    case 'console':
      return run.console.length >= MAX_LOG ? run : { ...run, console: [...run.console, event] };
  }
}

/**
 * Runs of the battery: a fresh sandbox and battery worker for every run (their code is not even
 * loaded before the first one). Starting a run cancels the previous one; `stop` ends the current
 * one, even while the sandbox client is still loading (the run then never starts); unmounting the
 * panel ends it too, so no learner code keeps running.
 */
function useBatteryRuns() {
  const current = useRef<BatteryRun | null>(null);
  /** Bumped by every start and stop: a start whose number is no longer current was stopped. */
  const latest = useRef(0);
  const stop = useCallback(() => {
    latest.current++;
    current.current?.cancel();
    current.current = null;
  }, []);
  useEffect(() => stop, [stop]);
  const start = useCallback(
    async (
      request: RunRequest,
      limitMs: number,
      onEvent: (event: BatteryEvent) => void,
    ): Promise<RunOutcome> => {
      stop();
      const mine = latest.current;
      const { startBatteryRun } = await import('./sandbox-client');
      if (mine !== latest.current) return { kind: 'cancelled' };
      const run = startBatteryRun(request, limitMs, onEvent);
      current.current = run;
      return run.outcome;
    },
    [stop],
  );
  return useMemo(() => ({ start, stop }), [start, stop]);
}

export default function CodePanel() {
  const { setParams } = useContext(LabContext);
  const [presetId, setPresetId] = useLabChoice<PresetId>('preset', PRESET_IDS, 'md5');
  const preset = PRESETS[presetId];
  const [language, setLanguage] = useLabChoice<Language>('lang', LANGUAGES, 'typescript');
  const [codeParam] = useLabParam('code', '');
  const [reportParam] = useLabParam('report', '');
  const [limitText, setLimitText] = useLabParam('limit', '5');
  const limit = useMemo(() => parseLimit(limitText), [limitText]);

  const [source, setSource] = useState(preset.code);
  const [linkError, setLinkError] = useState<string | null>(null);
  const [linkTooLong, setLinkTooLong] = useState(false);
  const written = useRef<string | null>(null);
  const [run, setRun] = useState<RunState>({ state: 'idle' });
  const sandbox = useBatteryRuns();
  // The single file inlines the battery's worker, which works from file://; the multi-file
  // build's worker is a file of its own, which a page opened from a file may not start.
  const unavailable = useMemo(
    () =>
      !SINGLE_FILE && window.location.protocol === 'file:'
        ? 'Running code needs the app served over http(s): browsers do not start the battery’s worker from a file in a page opened from a file. The single-file build (npm run build:single) does run it from a file.'
        : null,
    [],
  );

  // The code comes from the link if it carries some, else from the preset.
  useEffect(() => {
    if (codeParam === written.current) return;
    written.current = null;
    if (codeParam === '') {
      setSource(preset.code);
      setLinkError(null);
      return;
    }
    let live = true;
    void decodeCode(codeParam).then((decoded) => {
      if (!live) return;
      if (decoded.ok) {
        setSource(decoded.value);
        setLinkError(null);
      } else {
        setSource(preset.code);
        setLinkError(`${decoded.error.message} The preset is shown instead.`);
      }
    });
    return () => {
      live = false;
    };
  }, [codeParam, preset.code]);

  // Edits go into the address, compressed, shortly after typing stops; the old report goes.
  const pendingWrite = useRef(0);
  useEffect(() => () => window.clearTimeout(pendingWrite.current), []);
  const onEdit = useCallback(
    (text: string) => {
      setSource(text);
      window.clearTimeout(pendingWrite.current);
      pendingWrite.current = window.setTimeout(() => {
        void (async () => {
          const encoded = text === preset.code ? '' : await encodeCode(text);
          const tooLong = encoded.length > MAX_PARAM_LENGTH;
          setLinkTooLong(tooLong);
          written.current = tooLong ? '' : encoded;
          setParams({ code: tooLong || encoded === '' ? undefined : encoded, report: undefined });
        })();
      }, 400);
    },
    [preset.code, setParams],
  );

  const choosePreset = (id: PresetId) => {
    window.clearTimeout(pendingWrite.current);
    written.current = null;
    setParams({ preset: id === 'md5' ? undefined : id, code: undefined, report: undefined });
    setPresetId(id);
    setRun({ state: 'idle' });
  };

  const chooseLanguage = (next: Language) => {
    if (next === language) return;
    // TypeScript → JavaScript strips the types (when the code parses), so the code still runs.
    if (next === 'javascript') {
      const stripped = stripTypes(source);
      if (stripped.ok && stripped.value !== source) onEdit(stripped.value);
    }
    setLanguage(next);
  };

  // Each run has a number; the answers of a run that was replaced (a guided step pressing Run
  // again, a new preset) are dropped.
  const runNumber = useRef(0);

  const startRun = useCallback(async () => {
    if (unavailable || !limit.ok) return;
    const mine = ++runNumber.current;
    // A guided step may have just changed the preset: take the code the address says.
    const code = codeParam === '' && written.current === null ? preset.code : source;
    const limitMs = limit.value * 1000;
    setRun({
      state: 'running',
      phase: 'start',
      results: [],
      timing: null,
      blocked: [],
      console: [],
      outcome: null,
      source: code,
    });
    let pending: BatteryEvent[] = [];
    let flushTimer = 0;
    const flush = () => {
      window.clearTimeout(flushTimer);
      flushTimer = 0;
      if (pending.length === 0 || mine !== runNumber.current) return;
      const events = pending;
      pending = [];
      setRun((previous) => events.reduce(applyEvent, previous));
    };
    const outcome = await sandbox.start(
      {
        source: code,
        language,
        timingBudgetMs: Math.min(1500, limitMs * 0.35),
        tokenBudgetMs: Math.min(2000, limitMs * 0.35),
        secretLengths: [0, 64],
      },
      limitMs,
      (event) => {
        if (mine !== runNumber.current) return;
        // Console lines and refused calls can come by the hundred: they are shown in batches,
        // one render per EVENT_BATCH_MS, not one per line.
        if (event.kind === 'console' || event.kind === 'blocked') {
          pending.push(event);
          if (!flushTimer) flushTimer = window.setTimeout(flush, EVENT_BATCH_MS);
          return;
        }
        flush();
        setRun((previous) => applyEvent(previous, event));
      },
    );
    flush();
    if (mine !== runNumber.current) return;
    setRun((previous) => {
      if (previous.state !== 'running') return previous;
      const results =
        outcome.kind === 'finished' && outcome.outcome.status === 'done'
          ? outcome.outcome.report.results
          : previous.results;
      return { ...previous, state: 'finished', results, outcome };
    });
    if (outcome.kind === 'finished' && outcome.outcome.status === 'done')
      setParams({ report: summarizeReport(outcome.outcome.report.results) });
  }, [unavailable, limit, codeParam, preset.code, source, language, sandbox, setParams]);

  // Another preset (from the chooser, a guided step or a link) ends the run of the old code, so a
  // report never sits next to code it was not made from. This comes before the 'run' action, so a
  // step that changes the preset and runs starts after it.
  const [shownPreset, setShownPreset] = useState(presetId);
  if (shownPreset !== presetId) {
    setShownPreset(presetId);
    setRun({ state: 'idle' });
  }
  useEffect(() => {
    runNumber.current++;
    sandbox.stop();
  }, [presetId, sandbox]);

  useLabAction('run', () => void startRun());

  const editorLabel = `Your module (${language === 'typescript' ? 'TypeScript' : 'JavaScript'})`;
  const running = run.state === 'running';
  const finished = run.state === 'finished' ? run : null;
  const outcome = finished?.outcome ?? null;
  const sandboxOutcome: BatteryOutcome | null =
    outcome?.kind === 'finished' ? outcome.outcome : null;
  const compileError: CompileError | null =
    sandboxOutcome?.status === 'compile-error' ? sandboxOutcome.error : null;
  const marker = useMemo(
    () =>
      compileError?.line && finished?.source === source
        ? {
            line: compileError.line,
            column: compileError.column ?? 1,
            message: compileError.message,
          }
        : null,
    [compileError, finished, source],
  );
  const results = run.state === 'idle' ? [] : run.results;
  const sharedReport = useMemo(
    () => (reportParam === '' ? null : parseReportSummary(reportParam)),
    [reportParam],
  );

  const exported = useMemo(
    () =>
      finished && sandboxOutcome?.status === 'done'
        ? {
            preset: presetId,
            language,
            results: sandboxOutcome.report.results,
            blocked: finished.blocked,
          }
        : null,
    [finished, sandboxOutcome, presetId, language],
  );
  useLabResults(exported);

  const phaseIndex =
    run.state === 'running' ? Math.max(0, PHASE_ORDER.indexOf(run.phase as Phase)) : 0;

  return (
    <article className="lab">
      <h1>Your code, attacked</h1>
      <p className="panel-intro">
        Write the signing, verifying and token code you would ship, then let the playground try the
        talk’s attacks on it: length extension, tampering, truncation, keys reused across purposes,
        a timing measurement and token prediction. Every verdict comes from running your code, not
        from reading it. The obvious way should be the right way; here you can check your
        assumptions.
      </p>

      <section className="card" aria-labelledby="code-module-heading">
        <h2 id="code-module-heading">Your module</h2>
        <div className="stack">
          <div className="row code-controls">
            <Field label="Preset" hint={preset.description}>
              {(a11y) => (
                <select
                  {...a11y}
                  value={presetId}
                  onChange={(event) => choosePreset(event.target.value as PresetId)}
                >
                  {PRESET_IDS.map((id) => (
                    <option key={id} value={id}>
                      {PRESETS[id].label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Choice
              label="Language"
              value={language}
              onChange={chooseLanguage}
              options={[
                { value: 'typescript', label: 'TypeScript' },
                { value: 'javascript', label: 'JavaScript' },
              ]}
            />
          </div>
          {linkError && (
            <p className="field__error" role="alert">
              {linkError}
            </p>
          )}
          {SINGLE_FILE ? (
            <TextField
              label={editorLabel}
              value={source}
              onChange={onEdit}
              multiline
              rows={18}
              monospace
            />
          ) : (
            <CodeEditor
              value={source}
              language={language}
              onChange={onEdit}
              marker={marker}
              label={editorLabel}
            />
          )}
          {compileError && finished?.source === source && (
            <p className="field__error" role="alert">
              {compileError.message}
            </p>
          )}
          <details className="code-api">
            <summary>What your code can use</summary>
            <p>
              Export <code>sign(secret, message, purpose?)</code>,{' '}
              <code>verify(secret, message, tag, purpose?)</code> and <code>makeToken()</code>.
              Strings are byte strings (one character per byte, like Python 2’s <code>str</code>),
              so <code>md5(secret + message)</code> hashes exactly those bytes.
            </p>
            <ul>
              <li>
                <code>md5</code>, <code>sha1</code>, <code>sha256</code>, <code>sha512</code>: a
                digest as hex
              </li>
              <li>
                <code>hmac(hash, key, message)</code>,{' '}
                <code>hkdf(hash, secret, info, length?)</code>
              </li>
              <li>
                <code>randomBytes(n)</code> and <code>crypto.getRandomValues</code>;{' '}
                <code>Math.random</code>; Python’s <code>random</code> (
                <code>random.getrandbits</code>, <code>random.choice</code>, …)
              </li>
              <li>
                <code>timingSafeEqual(a, b)</code>, <code>toHex</code>, <code>fromHex</code>,{' '}
                <code>utf8</code>, <code>fromUtf8</code>, <code>bytes</code>,{' '}
                <code>byteString</code>
              </li>
            </ul>
            <p className="field__hint">
              Types are checked in the editor but not enforced: the code is stripped of its types
              and run. There is no network and no DOM in the sandbox.
            </p>
          </details>
        </div>
      </section>

      <section className="card" aria-labelledby="code-run-heading">
        <h2 id="code-run-heading">Run the attacks</h2>
        {unavailable ? (
          <Callout tone="warning" title="Running code needs a served page">
            {unavailable}
          </Callout>
        ) : (
          <div className="stack">
            <div className="row code-controls">
              <TextField
                label="Time limit per phase (seconds)"
                value={limitText}
                onChange={setLimitText}
                type="number"
                error={limit.ok ? null : limit.error.message}
                hint="Each phase (loading your module, each attack) gets this long; then the sandbox is stopped."
              />
              <div className="row code-buttons">
                <button
                  type="button"
                  className="button"
                  onClick={() => void startRun()}
                  disabled={running || !limit.ok}
                >
                  Run attacks
                </button>
                {running && (
                  <button type="button" className="button button--ghost" onClick={sandbox.stop}>
                    Cancel
                  </button>
                )}
              </div>
            </div>
            {run.state === 'running' && (
              <div aria-live="polite">
                <ProgressBar
                  label="Attack battery"
                  value={phaseIndex}
                  max={PHASE_ORDER.length}
                  detail={`${PHASE_LABELS[run.phase] ?? run.phase}…`}
                />
                {run.phase === 'timing' && run.timing && (
                  <TimingChart
                    title="Measuring verify (live)"
                    unit={run.timing.unit}
                    leak={null}
                    summary={run.timing.positions.map((position, i) => ({
                      position,
                      median: run.timing!.medians[i] ?? 0,
                      q1: run.timing!.medians[i] ?? 0,
                      q3: run.timing!.medians[i] ?? 0,
                      samples: run.timing!.rounds,
                    }))}
                  />
                )}
              </div>
            )}
            {outcome && <OutcomeMessage outcome={outcome} onRunAgain={() => void startRun()} />}
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="code-report-heading">
        <h2 id="code-report-heading">Report card</h2>
        {results.length > 0 ? (
          <>
            {run.state === 'finished' && sandboxOutcome?.status === 'done' && (
              <p className="code-report__summary" aria-live="polite">
                {reportSummary(results)}
              </p>
            )}
            <ul className="code-report" aria-label="Attacks">
              {results.map((result) => (
                <AttackEntry key={result.id} result={result} />
              ))}
            </ul>
          </>
        ) : sharedReport && run.state === 'idle' ? (
          sharedReport.ok ? (
            <Callout tone="warning" title="Reported by the link, not verified">
              <p>
                These verdicts came with the link you opened: anyone can write them into an address.
                Run the attacks to see what this code really does.
              </p>
              <ul
                className="code-report code-report--compact"
                aria-label="Reported by the link, not verified"
              >
                {sharedReport.value.map((entry) => (
                  <li key={entry.id} className="code-report__head">
                    <span>{ATTACK_TITLES[entry.id]}</span> <AttackVerdict verdict={entry.verdict} />
                  </li>
                ))}
              </ul>
            </Callout>
          ) : (
            <p className="field__error" role="alert">
              {sharedReport.error.message}
            </p>
          )
        ) : (
          <p className="field__hint">
            {running
              ? 'The attacks are running…'
              : 'Run the attacks to see how your code holds up.'}
          </p>
        )}
      </section>

      {run.state !== 'idle' && (run.blocked.length > 0 || run.console.length > 0) && (
        <section className="card" aria-labelledby="code-sandbox-heading">
          <h2 id="code-sandbox-heading">Sandbox</h2>
          {run.blocked.length > 0 && (
            <Callout tone="success" title="Network access blocked">
              <ul className="code-blocked" aria-label="Blocked calls">
                {run.blocked.map((call, i) => (
                  <li key={i}>
                    <code>
                      {call.api}({call.detail ? `'${call.detail}'` : ''})
                    </code>{' '}
                    was refused: no request was made.
                  </li>
                ))}
              </ul>
            </Callout>
          )}
          {run.console.length > 0 && (
            <>
              <h3>Console output of your code</h3>
              <pre className="code-console" aria-label="Console output" tabIndex={0}>
                {run.console
                  .map((line) => `${line.level === 'log' ? '' : `[${line.level}] `}${line.text}`)
                  .join('\n')}
              </pre>
            </>
          )}
          {sandboxOutcome?.status === 'done' && (
            <NotShown
              counts={sandboxOutcome.notices}
              shown={{
                lines: run.console.length,
                blocked: run.blocked.length,
              }}
            />
          )}
        </section>
      )}

      <section className="card" aria-labelledby="code-share-heading">
        <h2 id="code-share-heading">Share this exercise</h2>
        <p>
          The address holds your code (compressed) and, after a run, the report’s verdicts. Send it
          to someone and they open this lab with the same code, ready to run.
        </p>
        {linkTooLong && (
          <p className="field__error" role="alert">
            This code is too long to fit in a link; the link holds the preset instead.
          </p>
        )}
        <CopyButton
          value={typeof window === 'undefined' ? '' : window.location.href}
          label="Copy link to this exercise"
        />
      </section>
    </article>
  );
}

/** A flood is counted, not shown: how much of what the code printed or tried is not listed. */
function NotShown({
  counts,
  shown,
}: {
  counts: NoticeCounts;
  shown: { lines: number; blocked: number };
}) {
  const lines = Math.max(0, counts.console + counts.error - shown.lines);
  const blocked = Math.max(0, counts.blocked - shown.blocked);
  if (lines === 0 && blocked === 0) return null;
  const parts = [
    lines > 0 ? `${lines.toLocaleString('en')} more lines of output or errors` : null,
    blocked > 0 ? `${blocked.toLocaleString('en')} more refused calls` : null,
  ].filter(Boolean);
  return (
    <p className="field__hint">
      Not shown: {parts.join(' and ')} (each kind is listed up to its first {MAX_NOTICES_PER_KIND},
      then only counted).
    </p>
  );
}

/** One sentence over the verdicts (the verdicts themselves come from the battery). */
function reportSummary(results: readonly AttackResult[]): string {
  const ran = results.filter((r) => r.verdict !== 'skip').length;
  const failures = results.filter((r) => r.verdict === 'fail').length;
  const doubtful = results.filter((r) => r.verdict === 'warn' || r.verdict === 'unmeasured').length;
  const notRun = results.length - ran;
  const rest = notRun > 0 ? ` ${notRun} could not run (see why below).` : '';
  if (ran === 0) return 'No attack could run: see why below.';
  if (failures === 0 && doubtful > 0)
    return `None of the ${ran} attacks that ran got through, but ${doubtful} ${doubtful === 1 ? 'result is' : 'results are'} not a pass: see ${doubtful === 1 ? 'its warning' : 'their warnings'} below.${rest}`;
  if (failures === 0) return `None of the ${ran} attacks that ran got through.${rest}`;
  return `${failures} of the ${ran} attacks that ran got through.${rest}`;
}

function OutcomeMessage({ outcome, onRunAgain }: { outcome: RunOutcome; onRunAgain: () => void }) {
  switch (outcome.kind) {
    case 'timed-out':
      return (
        <Callout tone="danger" title="Stopped: time limit reached">
          The {PHASE_LABELS[outcome.phase] ?? outcome.phase} phase ran for more than{' '}
          {outcome.limitMs / 1000} s, so the sandbox was terminated. An endless loop (or very slow
          code) in your module is the usual cause. The page was never blocked: your code runs in a
          sandbox of its own.
        </Callout>
      );
    case 'crashed':
      return (
        <Callout tone="danger" title="The sandbox crashed">
          <p>
            The sandbox running your code stopped answering and was shut down: its process crashed,
            most likely because the code used up all the memory it may have (an array or a string
            that grows without end). Only the sandbox was lost; this page and its data are fine.
          </p>
          <button type="button" className="button" onClick={onRunAgain}>
            Run again in a fresh sandbox
          </button>
        </Callout>
      );
    case 'cancelled':
      return <p className="field__hint">Stopped.</p>;
    case 'failed':
      return (
        <p className="field__error" role="alert">
          The sandbox failed: {outcome.message}
        </p>
      );
    case 'finished':
      if (outcome.outcome.status === 'load-error')
        return (
          <p className="field__error" role="alert">
            {outcome.outcome.message}
          </p>
        );
      if (outcome.outcome.status === 'compile-error') return null;
      return outcome.outcome.report.checkProblem ? (
        <Callout tone="warning" title="verify rejects genuine tags">
          {outcome.outcome.report.checkProblem}
        </Callout>
      ) : null;
  }
}
