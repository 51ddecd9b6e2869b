/**
 * One challenge: its brief and goal, the public part of an instance the worker made (the secret
 * stays in the worker), the learner's answer, the server's verdict, hints one at a time, "Show me"
 * and a new instance. Opened from an instructor's link (`?instance=`), it has no secret: it checks
 * the answer's fields and gives the learner the JSON to hand in. Embedded, it tells the parent
 * page when it is solved and when a hint is opened.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { decodeInstanceParam, type Challenge, type Verdict } from '../../core/challenge';
import { fail, type Result } from '../../core/result';
import { CHALLENGES } from '../../labs/challenges';
import { findLab } from '../../labs/registry';
import { CopyButton } from '../../ui/CopyButton';
import { JobError } from '../../ui/JobControls';
import { useWorker } from '../../ui/use-worker';
import { useWorkerJob } from '../../ui/use-worker-job';
import { useEmbedHeight } from '../modes';
import { AnswerForm } from './AnswerForm';
import {
  EMPTY_VALUES,
  assembleAnswer,
  fieldOfMessage,
  valuesFromAnswer,
  type FormValues,
} from './answer-form';
import { AskBox } from './AskBox';
import { ScriptBox } from './ScriptBox';
import type { ChallengesApi, CheckOutcome } from './challenges.worker';
import { PublicView } from './PublicView';
import { STATUS_LABELS, progressOf, statusOf } from './progress';
import { changeProgress, currentProgress, useProgress } from './use-progress';
import './challenges.css';

export const SOLVED_MESSAGE = 'security-playground:solved';
export const HINT_MESSAGE = 'security-playground:hint';

function toParent(message: Record<string, unknown>) {
  if (window.parent !== window) window.parent.postMessage(message, '*');
}

/** Time on the page counts while it is visible, saved every few seconds and when it closes. */
function useTimeSpent(id: string) {
  useEffect(() => {
    let last = performance.now();
    const flush = () => {
      const now = performance.now();
      const spent = Math.round(now - last);
      last = now;
      if (document.visibilityState === 'visible' && spent > 0)
        changeProgress(id, (e) => ({ ...e, timeMs: e.timeMs + spent }));
    };
    const timer = window.setInterval(flush, 5000);
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
      else last = performance.now();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      flush();
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [id]);
}

export default function ChallengePage({
  challengeId,
  params,
  embed,
}: {
  challengeId: string;
  params: Record<string, string>;
  embed: boolean;
}) {
  const challenge = CHALLENGES.find((c) => c.id === challengeId);
  if (!challenge)
    return (
      <article>
        <h1>No challenge called “{challengeId}”</h1>
        <p>
          The address names a challenge this version does not have.{' '}
          <a href="#/challenges">See all challenges</a>.
        </p>
      </article>
    );
  return (
    <ChallengeScreen
      key={`${challenge.id}:${params.instance ?? ''}:${params.seed ?? ''}`}
      challenge={challenge}
      instanceParam={params.instance ?? null}
      seed={params.seed}
      embed={embed}
    />
  );
}

interface Shown {
  kind: 'verdict' | 'over-budget' | 'hand-in' | 'not-judged';
  solved?: boolean;
  text: string;
  /** The answer to hand in (instructor instances). */
  answer?: string;
}

/**
 * Runs an answer that must be run to be judged, in this page (the code lab's sandbox needs the
 * document for its frame). The runner is loaded only when such an answer is checked.
 */
async function runAnswer(kind: string, input: unknown): Promise<Result<unknown>> {
  const { CODE_BATTERY } = await import('../../labs/code/core/challenges');
  if (kind !== CODE_BATTERY)
    return fail('challenge/no-runner', `This page cannot run answers of the kind "${kind}".`);
  const { sandboxBatteryRunner } = await import('../../labs/code/challenge-sandbox');
  return sandboxBatteryRunner()(input);
}

function ChallengeScreen({
  challenge,
  instanceParam,
  seed,
  embed,
}: {
  challenge: Challenge;
  instanceParam: string | null;
  /** `seed=` in the address: the same instance every time (tests, demos). */
  seed: string | undefined;
  embed: boolean;
}) {
  const worker = useWorker<ChallengesApi>(
    () => new Worker(new URL('./challenges.worker.ts', import.meta.url), { type: 'module' }),
  );
  const made = useWorkerJob<{ instance: number | null; public: unknown }>(worker);
  const checking = useWorkerJob<CheckOutcome | null>(worker);
  const solving = useWorkerJob<{ answer: unknown; requestsUsed: number }>(worker);
  const progress = useProgress();
  const entry = progressOf(progress, challenge.id);
  const lab = findLab(challenge.lab);
  const rootRef = useRef<HTMLDivElement>(null);
  useEmbedHeight(embed, rootRef, challenge.lab);
  useTimeSpent(challenge.id);

  const [values, setValues] = useState<FormValues>(EMPTY_VALUES);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [serverFormError, setServerFormError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [requestsUsed, setRequestsUsed] = useState(0);
  /** "Show me" ran on this instance: a right answer now counts as shown, not solved. */
  const shownHere = useRef(false);
  const [answerShown, setAnswerShown] = useState<string | null>(null);

  const linked = useMemo(
    () => (instanceParam === null ? null : decodeInstanceParam(instanceParam)),
    [instanceParam],
  );
  const instructor = linked !== null;

  const { start: startMake } = made;
  const newInstance = useCallback(() => {
    shownHere.current = false;
    setShown(null);
    setAnswerShown(null);
    setRequestsUsed(0);
    setServerErrors({});
    setServerFormError(null);
    setSubmitted(false);
    setValues(EMPTY_VALUES);
    if (linked === null) startMake(() => worker.call('make', { id: challenge.id, seed }));
    else if (linked.ok)
      startMake(async () => {
        const problem = await worker.call('open-public', {
          id: challenge.id,
          public: linked.value,
        });
        if (problem) throw new Error(problem.message);
        return { instance: null, public: linked.value };
      });
  }, [startMake, worker, challenge.id, linked, seed]);

  useEffect(() => newInstance(), [newInstance]);

  const instance = made.state.status === 'done' ? made.state.value : null;

  const local = useMemo(() => assembleAnswer(challenge, values), [challenge, values]);
  // The page's own errors show as soon as a field has text; an empty field's only after "Check".
  const fieldErrors: Record<string, string> = {};
  if (!local.ok)
    for (const [name, message] of Object.entries(local.fields))
      if (submitted || (values.text[name] ?? '') !== '') fieldErrors[name] = message;
  for (const [name, message] of Object.entries(serverErrors)) fieldErrors[name] ??= message;
  const formError =
    (!local.ok && (submitted || values.json !== '') ? local.form : null) ?? serverFormError;

  const edit = (next: FormValues) => {
    // A server message is about what was sent; editing the field it names clears it.
    const cleared = Object.fromEntries(
      Object.entries(serverErrors).filter(([name]) => next.text[name] === values.text[name]),
    );
    setServerErrors(cleared);
    setServerFormError(null);
    setValues(next);
  };

  const showServerError = (message: string) => {
    const field = fieldOfMessage(challenge, message);
    if (field) setServerErrors({ [field]: message });
    else setServerFormError(message);
  };

  /** Shows the server's verdict on `count` answers (the last, or the accepted one) and records them. */
  const recordVerdict = (verdict: Verdict, count = 1) => {
    const wasShown = shownHere.current;
    changeProgress(challenge.id, (e) => ({
      ...e,
      attempts: e.attempts + count,
      ...(verdict.solved && !wasShown && !e.solved
        ? { solved: true, solvedAt: new Date().toISOString() }
        : {}),
    }));
    setShown({
      kind: 'verdict',
      solved: verdict.solved,
      text:
        verdict.solved && wasShown
          ? `${verdict.reason} This instance's answer was shown to you, so it counts as shown, not solved: take a new instance to solve one yourself.`
          : verdict.reason,
    });
    if (verdict.solved && !wasShown) {
      const after = progressOf(currentProgress(), challenge.id);
      toParent({
        type: SOLVED_MESSAGE,
        challenge: challenge.id,
        lab: challenge.lab,
        attempts: after.attempts,
        hintsUsed: after.hintsUsed,
      });
    }
  };

  /** Requests other than answers count as trying (the status "Attempted"), hints do not. */
  const recordRequests = (count: number) => {
    if (count > 0)
      changeProgress(challenge.id, (e) => ({ ...e, requests: (e.requests ?? 0) + count }));
  };

  const check = () => {
    setSubmitted(true);
    if (!local.ok || !instance) return;
    const answer = local.answer;
    setShown(null);
    if (instance.instance === null) {
      const pub = instance.public;
      checking.start(async () => {
        const problem = await worker.call('parse-answer', {
          id: challenge.id,
          public: pub,
          answer,
        });
        if (problem) showServerError(problem.message);
        else
          setShown({
            kind: 'hand-in',
            text: 'Your answer is well-formed. This instance came from your instructor’s link, and the secret it was made with stays with them, so this page cannot judge it: hand in the answer below. Your instructor checks it with `challenge check --seed`, which makes the same instance again from the seed.',
            answer: JSON.stringify(answer),
          });
        return null;
      });
      return;
    }
    const number = instance.instance;
    checking.start(async () => {
      const outcome = await worker.call('check', { instance: number, answer });
      if (outcome.kind === 'invalid') showServerError(outcome.error.message);
      else if (outcome.kind === 'over-budget') {
        setRequestsUsed(outcome.requestsUsed);
        setShown({ kind: 'over-budget', text: outcome.message });
      } else {
        let verdict: Verdict;
        if (outcome.kind === 'needs-runner') {
          const evidence = await runAnswer(outcome.runKind, outcome.input);
          if (!evidence.ok) {
            setShown({ kind: 'not-judged', text: evidence.error.message });
            return outcome;
          }
          const judged = await worker.call('judge-run', {
            instance: number,
            answer,
            evidence: evidence.value,
          });
          verdict = judged.verdict;
          setRequestsUsed(judged.requestsUsed);
        } else {
          verdict = outcome.verdict;
          setRequestsUsed(outcome.requestsUsed);
        }
        recordVerdict(verdict);
      }
      return outcome;
    });
  };

  const showMe = () => {
    if (!instance || instance.instance === null) return;
    const number = instance.instance;
    solving.start(async () => {
      const result = await worker.call('solve', { instance: number });
      setRequestsUsed(result.requestsUsed);
      shownHere.current = true;
      changeProgress(challenge.id, (e) => ({ ...e, shown: true }));
      setValues(valuesFromAnswer(challenge, result.answer));
      setServerErrors({});
      setServerFormError(null);
      setAnswerShown(JSON.stringify(result.answer, null, 2));
      return result;
    });
  };

  const openHint = () => {
    const next = Math.min(entry.hintsUsed + 1, challenge.hints.length);
    changeProgress(challenge.id, (e) => ({ ...e, hintsUsed: Math.max(e.hintsUsed, next) }));
    toParent({
      type: HINT_MESSAGE,
      challenge: challenge.id,
      lab: challenge.lab,
      hint: next,
      hintsUsed: next,
    });
  };

  const status = statusOf(entry);
  const busy = checking.state.status === 'running' || solving.state.status === 'running';

  return (
    <article ref={rootRef} className="challenge" aria-labelledby="challenge-title">
      {!embed && (
        <p className="challenge__crumbs">
          <a href="#/challenges">Challenges</a> ·{' '}
          {lab ? <a href={`#/${lab.id}`}>{lab.title}</a> : challenge.lab}
        </p>
      )}
      <h1 id="challenge-title">{challenge.title}</h1>
      <p className="challenge__meta">
        <span>Level {challenge.level}</span> ·{' '}
        <span
          className={`challenge-status challenge-status--${status}`}
          aria-label={`Status: ${STATUS_LABELS[status]}`}
        >
          {STATUS_LABELS[status]}
        </span>
      </p>
      <p>{challenge.brief}</p>
      <p>
        <strong>Goal:</strong> {challenge.goal}
      </p>

      {linked && !linked.ok && (
        <div className="callout callout--danger" role="alert">
          <strong className="callout__title">This instructor link does not open</strong>
          <p>{linked.error.message}</p>
          <p>
            Ask your instructor for the link again, or{' '}
            <a href={`#/challenges/${challenge.id}`}>practise on a fresh instance</a>.
          </p>
        </div>
      )}
      {instructor && linked.ok && (
        <div className="callout callout--note">
          <strong className="callout__title">Your instructor’s instance</strong>
          <p>
            This link holds the public part of an instance your instructor made from a seed. The
            page checks that your answer is well-formed and gives you the answer to hand in; only
            your instructor, who keeps the seed, can judge it.{' '}
            <a href={`#/challenges/${challenge.id}`}>Practise on a fresh instance instead</a>.
          </p>
        </div>
      )}

      <section className="card" aria-labelledby="instance-heading">
        <h2 id="instance-heading">The instance</h2>
        {made.state.status === 'running' && <p role="status">Making an instance…</p>}
        {made.state.status === 'failed' && (
          <div className="callout callout--danger" role="alert">
            <strong className="callout__title">This instance cannot be used</strong>
            <p>{made.state.message}</p>
            {!instructor && (
              <button type="button" className="button button--small" onClick={newInstance}>
                Try again
              </button>
            )}
          </div>
        )}
        {instance && (
          <PublicView
            value={instance.public}
            actions={
              !instructor && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => {
                    setAnswerShown(null);
                    newInstance();
                  }}
                >
                  New instance
                </button>
              )
            }
          />
        )}
        {seed !== undefined && !instructor && (
          <p className="field__hint">
            Made from the seed “{seed}” in the address: the same instance every time, and anyone who
            has the seed can make its secret again.
          </p>
        )}
        {challenge.budget && !instructor && (
          <p className="field__hint" role="status">
            Budget: the server answers {challenge.budget.requests} requests per instance;{' '}
            {requestsUsed} used, {Math.max(0, challenge.budget.requests - requestsUsed)} left.{' '}
            {challenge.budget.what}
          </p>
        )}
      </section>

      {challenge.ask && !instructor && instance && instance.instance !== null && (
        <AskBox
          key={instance.instance}
          challenge={challenge}
          ask={(request) => worker.call('ask', { instance: instance.instance!, request })}
          onUsed={(used) => {
            recordRequests(1);
            setRequestsUsed(used);
          }}
        />
      )}

      {challenge.script && !instructor && instance && instance.instance !== null && (
        <ScriptBox
          // Not the AskBox's key: siblings' keys must differ.
          key={`script-${instance.instance}`}
          challenge={challenge}
          worker={worker}
          instance={instance.instance}
          onUsed={setRequestsUsed}
          onOutcome={(outcome) => {
            if (outcome.requestsUsed > 0) setRequestsUsed(outcome.requestsUsed);
            recordRequests(outcome.calls - outcome.submits);
            if (outcome.verdict) recordVerdict(outcome.verdict, outcome.submits);
          }}
        />
      )}

      <section className="card" aria-labelledby="answer-heading">
        <h2 id="answer-heading">Your answer</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            check();
          }}
          className="stack"
        >
          <AnswerForm
            challenge={challenge}
            values={values}
            errors={fieldErrors}
            formError={formError}
            onChange={edit}
            pub={instance?.public}
          />
          <div className="row">
            <button type="submit" className="button" disabled={!instance || busy}>
              {instructor ? 'Prepare the answer to hand in' : 'Check'}
            </button>
            {!instructor && (
              <button
                type="button"
                className="button button--ghost"
                disabled={!instance || busy}
                onClick={showMe}
              >
                Show me
              </button>
            )}
          </div>
        </form>
        <div aria-live="polite">
          {checking.state.status === 'running' && (
            <p>
              {challenge.run ? `Running your answer: ${challenge.run.what}` : 'Asking the server…'}
            </p>
          )}
          <JobError state={checking.state} />
          <JobError state={solving.state} />
          {solving.state.status === 'running' && (
            <p>Running the automatic attack on this instance…</p>
          )}
          {shown && shown.kind === 'verdict' && (
            <div
              className={`callout ${shown.solved ? 'callout--success' : 'callout--danger'}`}
              role="region"
              aria-label="Verdict"
            >
              <strong className="callout__title">
                {shown.solved ? '✓ Accepted' : '✗ Refused'}
              </strong>
              <p>{shown.text}</p>
            </div>
          )}
          {shown && shown.kind === 'over-budget' && (
            <div className="callout callout--warning" role="region" aria-label="Verdict">
              <strong className="callout__title">Out of requests</strong>
              <p>{shown.text}</p>
            </div>
          )}
          {shown && shown.kind === 'not-judged' && (
            <div className="callout callout--warning" role="region" aria-label="Verdict">
              <strong className="callout__title">Not judged</strong>
              <p>{shown.text}</p>
            </div>
          )}
          {shown && shown.kind === 'hand-in' && (
            <div className="callout callout--note" role="region" aria-label="Answer to hand in">
              <strong className="callout__title">Hand this in</strong>
              <p>{shown.text}</p>
              <pre className="mono challenge-json">{shown.answer}</pre>
              <CopyButton value={shown.answer ?? ''} label="Copy the answer" />
            </div>
          )}
          {answerShown && (
            <div className="callout callout--warning" role="region" aria-label="Shown answer">
              <strong className="callout__title">The automatic attack’s answer</strong>
              <p>
                “Show me” ran the attack on this instance and filled in its answer. The challenge
                now counts as shown; check it to see the server accept it, or take a new instance
                and solve one yourself.
              </p>
              <pre className="mono challenge-json">{answerShown}</pre>
            </div>
          )}
        </div>
      </section>

      <section className="card" aria-labelledby="hints-heading">
        <h2 id="hints-heading">Hints</h2>
        {entry.hintsUsed === 0 ? (
          <p className="field__hint">
            {challenge.hints.length} hints, from a nudge to nearly the method.
          </p>
        ) : (
          <ol className="challenge-hints">
            {challenge.hints.slice(0, entry.hintsUsed).map((hint) => (
              <li key={hint}>{hint}</li>
            ))}
          </ol>
        )}
        {entry.hintsUsed < challenge.hints.length && (
          <button type="button" className="button button--small" onClick={openHint}>
            Show hint {entry.hintsUsed + 1} of {challenge.hints.length}
          </button>
        )}
      </section>
    </article>
  );
}
