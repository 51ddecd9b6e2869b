/**
 * The shell: a skip link, a header with the theme switch, the navigation of labs in the talk's
 * order, and the open lab (loaded on demand). In embed mode only the lab is shown.
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
} from 'react';
import { LABS, findLab, type LabEntry } from '../labs/registry';
import { LabContext, type LabContextValue } from '../ui/lab-context';
import { GuidedSteps } from './GuidedSteps';
import { Landing } from './Landing';
import { useTheme, type Theme } from './theme';
import { navigate, useRoute, useUpdateParams } from './use-route';

const panels = new Map<string, ComponentType>();
function panelFor(lab: LabEntry): ComponentType {
  let panel = panels.get(lab.id);
  if (!panel) {
    panel = lazy(lab.loadPanel);
    panels.set(lab.id, panel);
  }
  return panel;
}

export function App() {
  const route = useRoute();
  const setParams = useUpdateParams();
  const embed = route.kind === 'lab' && route.embed;
  const forcedTheme = embed && route.kind === 'lab' ? themeParam(route.params.theme) : null;
  const [theme, toggleTheme] = useTheme(forcedTheme);
  const lab = route.kind === 'lab' ? findLab(route.labId) : undefined;
  const mainRef = useRef<HTMLElement>(null);
  const [action, setAction] = useState<{ labId: string; name: string; nonce: number } | null>(null);

  useEffect(() => {
    document.title = lab ? `${lab.title} · Security Playground` : 'Security Playground';
  }, [lab]);

  const labId = lab?.id;
  useEffect(() => {
    // Moving between labs puts keyboard focus at the top of the new lab.
    if (labId && !embed) mainRef.current?.focus({ preventScroll: false });
  }, [labId, embed]);

  const context = useMemo<LabContextValue | null>(
    () =>
      route.kind === 'lab' && lab
        ? {
            labId: lab.id,
            params: route.params,
            setParams,
            embed: route.embed,
            action:
              action && action.labId === lab.id ? { name: action.name, nonce: action.nonce } : null,
          }
        : null,
    [route, lab, setParams, action],
  );

  const goToStep = useCallback(
    (index: number | null) => {
      if (route.kind !== 'lab' || !lab) return;
      if (index === null) {
        const { step: _step, ...rest } = route.params;
        navigate({ ...route, params: rest }, { replace: true });
        return;
      }
      const step = lab.steps[index];
      if (!step) return;
      navigate(
        { ...route, params: { ...step.params, step: String(index + 1) } },
        { replace: true },
      );
      const name = step.action;
      if (name)
        setAction((previous) => ({ labId: lab.id, name, nonce: (previous?.nonce ?? 0) + 1 }));
    },
    [route, lab],
  );
  const stepParam = route.kind === 'lab' ? Number(route.params.step) : NaN;
  const currentStep =
    lab && Number.isInteger(stepParam) && stepParam >= 1 && stepParam <= lab.steps.length
      ? stepParam - 1
      : null;

  const content =
    route.kind === 'home' ? (
      <Landing />
    ) : lab && context ? (
      <LabContext.Provider value={context}>
        <GuidedSteps steps={lab.steps} current={currentStep} onGo={goToStep} />
        <LabView lab={lab} />
      </LabContext.Provider>
    ) : (
      <NotFound id={route.labId} />
    );

  if (embed) {
    return (
      <main className="embed" id="main">
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
          <img src="./favicon.svg" alt="" width={24} height={24} /> Security Playground
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
        {content}
      </main>
    </div>
  );
}

function themeParam(value: string | undefined): Theme | null {
  return value === 'light' || value === 'dark' ? value : null;
}

function LabView({ lab }: { lab: LabEntry }) {
  const Panel = panelFor(lab);
  return (
    <PanelBoundary key={lab.id} title={lab.title}>
      <Suspense
        fallback={
          <p className="loading" role="status">
            Loading the {lab.title} lab…
          </p>
        }
      >
        <Panel />
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
