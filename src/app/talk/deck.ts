/**
 * The talk as one deck: for each lab, in the talk's order, one slide per advice point (the
 * landing page's list: the point and what to use today), then the lab's guided steps, the same
 * step objects the lab's own walk-through uses. A slide has a stable id, kept in the deck's
 * address (`#/talk?at=hashes-step-3`) so a reload resumes where the talk was.
 */
import type { GuidedStep, LabContract, TalkPoint } from '../../ui/lab-contract';

interface SlideBase {
  /** Stable and readable: `<lab>-point-<n>` or `<lab>-step-<n>`, counted from 1. */
  id: string;
  labId: string;
  labTitle: string;
  /** The lab's place in the talk, from 1. */
  labNumber: number;
}

export interface PointSlide extends SlideBase {
  kind: 'point';
  point: TalkPoint;
  /** 0-based, among the lab's points. */
  pointIndex: number;
}

export interface StepSlide extends SlideBase {
  kind: 'step';
  step: GuidedStep;
  /** 0-based, among the lab's steps. */
  stepIndex: number;
  stepCount: number;
}

export type Slide = PointSlide | StepSlide;

export function buildDeck(labs: readonly LabContract[]): Slide[] {
  return labs.flatMap((lab, labIndex): Slide[] => {
    const base = { labId: lab.id, labTitle: lab.title, labNumber: labIndex + 1 };
    return [
      ...lab.points.map((point, pointIndex): PointSlide => ({
        ...base,
        id: `${lab.id}-point-${pointIndex + 1}`,
        kind: 'point',
        point,
        pointIndex,
      })),
      ...lab.steps.map((step, stepIndex): StepSlide => ({
        ...base,
        id: `${lab.id}-step-${stepIndex + 1}`,
        kind: 'step',
        step,
        stepIndex,
        stepCount: lab.steps.length,
      })),
    ];
  });
}

/** The slide an address names, or null (absent, or a slide this version does not have). */
export function slideIndex(deck: readonly Slide[], at: string | undefined): number | null {
  if (at === undefined) return null;
  const index = deck.findIndex((slide) => slide.id === at);
  return index === -1 ? null : index;
}

/** What the speaker notes show for a slide: a heading and the sentence to say. */
export function slideNotes(slide: Slide): { title: string; text: string } {
  return slide.kind === 'point'
    ? { title: slide.point.advice, text: `Today: ${slide.point.today}` }
    : { title: slide.step.title, text: slide.step.text };
}

/**
 * Inputs pinned for the whole talk, from the deck's address: `<lab>.<param>=<value>` (say
 * `timing.seed=1`, so the attack comes out the same at every rehearsal). Applied over every
 * step of that lab and after a reset. Only the lab's declared parameters are taken, and for a
 * parameter with a fixed set of values only one of them.
 */
export function pinnedParams(
  lab: LabContract,
  deckParams: Readonly<Record<string, string>>,
): Record<string, string> {
  const pins: Record<string, string> = {};
  const prefix = `${lab.id}.`;
  for (const [key, value] of Object.entries(deckParams)) {
    if (!key.startsWith(prefix)) continue;
    const name = key.slice(prefix.length);
    if (!Object.hasOwn(lab.params, name)) continue;
    const choices = lab.params[name]!.choices;
    if (choices && !choices.includes(value)) continue;
    pins[name] = value;
  }
  return pins;
}
