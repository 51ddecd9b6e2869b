/**
 * One open lab's session, shared by the shell (a lab on its own page, in presenter mode or
 * embedded) and the talk deck: the context the panel reads (its inputs, the action asked for, its
 * busy jobs), guided steps (a step replaces the inputs, asks for its action, brings its target
 * into view, and once it has finished, its proof above the step panel), and reset. Where the
 * inputs are kept is the host's business: the shell keeps them in the lab's address, the deck in
 * its own state.
 */
import {
  startTransition,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import type { LabEntry } from '../labs/registry';
import type { LabAction, LabContextValue } from '../ui/lab-context';
import type { GuidedStep } from '../ui/lab-contract';

/** An action asked for, and the guided step (0-based) that asked, if one did. */
interface AskedAction extends LabAction {
  step: number | null;
}

export interface LabSessionHost {
  lab: LabEntry;
  params: Readonly<Record<string, string>>;
  /** An input changed: merge `changes` (undefined removes a key). */
  setParams: (changes: Record<string, string | undefined>) => void;
  /**
   * A guided step was opened (0-based): these parameters replace the lab's inputs, or with null
   * (a step that first asks for a prediction) the inputs stay as they are now, including those of
   * a step opened a moment ago that React has not rendered yet.
   */
  enterStep: (index: number, params: Readonly<Record<string, string>> | null) => void;
  /** The walk-through was closed (the shell's “Exit steps”). */
  leaveSteps: () => void;
  /** The lab was reset: its inputs go back to where the host starts them. */
  clearParams: () => void;
  /** The guided step shown now (0-based), or null. */
  currentStep: number | null;
  embed: boolean;
  presenting: boolean;
}

export interface LabSession {
  context: LabContextValue;
  /**
   * Opens a step (its inputs, its action, its elements brought into view), or closes the
   * walk-through. A step with a prediction (`predict`) waits instead, its question asked, until
   * runStep.
   */
  goToStep: (index: number | null) => void;
  /** The current step waits for the learner's prediction: its inputs and action are held back. */
  waiting: boolean;
  /**
   * Runs the step that waits for a prediction; false if none waits. With `step` (0-based), only if
   * that is the step waiting: a key handler passes the step in the address, which may be ahead of
   * what React has rendered.
   */
  runStep: (step?: number) => boolean;
  /** Starts the lab from scratch: inputs cleared and the panel remounted (its workers stop). */
  reset: () => void;
  /** Bumped by each reset: key the panel with it. */
  generation: number;
  /** The panel has performed the current step's action. */
  stepActionRan: boolean;
  /** The current step has finished: its action ran and no job of the lab is running. */
  finished: boolean;
  /** What the panel offers for “Export results (JSON)”. */
  results: unknown;
  /** The lab's root element, watched to keep a step's elements in view. */
  rootRef: RefObject<HTMLDivElement | null>;
  /** The open step panel: a step's proof is brought above it. */
  panelRef: RefObject<HTMLElement | null>;
}

export function useLabSession(host: LabSessionHost): LabSession {
  const { lab, params, setParams, currentStep, embed, presenting } = host;
  const [action, setAction] = useState<AskedAction | null>(null);
  /** The nonce of the last action a panel performed. */
  const [ran, setRan] = useState<number | null>(null);
  /** How many jobs of the lab are running (useLabBusy). */
  const [busy, setBusy] = useState(0);
  // Bumping the generation remounts the panel: a reset really starts from scratch (workers stop).
  const [generation, setGeneration] = useState(0);
  /** Each visit to a step gets a new number, so visiting it again brings its elements again. */
  const [visit, setVisit] = useState(0);
  const [results, setResults] = useState<unknown>(null);
  /** The step (0-based) whose run waits for a prediction, in state for rendering and in a ref for runStep. */
  const [held, setHeld] = useState<number | null>(null);
  const heldRef = useRef<number | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLElement>(null);

  // The host's callbacks and inputs may change on every render (the shell's follow the address);
  // the session's own callbacks stay stable and read the latest.
  const hostRef = useRef(host);
  useEffect(() => {
    hostRef.current = host;
  });

  const ask = useCallback((name: string, step: number | null) => {
    setAction((previous) => ({ name, nonce: (previous?.nonce ?? 0) + 1, step }));
  }, []);
  const runAction = useCallback((name: string) => ask(name, null), [ask]);
  const holdBusy = useCallback(() => {
    setBusy((count) => count + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      setBusy((count) => count - 1);
    };
  }, []);

  const context = useMemo<LabContextValue>(
    () => ({
      labId: lab.id,
      params,
      setParams,
      embed,
      presenting,
      publishResults: setResults,
      action,
      runAction,
      actionRan: setRan,
      holdBusy,
    }),
    [lab.id, params, setParams, embed, presenting, action, runAction, holdBusy],
  );

  const hold = useCallback((index: number | null) => {
    heldRef.current = index;
    setHeld(index);
  }, []);

  const openStep = useCallback(
    (index: number, askFirst: boolean) => {
      const step = lab.steps[index];
      if (!step) return;
      // A step re-renders much of the lab (its inputs, its action, newly shown sections): as a
      // transition React renders it in slices, so the page keeps answering (issue 15's 200 ms
      // budget). Its inputs, its action and its visit still change together, in one commit.
      startTransition(() => {
        if (askFirst && step.predict) {
          // Predict, then run: the step is open (its number, its target in view) but its inputs
          // and its action wait, so the lab still shows the state the prediction is about.
          hostRef.current.enterStep(index, null);
          hold(index);
          setVisit((previous) => previous + 1);
          return;
        }
        hold(null);
        const values: Record<string, string> = {};
        for (const [key, value] of Object.entries(step.params ?? {}))
          if (value !== undefined) values[key] = value;
        // A seed in the inputs (a lab that takes one) stays: the walk-through repeats exactly.
        const seed = 'seed' in lab.params ? hostRef.current.params.seed : undefined;
        if (seed) values.seed = seed;
        hostRef.current.enterStep(index, values);
        if (step.action) ask(step.action, index);
        setVisit((previous) => previous + 1);
      });
    },
    [lab, ask, hold],
  );

  const goToStep = useCallback(
    (index: number | null) => {
      if (index === null) {
        hold(null);
        hostRef.current.leaveSteps();
        return;
      }
      openStep(index, true);
    },
    [openStep, hold],
  );

  const runStep = useCallback(
    (step?: number) => {
      const index = heldRef.current;
      if (index === null || (step !== undefined && step !== index)) return false;
      openStep(index, false);
      return true;
    },
    [openStep],
  );

  const reset = useCallback(() => {
    hostRef.current.clearParams();
    setAction(null);
    setGeneration((g) => g + 1);
    window.scrollTo({ top: 0 });
  }, []);

  const step: GuidedStep | null = currentStep === null ? null : (lab.steps[currentStep] ?? null);
  const waiting = held !== null && held === currentStep;
  const stepActionRan =
    !waiting &&
    action !== null &&
    currentStep !== null &&
    action.step === currentStep &&
    ran === action.nonce;
  // A step has finished once its action ran (if it has one) and no job of the lab is running.
  const finished = useSettled(
    step !== null && !waiting && (!step.action || stepActionRan) && busy === 0,
    visit,
  );
  useBringIntoView(
    visit > 0 ? (step?.target ?? null) : null,
    visit > 0 ? (step?.proof ?? null) : null,
    finished,
    visit,
    rootRef,
    panelRef,
  );

  return {
    context,
    goToStep,
    waiting,
    runStep,
    reset,
    generation,
    stepActionRan,
    finished,
    results,
    rootRef,
    panelRef,
  };
}

/**
 * True once `done` has held for a moment since `key` last changed: a job a step's inputs start
 * (hashing as they change) begins a render after the inputs do, so "nothing is busy" must last
 * before it means "finished".
 */
function useSettled(done: boolean, key: number): boolean {
  const [settled, setSettled] = useState<number | null>(null);
  useEffect(() => {
    if (!done) {
      setSettled(null);
      return;
    }
    const timer = window.setTimeout(() => setSettled(key), SETTLE_MS);
    return () => window.clearTimeout(timer);
  }, [done, key]);
  return done && settled === key;
}

const SETTLE_MS = 250;
/** Space kept between a brought element and the edge of the screen or the step panel. */
const BRING_MARGIN = 12;

/**
 * Brings a step's elements into view: its target (the section it is about) as soon as the step
 * opens, and its proof (the element that proves the step's sentence) once the step has finished,
 * above the guided-steps panel, with the target still on screen when both fit. It brings them
 * again each time the lab puts up a new element with that id, when the lab's layout changes
 * around it and when the window is resized, until the reader scrolls, clicks or types, or the
 * step changes.
 */
function useBringIntoView(
  target: string | null,
  proof: string | null,
  finished: boolean,
  visit: number,
  rootRef: RefObject<HTMLElement | null>,
  panelRef: RefObject<HTMLElement | null>,
): void {
  /** The visit during which the reader took over. */
  const readerVisit = useRef<number | null>(null);
  useEffect(() => {
    const root = rootRef.current;
    const id = finished ? (proof ?? target) : target;
    if (!id || !root || readerVisit.current === visit) return;
    let shown: Element | null = null;
    const bring = (again: boolean) => {
      const element = document.getElementById(id);
      if (!element || (element === shown && !again)) return;
      shown = element;
      const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      if (finished && proof)
        placeAbovePanel(
          element,
          target ? document.getElementById(target) : null,
          panelRef.current,
          smooth,
        );
      else element.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
    };
    // Wait a frame so the step's inputs have rendered; once the step has finished, look again a
    // little later too (an editor or a chart may settle its layout without resizing the lab).
    const frame = window.requestAnimationFrame(() => bring(false));
    const later = finished ? [300, 1000].map((ms) => window.setTimeout(() => bring(true), ms)) : [];
    const mutations = new MutationObserver(() => bring(false));
    mutations.observe(root, { childList: true, subtree: true });
    const resizes = new ResizeObserver(() => bring(true));
    resizes.observe(root);
    const onResize = () => bring(true);
    window.addEventListener('resize', onResize);
    const readerTookOver = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;
    const stop = () => {
      window.cancelAnimationFrame(frame);
      for (const timer of later) window.clearTimeout(timer);
      mutations.disconnect();
      resizes.disconnect();
      window.removeEventListener('resize', onResize);
      for (const type of readerTookOver) window.removeEventListener(type, onReader, true);
    };
    const onReader = () => {
      readerVisit.current = visit;
      stop();
    };
    for (const type of readerTookOver)
      window.addEventListener(type, onReader, { capture: true, passive: true });
    return stop;
  }, [target, proof, finished, visit, rootRef, panelRef]);
}

/**
 * Scrolls so `proof` is whole between the top of the screen and the top of the step panel: with
 * `heading` (the section it belongs to) at the top when both fit, else with the proof's bottom
 * just above the panel. A proof inside a scroll area of its own (a long table) is scrolled into
 * that area's view first.
 */
function placeAbovePanel(
  proof: Element,
  heading: Element | null,
  panel: Element | null,
  smooth: boolean,
): void {
  for (let box = proof.parentElement; box && box !== document.body; box = box.parentElement) {
    const { overflowY } = getComputedStyle(box);
    if (overflowY !== 'auto' && overflowY !== 'scroll') continue;
    const outer = box.getBoundingClientRect();
    const inner = proof.getBoundingClientRect();
    if (inner.bottom > outer.bottom) box.scrollTop += inner.bottom - outer.bottom + BRING_MARGIN;
    else if (inner.top < outer.top) box.scrollTop -= outer.top - inner.top + BRING_MARGIN;
  }
  const panelTop = panel?.getBoundingClientRect().top ?? window.innerHeight;
  const bottom = Math.min(window.innerHeight, panelTop > 0 ? panelTop : window.innerHeight);
  const room = bottom - 2 * BRING_MARGIN;
  const box = proof.getBoundingClientRect();
  const top = heading?.getBoundingClientRect().top;
  let by: number;
  if (top !== undefined && top <= box.top && box.bottom - top <= room) by = top - BRING_MARGIN;
  else if (box.height > room || box.top < BRING_MARGIN) by = box.top - BRING_MARGIN;
  else if (box.bottom > bottom - BRING_MARGIN) by = box.bottom - (bottom - BRING_MARGIN);
  else by = 0;
  if (Math.abs(by) < 1) return;
  window.scrollTo({ top: window.scrollY + by, behavior: smooth ? 'smooth' : 'auto' });
}
