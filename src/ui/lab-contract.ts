/**
 * A lab's contract with the shell (after squoosh's features/<name>/shared/meta.ts): what it is
 * called, the talk's points it shows, the parameters it keeps in the address (with their defaults
 * and allowed values), the actions a guided step may ask it to perform, the elements a step may
 * bring into view, and its guided steps. Each lab declares one in `src/labs/<id>/lab.ts` with
 * `defineLab`; the steps are checked against the rest by the compiler, and panels read their
 * parameters and register their actions through the typed hooks in lab-context.ts.
 */

export interface TalkPoint {
  /** The advice, in a few words. */
  advice: string;
  /** What to use today. */
  today: string;
}

/** A parameter kept in the address: a default, and the values allowed (absent: free text). */
export interface ParamSpec<V extends string = string> {
  default: V;
  choices?: readonly V[];
}

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The values a parameter may take: one of its choices, or any text. */
export type ParamValue<S> = S extends { choices: readonly (infer C extends string)[] } ? C : string;

/**
 * One step of a lab's guided walk-through (set up, attack, see it succeed, apply the fix, see it
 * fail). Opening a step replaces the lab's inputs with `params` and then asks the panel to perform
 * `action`; `target` is the id of the element to bring into view (so a speaker never scrolls).
 */
export interface GuidedStep<
  P extends ParamSpecs = ParamSpecs,
  A extends string = string,
  T extends string = string,
> {
  title: string;
  text: string;
  params?: { readonly [K in keyof P]?: ParamValue<P[K]> };
  action?: A;
  target?: T;
  /**
   * The id of the element that proves the step's sentence (the verdict, the chart, the recovered
   * key): once the step's action has finished it must be in view, above the step panel, in normal
   * and presenter mode at 1280×800 and 1280×720, and in the talk deck. Declared in `targets`.
   */
  proof?: T;
  /**
   * Predict, then run: a question the learner answers before the step runs (its inputs and its
   * action wait for the answer or a skip), then told whether the step's result proved it right.
   */
  predict?: StepPrediction;
}

/**
 * A question asked before a guided step runs. `answer` is the option the step's own result proves
 * right; src/labs/step-predictions.test.ts runs each lab's core on the step's inputs to confirm it.
 */
export interface StepPrediction {
  question: string;
  /** Two to four short options. */
  options: readonly string[];
  /** The index of the option the step's result proves right. */
  answer: number;
  /** One line: why the step comes out that way, shown once it has run. */
  why: string;
}

export interface LabContract<
  P extends ParamSpecs = ParamSpecs,
  A extends string = string,
  T extends string = string,
> {
  id: string;
  title: string;
  /** One line for the navigation and landing page. */
  summary: string;
  points: readonly TalkPoint[];
  params: P;
  /** What a step (or a button of the shell) may ask the panel to do: see useLabAction. */
  actions: readonly A[];
  /** Ids of elements a step may bring into view: literal `id="…"` attributes in the lab's components. */
  targets: readonly T[];
  steps: readonly GuidedStep<P, A, T>[];
}

export type ParamKey<L extends LabContract> = keyof L['params'] & string;
/** The parameters that have a fixed set of values. */
export type ChoiceKey<L extends LabContract> = {
  [K in ParamKey<L>]: L['params'][K] extends { choices: readonly string[] } ? K : never;
}[ParamKey<L>];
export type ActionOf<L extends LabContract> = L['actions'][number];
export type TargetOf<L extends LabContract> = L['targets'][number];

/**
 * Declares a lab. The steps are typed against the parameters, actions and targets declared beside
 * them (NoInfer: a step cannot widen them), so a step naming one that does not exist, or a value a
 * parameter does not allow, fails to compile.
 */
export function defineLab<
  const P extends ParamSpecs,
  const A extends string,
  const T extends string,
>(lab: {
  id: string;
  title: string;
  summary: string;
  points: readonly TalkPoint[];
  params: P;
  actions: readonly A[];
  targets: readonly T[];
  steps: readonly GuidedStep<NoInfer<P>, NoInfer<A>, NoInfer<T>>[];
}): LabContract<P, A, T> {
  return lab;
}

/** A parameter with a fixed set of values; a link with another value falls back to the default. */
export function choice<const C extends string>(
  choices: readonly C[],
  defaultValue: NoInfer<C>,
): ParamSpec<C> & { choices: readonly C[] } {
  return { default: defaultValue, choices };
}

/** A free-text parameter (numbers, hex, a pasted pickle…), parsed by the panel that uses it. */
export function text(defaultValue: string): ParamSpec {
  return { default: defaultValue };
}
