/**
 * The shell: a skip link, a header with the theme switch, the navigation of labs in the talk's
 * order, and the open lab (loaded on demand) with its toolbar and guided steps. In embed mode only
 * the lab is shown; in presenter mode the lab fills the screen in large type and the keyboard
 * drives the guided steps.
 */
import {
  Component,
  Suspense,
  lazy,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ComponentType,
  type ReactNode,
  type RefObject,
} from 'react';
import type { Route } from '../core/route';
import { LABS, findLab, type LabEntry } from '../labs/registry';
import { LabContext, type LabAction, type LabContextValue } from '../ui/lab-context';
import { GuidedSteps } from './GuidedSteps';
import { Landing } from './Landing';
import logo from './logo.svg';
import { LabToolbar } from './LabToolbar';
import { useEmbedHeight, usePresenterKeys } from './modes';
import { systemTheme, useTheme, type Theme } from './theme';
import { navigate, useRoute, useUpdateParams } from './use-route';
import { ThenAndNow } from './ThenAndNow';
import { UpdateNotice } from './UpdateNotice';
import { reloadIntoNewVersion } from '../platform/register-service-worker';

const panels = new Map<string, ComponentType>();
function panelFor(lab: LabEntry): ComponentType {
  let panel = panels.get(lab.id);
  if (!panel) {
    panel = lazy(() =>
      lab.loadPanel().catch((cause: unknown) => {
        throw new PanelLoadError(cause);
      }),
    );
    panels.set(lab.id, panel);
  }
  return panel;
}

type LabRoute = Extract<Route, { kind: 'lab' }>;

