/**
 * The code lab: the learner writes sign, verify and makeToken (or loads a preset), presses
 * "Run attacks", and the battery (in the app's worker) runs the talk's attacks on that code (in
 * the app's sandbox). The panel wires four parts and never runs the learner's code itself:
 * the address (use-code-address.ts: the code and the report summary kept in the link, a summary
 * from a link shown as unverified until the code runs here), the sandbox's lifecycle
 * (use-sandbox-runs.ts), the run state (use-battery-run.ts, run-state.ts), and the view (the
 * sections).
 */
import { useCallback, useContext, useMemo } from 'react';
import { fail, ok, type Result } from '../../core/result';
import { CopyButton } from '../../ui/CopyButton';
import { usePythonWait } from '../../ui/use-python-wait';
import {
  LabContext,
  useLabAction,
  useLabBusy,
  useLabChoice,
  useLabParam,
  useLabResults,
} from '../../ui/lab-context';
import { stripTypes, type CompileError } from './core/compile';
import type { ModuleLanguage } from './core/languages';
import { PYTHON_PRESETS } from './core/python-presets';
import { PRESETS } from './core/presets';
import { parseReportSummary, summarizeReport } from './core/share';
import { CODE } from './lab';
import { ModuleSection, SINGLE_FILE } from './ModuleSection';
import { ReportSection } from './ReportSection';
import { RunSection } from './RunSection';
import { SandboxSection } from './SandboxSection';
import { useBatteryRun } from './use-battery-run';
import { useCodeAddress } from './use-code-address';

function parseLimit(text: string): Result<number> {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    return fail('limit/number', 'Give the time limit in seconds, for example 5.');
  if (value < 1 || value > 60) return fail('limit/range', 'Choose between 1 and 60 seconds.');
  return ok(value);
}

export default function CodePanel() {
  const { setParams } = useContext(LabContext);
  const [presetId, setPresetId] = useLabChoice(CODE, 'preset');
  const [language, setLanguage] = useLabChoice(CODE, 'lang');
  const preset = (language === 'python' ? PYTHON_PRESETS : PRESETS)[presetId];
  const [reportParam] = useLabParam(CODE, 'report');
  const [limitText, setLimitText] = useLabParam(CODE, 'limit');
  const limit = useMemo(() => parseLimit(limitText), [limitText]);

  const address = useCodeAddress(preset, setPresetId);
  const { source, onEdit, codeToRun } = address;
  const battery = useBatteryRun(`${presetId}:${language}`);
  const { run, start } = battery;
  useLabBusy(run.state === 'running');
  // The single file inlines the battery's worker, which works from file://; the multi-file
  // build's worker is a file of its own, which a page opened from a file may not start.
  const unavailable = useMemo(
    () =>
      !SINGLE_FILE && window.location.protocol === 'file:'
        ? 'Running code needs the app served over http(s): browsers do not start the battery’s worker from a file in a page opened from a file. The single-file build (npm run build:single) does run it from a file.'
        : null,
    [],
  );

  const pythonWait = usePythonWait();
  const waitReason = language === 'python' ? pythonWait : null;

  const chooseLanguage = (next: ModuleLanguage) => {
    if (next === language) return;
    // Into or out of Python: the preset in the new language (code does not translate).
    if (next === 'python' || language === 'python') {
      setParams({ code: undefined, report: undefined });
      setLanguage(next);
      return;
    }
    // TypeScript → JavaScript strips the types (when the code parses), so the code still runs.
    if (next === 'javascript') {
      const stripped = stripTypes(source);
      if (stripped.ok && stripped.value !== source) onEdit(stripped.value);
    }
    setLanguage(next);
  };

  const startRun = useCallback(async () => {
    if (unavailable || waitReason || !limit.ok) return;
    const outcome = await start({ source: codeToRun(), language, limitMs: limit.value * 1000 });
    if (outcome?.kind === 'finished' && outcome.outcome.status === 'done')
      setParams({ report: summarizeReport(outcome.outcome.report.results) });
  }, [unavailable, waitReason, limit, start, codeToRun, language, setParams]);
  // Declared after useBatteryRun, whose preset-change effect must come first (see there).
  useLabAction(CODE, 'run', () => void startRun());

  const finished = run.state === 'finished' ? run : null;
  /** How the battery itself ended, when the run got that far. */
  const outcome = finished?.outcome?.kind === 'finished' ? finished.outcome.outcome : null;
  const compileError: CompileError | null =
    outcome?.status === 'compile-error' && finished?.source === source ? outcome.error : null;
  const sharedReport = useMemo(
    () => (reportParam === '' ? null : parseReportSummary(reportParam)),
    [reportParam],
  );

  const exported = useMemo(
    () =>
      finished && outcome?.status === 'done'
        ? {
            preset: presetId,
            language,
            results: outcome.report.results,
            blocked: finished.blocked,
          }
        : null,
    [finished, outcome, presetId, language],
  );
  useLabResults(exported);

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
      <ModuleSection
        presetId={presetId}
        onPreset={address.choosePreset}
        language={language}
        onLanguage={chooseLanguage}
        source={source}
        onEdit={onEdit}
        linkError={address.linkError}
        compileError={compileError}
      />
      <RunSection
        run={run}
        unavailable={unavailable}
        python={language === 'python'}
        waitReason={waitReason}
        limitText={limitText}
        onLimitText={setLimitText}
        limit={limit}
        onRun={() => void startRun()}
        onCancel={battery.stop}
      />
      <ReportSection run={run} sharedReport={sharedReport} />
      <SandboxSection run={run} />

      <section className="card" aria-labelledby="code-share-heading">
        <h2 id="code-share-heading">Share this exercise</h2>
        <p>
          The address holds your code (compressed) and, after a run, the report’s verdicts. Send it
          to someone and they open this lab with the same code, ready to run.
        </p>
        {address.linkTooLong && (
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
