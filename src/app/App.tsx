/**
 * The shell: a skip link, a header with the talk deck's link and the theme switch, the navigation
 * of labs in the talk's order, and the open lab (loaded on demand) with its toolbar and guided
 * steps. In embed mode only the lab is shown; in presenter mode the lab fills the screen in large
 * type and the keyboard drives the guided steps; the talk deck (`#/talk`) and its speaker notes
 * take the whole window.
 */
import { Suspense, lazy, useCallback, useEffect, useRef } from 'react';
import type { Route } from '../core/route';
import { LABS, findLab, type LabEntry } from '../labs/registry';
import { GuidedSteps } from './GuidedSteps';
import { Landing } from './Landing';
import { LabStage } from './LabStage';
import { useLabSession } from './lab-session';
import logo from './logo.svg';
import { LabToolbar } from './LabToolbar';
import { takeEarlyKeys } from './early-keys';
import { useEmbedHeight, usePresenterKeys } from './modes';
import { systemTheme, useTheme, type Theme } from './theme';
import { talkAddress } from './talk/talk';
import { currentRoute, navigate, useRoute, useUpdateParams } from './use-route';
import { UpdateNotice } from './UpdateNotice';
import { useSidewaysOverflow } from '../ui/use-sideways-overflow';

// The talk deck and its notes load only when opened.
const TalkDeck = lazy(() => import('./talk/TalkDeck'));
const TalkNotes = lazy(() => import('./talk/TalkNotes'));
// The challenges load on demand, like the labs: they bring every lab's challenge definitions.
const ChallengesIndex = lazy(() => import('./challenges/ChallengesIndex'));
const ChallengePage = lazy(() => import('./challenges/ChallengePage'));

type LabRoute = Extract<Route, { kind: 'lab' }>;

export function App() {
  const route = useRoute();
  const lab = route.kind === 'lab' ? findLab(route.labId) : undefined;
  const talk = route.kind === 'talk' || route.kind === 'talk-notes';
  // The talk deck and its notes are presenter screens too: large type, the projector theme.
  const mode =
    route.kind === 'lab' || route.kind === 'challenge' ? route.mode : talk ? 'present' : 'normal';
  const forcedTheme =
    mode === 'embed' && (route.kind === 'lab' || route.kind === 'challenge')
      ? (themeParam(route.params.theme) ?? systemTheme())
      : mode === 'present'
        ? 'contrast'
        : null;
  const [theme, toggleTheme] = useTheme(forcedTheme);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    document.title = lab
      ? `${lab.title} · Security Playground`
      : route.kind === 'talk'
        ? 'Advanced Security Topics · Security Playground'
        : route.kind === 'talk-notes'
          ? 'Speaker notes · Security Playground'
          : route.kind === 'challenges' || route.kind === 'challenge'
            ? 'Challenges · Security Playground'
            : 'Security Playground';
  }, [lab, route.kind]);

  const labId = lab?.id;
  useEffect(() => {
    // Moving between labs puts keyboard focus at the top of the new lab.
    if (labId && mode === 'normal') mainRef.current?.focus({ preventScroll: false });
  }, [labId, mode]);

  useEffect(() => {
    document.documentElement.dataset.mode = mode;
  }, [mode]);

  // Keys pressed before the first render go to a presenter-key handler (early-keys.ts); a lab
  // takes them in its own effect, which runs before this one, and the talk deck when it has
  // loaded. Anywhere else they are dropped, so they cannot fire later in another screen.
  useEffect(() => {
    if (!talk) takeEarlyKeys();
  }, [talk]);

  if (talk) {
    return (
      <main className={route.kind === 'talk' ? 'presenter deck' : 'presenter talk-notes'} id="main">
        <UpdateNotice />
        <Suspense
          fallback={
            <p className="loading" role="status">
              Loading the talk…
            </p>
          }
        >
          {route.kind === 'talk' ? <TalkDeck params={route.params} /> : <TalkNotes />}
        </Suspense>
      </main>
    );
  }

  const content =
    route.kind === 'home' ? (
      <Landing />
    ) : route.kind === 'challenges' ? (
      <Suspense fallback={<Loading what="the challenges" />}>
        <ChallengesIndex />
      </Suspense>
    ) : route.kind === 'challenge' ? (
      <Suspense fallback={<Loading what="the challenge" />}>
        <ChallengePage
          challengeId={route.challengeId}
          params={route.params}
          embed={route.mode === 'embed'}
        />
      </Suspense>
    ) : lab ? (
      <LabScreen lab={lab} route={route} />
    ) : route.kind === 'lab' ? (
      <NotFound id={route.labId} />
    ) : null;

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
        <a
          className="shell__challenges"
          href="#/challenges"
          aria-current={route.kind === 'challenges' ? 'page' : undefined}
        >
          Challenges
        </a>
        <div className="shell__tools">
          <a className="button button--ghost" href={talkAddress()}>
            ▶ Talk deck
          </a>
          <button
            type="button"
            className="button button--ghost"
            onClick={toggleTheme}
            aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          >
            {theme === 'dark' ? '☀ Light' : '☾ Dark'}
          </button>
        </div>
      </header>
      <LabMenu labId={lab?.id} />
      <main className="shell__main" id="main" ref={mainRef} tabIndex={-1}>
        <UpdateNotice />
        {content}
      </main>
    </div>
  );
}

