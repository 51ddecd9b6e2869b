/**
 * The guided walk-through bar above a lab: Start, Back, Next and Exit. Each step replaces the
 * lab's inputs with its own and may ask the panel to act. The step number is kept in the address
 * (`step=N`), so a link can open a lab at a step. A step with a prediction asks its question
 * first (Predict, then run): the learner answers or skips, the step runs, and the panel says
 * whether the prediction was right and why. Presenting, the question is a prompt to the room and
 * Next runs the step.
 */
import { useEffect, useId, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { GuidedStep, StepPrediction } from '../ui/lab-contract';

interface GuidedStepsProps {
  steps: readonly GuidedStep[];
  /** 0-based step index, or null when the walk-through is closed. */
  current: number | null;
  /** The panel has performed the current step's action. */
  actionRan: boolean;
  /** The step has finished: its action ran and the lab's work is done (its proof is shown). */
  finished: boolean;
  onGo: (index: number | null) => void;
  /** The step waits for a prediction (see useLabSession): its question is asked. */
  waiting?: boolean;
  /** Runs the step that waits for a prediction. */
  onRun?: () => void;
  /** Presenter mode or the talk deck: the question is a prompt to the audience, Next runs the step. */
  presenting?: boolean;
  /** What Next does, where it is not simply the next step (presenter mode: run a waiting step first). */
  onNext?: () => void;
  panelRef?: RefObject<HTMLElement | null>;
  /** In place of Back, Next and Exit (the talk deck puts its own controls here). */
  controls?: ReactNode;
}

export function GuidedSteps({
  steps,
  current,
  actionRan,
  finished,
  onGo,
  waiting = false,
  onRun,
  presenting = false,
  onNext,
  panelRef,
  controls,
}: GuidedStepsProps) {
  // On a phone the step's text is cut to two lines until the reader asks for the rest.
  const [expanded, setExpanded] = useState(false);
  /** The step whose prediction was asked on this visit (its answer is given once it has run). */
  const [askedAt, setAskedAt] = useState<number | null>(waiting ? current : null);
  useEffect(() => {
    if (waiting) setAskedAt(current);
  }, [waiting, current]);
  if (steps.length === 0) return null;
  if (current === null) {
    return (
      <div className="guided guided--closed">
        <button type="button" className="button" onClick={() => onGo(0)}>
          ▶ Guided steps ({steps.length})
        </button>
        <span className="field__hint">
          Walk through the attack and the fix, one step at a time.
        </span>
      </div>
    );
  }
  const step = steps[current]!;
  return (
    <section
      className={controls ? 'guided' : 'guided guided--compact'}
      aria-label="Guided steps"
      aria-live="polite"
      ref={panelRef}
      // For the end-to-end suite and the talk deck: which action this step asks for, whether the
      // panel did it, whether the step has finished (its work done, its proof brought into view)
      // and which element proves it.
      data-action={step.action}
      data-action-ran={step.action ? String(actionRan) : undefined}
      data-step-finished={String(finished)}
      data-proof={step.proof}
    >
      <div className="guided__head">
        <span className="guided__count">
          Step {current + 1} of {steps.length}
        </span>
        <strong className="guided__title">{step.title}</strong>
        {/* Presenting, the answer takes no line of its own: the proof keeps the room above. */}
        {presenting && step.predict && !waiting && askedAt === current && (
          <span className="guided__answer" role="status">
            {finished ? `Answer: ${step.predict.options[step.predict.answer]}` : 'Running…'}
          </span>
        )}
      </div>
      {/* While a prediction is asked, the step's sentence (which says what happens) waits too. */}
      {!(waiting && step.predict) && (
        <p className={`guided__text${expanded ? ' guided__text--expanded' : ''}`} id="guided-text">
          {step.text}
        </p>
      )}
      {step.predict && (
        <Prediction
          // A new visit to the step asks again.
          key={current}
          predict={step.predict}
          waiting={waiting}
          asked={askedAt === current}
          finished={finished}
          presenting={presenting}
          onRun={() => onRun?.()}
        />
      )}
      <div className={controls ? 'row' : 'row guided__buttons'}>
        {controls ?? (
          <>
            <button
              type="button"
              className="button button--ghost"
              disabled={current === 0}
              onClick={() => onGo(current - 1)}
            >
              ← Back
            </button>
            <button
              type="button"
              className="button"
              disabled={current === steps.length - 1 && !(waiting && onNext)}
              onClick={() => (onNext ? onNext() : onGo(current + 1))}
            >
              Next →
            </button>
            <button type="button" className="button button--ghost" onClick={() => onGo(null)}>
              Exit steps
            </button>
            <button
              type="button"
              className="button button--ghost guided__more"
              aria-expanded={expanded}
              aria-controls="guided-text"
              onClick={() => setExpanded(!expanded)}
            >
              {expanded ? 'Less' : 'More'}
            </button>
          </>
        )}
      </div>
    </section>
  );
}

/**
 * A step's prediction. Waiting: the question with its options (a radio group; Enter or “Run the
 * step” runs it with the answer chosen, “Skip” runs it without one), or, presenting, the question
 * and options as a prompt to the room. Once the step has run and finished: whether the prediction
 * was right, the answer and why (presenting, the step bar's head gives the answer).
 */
function Prediction({
  predict,
  waiting,
  asked,
  finished,
  presenting,
  onRun,
}: {
  predict: StepPrediction;
  waiting: boolean;
  asked: boolean;
  finished: boolean;
  presenting: boolean;
  onRun: () => void;
}) {
  const id = useId();
  const [chosen, setChosen] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** What the learner handed in: an option, or null for a skip (and for a presenter's Next). */
  const [handedIn, setHandedIn] = useState<{ choice: number | null } | null>(null);

  const run = (choice: number | null) => {
    setHandedIn({ choice });
    onRun();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen === null) {
      setError('Choose what you expect first, or press Skip.');
      return;
    }
    run(chosen);
  };

  if (waiting && presenting)
    return (
      <div className="guided__predict" role="group" aria-labelledby={`${id}-q`}>
        <p className="guided__question" id={`${id}-q`}>
          <strong>Predict:</strong> {predict.question}
        </p>
        <ol className="guided__prompt">
          {predict.options.map((option) => (
            <li key={option}>{option}</li>
          ))}
        </ol>
        <p className="field__hint">
          Ask the room, then <kbd>→</kbd> or Next runs the step.
        </p>
      </div>
    );

  if (waiting)
    return (
      <form className="guided__predict" onSubmit={submit} noValidate>
        <fieldset aria-describedby={error ? `${id}-error` : undefined}>
          <legend className="guided__question">
            <strong>Predict first:</strong> {predict.question}
          </legend>
          <div className="guided__options">
            {predict.options.map((option, index) => (
              <label key={option} className="guided__option">
                <input
                  type="radio"
                  name={`${id}-answer`}
                  checked={chosen === index}
                  onChange={() => {
                    setChosen(index);
                    setError(null);
                  }}
                />{' '}
                {option}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="row">
          <button type="submit" className="button button--small">
            Run the step
          </button>
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() => run(null)}
          >
            Skip
          </button>
          {error && (
            <span className="field__error" id={`${id}-error`} role="alert">
              {error}
            </span>
          )}
        </div>
      </form>
    );

  // The step ran: once it has finished, its result is on screen and the answer can be given.
  if (!asked || presenting) return null;
  const answer = predict.options[predict.answer];
  const choice = handedIn?.choice ?? null;
  return (
    <p className="guided__predict guided__outcome" role="status">
      {!finished ? (
        'The step is running…'
      ) : choice === null ? (
        <>
          <strong>The answer: {answer}.</strong> {predict.why}
        </>
      ) : choice === predict.answer ? (
        <>
          <strong className="recap__right">✓ You predicted right: {answer}.</strong> {predict.why}
        </>
      ) : (
        <>
          <strong className="recap__wrong">
            ✗ Not this time: you predicted “{predict.options[choice]}”; the answer is {answer}.
          </strong>{' '}
          {predict.why}
        </>
      )}
    </p>
  );
}
