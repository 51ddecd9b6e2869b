/**
 * The guided walk-through bar above a lab: Start, Back, Next and Exit. Each step replaces the
 * lab's inputs with its own and may ask the panel to act. The step number is kept in the address
 * (`step=N`), so a link can open a lab at a step.
 */
import { useState, type ReactNode, type RefObject } from 'react';
import type { GuidedStep } from '../ui/lab-contract';

interface GuidedStepsProps {
  steps: readonly GuidedStep[];
  /** 0-based step index, or null when the walk-through is closed. */
  current: number | null;
  /** The panel has performed the current step's action. */
  actionRan: boolean;
  /** The step has finished: its action ran and the lab's work is done (its proof is shown). */
  finished: boolean;
  onGo: (index: number | null) => void;
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
  panelRef,
  controls,
}: GuidedStepsProps) {
  // On a phone the step's text is cut to two lines until the reader asks for the rest.
  const [expanded, setExpanded] = useState(false);
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
      </div>
      <p className={`guided__text${expanded ? ' guided__text--expanded' : ''}`} id="guided-text">
        {step.text}
      </p>
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
              disabled={current === steps.length - 1}
              onClick={() => onGo(current + 1)}
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