/**
 * The labs in the talk's order. On a phone it is one row that scrolls sideways; while more labs
 * lie to the right, a fade and a button say so (the button scrolls on).
 */
function LabMenu({ labId }: { labId: string | undefined }) {
  const list = useRef<HTMLOListElement>(null);
  const more = useSidewaysOverflow(list);
  return (
    <nav className={`shell__nav${more ? ' shell__nav--more' : ''}`} aria-label="Labs">
      <ol ref={list}>
        {LABS.map((entry, index) => (
          <li key={entry.id}>
            <a href={`#/${entry.id}`} aria-current={entry.id === labId ? 'page' : undefined}>
              <span className="nav__number" aria-hidden="true">
                {index + 1}
              </span>
              {entry.title}
            </a>
          </li>
        ))}
      </ol>
      {more && (
        <button
          type="button"
          className="shell__nav-more"
          aria-label="More labs"
          onClick={() => list.current?.scrollBy({ left: list.current.clientWidth * 0.8 })}
        >
          →
        </button>
      )}
    </nav>
  );
}

/** One lab with its toolbar and guided steps; its inputs and step live in the address. */
function LabScreen({ lab, route }: { lab: LabEntry; route: LabRoute }) {
  const setParams = useUpdateParams();
  const currentStep = stepIn(lab, route.params);

  const session = useLabSession({
    lab,
    params: route.params,
    setParams,
    // A step changes the address inside a transition: until React renders it, `route` is the
    // address before, so what a step keeps or removes is read from the address itself.
    enterStep: (index, params) => {
      const { step: _step, ...now } = addressParams(route);
      navigate(
        { ...route, params: { ...(params ?? now), step: String(index + 1) } },
        { replace: true },
      );
    },
    leaveSteps: () => {
      const { step: _step, ...rest } = addressParams(route);
      navigate({ ...route, params: rest }, { replace: true });
    },
    clearParams: () => navigate({ ...route, params: {} }, { replace: true }),
    currentStep,
    embed: route.mode === 'embed',
    presenting: route.mode === 'present',
  });
  const { goToStep, runStep, waiting, reset, rootRef } = session;

  // A link that names only a step (the landing page's "Start here") opens that step as Next
  // would: its inputs set, its action run, its proof brought into view.
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current) return;
    opened.current = true;
    const keys = Object.keys(route.params);
    const step = Number(route.params.step);
    if (keys.length === 1 && keys[0] === 'step' && Number.isInteger(step)) goToStep(step - 1);
  }, [route.params, goToStep]);

  // → and ← count from the step in the address, not from `currentStep`: a step opens as a
  // transition, so a second press can come before React has rendered the first.
  const next = useCallback(() => {
    const current = stepIn(lab, addressParams(route));
    // Presenting, Next first runs a step that waits for a prediction (the room has been asked).
    if (current !== null && runStep(current)) return;
    goToStep(current === null ? 0 : Math.min(current + 1, lab.steps.length - 1));
  }, [goToStep, runStep, lab, route]);
  const back = useCallback(() => {
    const current = stepIn(lab, addressParams(route));
    goToStep(current === null ? 0 : Math.max(current - 1, 0));
  }, [goToStep, lab, route]);
  usePresenterKeys(route.mode === 'present', { next, back, reset });
  useEmbedHeight(route.mode === 'embed', rootRef, lab.id);

  return (
    <LabStage lab={lab} session={session}>
      <LabToolbar lab={lab} route={route} onReset={reset} results={session.results} />
      {route.mode !== 'embed' && (
        <GuidedSteps
          steps={lab.steps}
          current={currentStep}
          actionRan={session.stepActionRan}
          finished={session.finished}
          onGo={goToStep}
          waiting={waiting}
          onRun={runStep}
          presenting={route.mode === 'present'}
          onNext={route.mode === 'present' ? next : undefined}
          panelRef={session.panelRef}
        />
      )}
    </LabStage>
  );
}

/** The guided step (0-based) that these inputs name, or null. */
function stepIn(lab: LabEntry, params: Readonly<Record<string, string>>): number | null {
  const step = Number(params.step);
  return Number.isInteger(step) && step >= 1 && step <= lab.steps.length ? step - 1 : null;
}

/** This lab's inputs as the address holds them now (`route`'s, if it names another page). */
function addressParams(route: LabRoute): Readonly<Record<string, string>> {
  const now = currentRoute();
  return now.kind === 'lab' && now.labId === route.labId ? now.params : route.params;
}

function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

function themeParam(value: string | undefined): Theme | null {
  return value === 'light' || value === 'dark' ? value : null;
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