export function App() {
  const route = useRoute();
  const lab = route.kind === 'lab' ? findLab(route.labId) : undefined;
  const mode = route.kind === 'lab' ? route.mode : 'normal';
  const forcedTheme =
    mode === 'embed' && route.kind === 'lab'
      ? (themeParam(route.params.theme) ?? systemTheme())
      : mode === 'present'
        ? 'contrast'
        : null;
  const [theme, toggleTheme] = useTheme(forcedTheme);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    document.title = lab ? `${lab.title} · Security Playground` : 'Security Playground';
  }, [lab]);

  const labId = lab?.id;
  useEffect(() => {
    // Moving between labs puts keyboard focus at the top of the new lab.
    if (labId && mode === 'normal') mainRef.current?.focus({ preventScroll: false });
  }, [labId, mode]);

  useEffect(() => {
    document.documentElement.dataset.mode = mode;
  }, [mode]);

  const content =
    route.kind === 'home' ? (
      <Landing />
    ) : lab ? (
      <LabScreen lab={lab} route={route} />
    ) : (
      <NotFound id={route.labId} />
    );

  if (mode !== 'normal') {
    return (
      <main className={mode === 'embed' ? 'embed' : 'presenter'} id="main">
        <UpdateNotice />
        {content}
      </main>
    );
  }

  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="shell__header">
        <a className="brand" href="#/">
          <img src={logo} alt="" width={24} height={24} /> Security Playground
        </a>
        <button
          type="button"
          className="button button--ghost"
          onClick={toggleTheme}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        >
          {theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
      </header>
      <nav className="shell__nav" aria-label="Labs">
        <ol>
          {LABS.map((entry, index) => (
            <li key={entry.id}>
              <a href={`#/${entry.id}`} aria-current={entry.id === lab?.id ? 'page' : undefined}>
                <span className="nav__number" aria-hidden="true">
                  {index + 1}
                </span>
                {entry.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <main className="shell__main" id="main" ref={mainRef} tabIndex={-1}>
        <UpdateNotice />
        {content}
      </main>
    </div>
  );
}

/** An action asked for, and the guided step (0-based) that asked, if one did. */
interface AskedAction extends LabAction {
  step: number | null;
}

/** One lab with its toolbar, guided steps and the actions steps ask for. */
function LabScreen({ lab, route }: { lab: LabEntry; route: LabRoute }) {
  const setParams = useUpdateParams();
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
  const rootRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLElement>(null);

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
      params: route.params,
      setParams,
      embed: route.mode === 'embed',
      presenting: route.mode === 'present',
      publishResults: setResults,
      action,
      runAction,
      actionRan: setRan,
      holdBusy,
    }),
    [lab.id, route.params, route.mode, setParams, action, runAction, holdBusy],
  );

  const goToStep = useCallback(
    (index: number | null) => {
      if (index === null) {
        const { step: _step, ...rest } = route.params;
        navigate({ ...route, params: rest }, { replace: true });
        return;
      }
      const step = lab.steps[index];
      if (!step) return;
      // A seed in the address (a lab that takes one) stays: the walk-through repeats exactly.
      const seed = 'seed' in lab.params ? route.params.seed : undefined;
      navigate(
        {
          ...route,
          params: { ...step.params, ...(seed ? { seed } : {}), step: String(index + 1) },
        },
        { replace: true },
      );
      if (step.action) ask(step.action, index);
      setVisit((previous) => previous + 1);
    },
    [route, lab, ask],
  );

  const reset = useCallback(() => {
    navigate({ ...route, params: {} }, { replace: true });
    setAction(null);
    setGeneration((g) => g + 1);
    window.scrollTo({ top: 0 });
  }, [route]);

  const stepParam = Number(route.params.step);
  const currentStep =
    Number.isInteger(stepParam) && stepParam >= 1 && stepParam <= lab.steps.length
      ? stepParam - 1
      : null;
  const step = currentStep === null ? null : lab.steps[currentStep]!;

  const stepActionRan =
    action !== null && currentStep !== null && action.step === currentStep && ran === action.nonce;
  // A step has finished once its action ran (if it has one) and no job of the lab is running.
  const finished = useSettled(
    step !== null && (!step.action || stepActionRan) && busy === 0,
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

  usePresenterKeys(route.mode === 'present', {
    next: () =>
      goToStep(currentStep === null ? 0 : Math.min(currentStep + 1, lab.steps.length - 1)),
    back: () => goToStep(currentStep === null ? 0 : Math.max(currentStep - 1, 0)),
    reset,
  });
  useEmbedHeight(route.mode === 'embed', rootRef, lab.id);

  return (
    <LabContext.Provider value={context}>
      <div ref={rootRef} className="lab-screen">
        <LabToolbar lab={lab} route={route} onReset={reset} results={results} />
        {route.mode !== 'embed' && (
          <GuidedSteps
            steps={lab.steps}
            current={currentStep}
            actionRan={stepActionRan}
            finished={finished}
            onGo={goToStep}
            panelRef={panelRef}
          />
        )}
        {/* Keyed by lab too: an error in one lab must not stay on screen in the next. */}
        <LabView key={`${lab.id}:${generation}`} lab={lab} />
      </div>
    </LabContext.Provider>
  );
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
    // Wait a frame so the step's inputs have rendered.
    const frame = window.requestAnimationFrame(() => bring(false));
    const mutations = new MutationObserver(() => bring(false));
    mutations.observe(root, { childList: true, subtree: true });
    const resizes = new ResizeObserver(() => bring(true));
    resizes.observe(root);
    const onResize = () => bring(true);
    window.addEventListener('resize', onResize);
    const readerTookOver = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;
    const stop = () => {
      window.cancelAnimationFrame(frame);
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

function themeParam(value: string | undefined): Theme | null {
  return value === 'light' || value === 'dark' ? value : null;
}

function LabView({ lab }: { lab: LabEntry }) {
  const Panel = panelFor(lab);
  return (
    <PanelBoundary title={lab.title}>
      <Suspense
        fallback={
          <p className="loading" role="status">
            Loading the {lab.title} lab…
          </p>
        }
      >
        <Panel />
        <ThenAndNow labId={lab.id} />
      </Suspense>
    </PanelBoundary>
  );
}

function NotFound({ id }: { id: string }) {
  return (
    <article>
      <h1>No lab called “{id}”</h1>
      <p>
        The address names a lab this version does not have. <a href="#/">See all labs</a>.
      </p>
    </article>
  );
}

/**
 * A lab's code that could not be fetched: after a deploy, a tab opened on the previous version
 * asks for files the server no longer has (and, once the new version took over, neither has the
 * offline cache).
 */
class PanelLoadError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'PanelLoadError';
  }
}

/** A last line of defence: a bug in one panel shows a message instead of blanking the page. */
class PanelBoundary extends Component<
  { title: string; children: ReactNode },
  { error: Error | null }
> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error instanceof PanelLoadError) {
      return (
        <div className="callout callout--warning" role="alert">
          <strong>A new version is ready — reload to open the {this.props.title} lab.</strong>
          <p>
            This page was opened before the app was updated, and the lab's code from that version is
            no longer available (or the network is down).
          </p>
          <button type="button" className="button" onClick={() => void reloadIntoNewVersion()}>
            Reload
          </button>
        </div>
      );
    }
    if (this.state.error) {
      return (
        <div className="callout callout--danger" role="alert">
          <strong>The {this.props.title} lab stopped with an error.</strong>
          <p>{this.state.error.message}</p>
          <button type="button" className="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
