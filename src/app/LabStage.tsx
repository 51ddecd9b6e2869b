/**
 * An open lab on the page: its context, its root (watched to keep a step's target in view), what
 * the host puts above it (toolbar, guided steps) and its panel, loaded on demand and remounted by
 * a reset. Used by the shell and by the talk deck, with a session from useLabSession.
 */
import { Component, Suspense, lazy, type ComponentType, type ReactNode } from 'react';
import type { LabEntry } from '../labs/registry';
import { LabContext } from '../ui/lab-context';
import type { LabSession } from './lab-session';
import { Recap } from './Recap';
import { ThenAndNow } from './ThenAndNow';
import { reloadIntoNewVersion } from '../platform/register-service-worker';

// Its challenges, near the end of the lab: loaded apart, with every lab's challenge definitions.
const LabChallenges = lazy(() => import('./challenges/LabChallenges'));

export function LabStage({
  lab,
  session,
  children,
}: {
  lab: LabEntry;
  session: LabSession;
  children?: ReactNode;
}) {
  return (
    <LabContext.Provider value={session.context}>
      <div ref={session.rootRef} className="lab-screen">
        {children}
        {/* Keyed by lab too: an error in one lab must not stay on screen in the next. */}
        <LabView
          key={`${lab.id}:${session.generation}`}
          lab={lab}
          withChallenges={!session.context.embed && !session.context.presenting}
        />
      </div>
    </LabContext.Provider>
  );
}

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

function LabView({ lab, withChallenges }: { lab: LabEntry; withChallenges: boolean }) {
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
        {withChallenges && (
          <Suspense fallback={null}>
            <LabChallenges labId={lab.id} />
          </Suspense>
        )}
        <Recap labId={lab.id} />
      </Suspense>
    </PanelBoundary>
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
