/**
 * The whole talk as one keyboard-driven deck (`#/talk?at=<slide>`): for each lab, its advice
 * points as slides, then its guided steps run on the lab itself, in presenter mode. The lab is
 * driven by the same session as the shell's (lab-session.ts): a step replaces the inputs, asks
 * for its action and brings its target into view. A clock, the position, and a speaker-notes
 * window kept in step over a BroadcastChannel.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { formatRoute } from '../../core/route';
import { findLab, type LabEntry } from '../../labs/registry';
import { GuidedSteps } from '../GuidedSteps';
import { LabStage } from '../LabStage';
import { useLabSession } from '../lab-session';
import { usePresenterKeys } from '../modes';
import { navigate } from '../use-route';
import {
  CLOCK_AT_ZERO,
  elapsedMs,
  formatElapsed,
  parseClock,
  toggleClock,
  type TalkClock,
} from './clock';
import { pinnedParams, slideIndex, type PointSlide, type Slide } from './deck';
import { DECK, isSlide } from './talk';
import type { TalkMessage } from './messages';
import { useNow, useTalkChannel } from './use-talk-channel';
import './talk.css';

const CLOCK_KEY = 'security-playground:talk-clock';

export default function TalkDeck({ params }: { params: Readonly<Record<string, string>> }) {
  const index = slideIndex(DECK, params.at) ?? 0;
  const slide = DECK[index]!;
  const lab = findLab(slide.labId)!;

  // The address always names the slide, so a reload resumes here.
  const paramsRef = useRef(params);
  useEffect(() => {
    paramsRef.current = params;
    if (params.at !== slide.id)
      navigate({ kind: 'talk', params: { ...params, at: slide.id } }, { replace: true });
  }, [params, slide.id]);

  const go = useCallback((to: number) => {
    const target = DECK[Math.max(0, Math.min(DECK.length - 1, to))]!;
    navigate({ kind: 'talk', params: { ...paramsRef.current, at: target.id } }, { replace: true });
  }, []);
  // A step that waits for a prediction: Next runs it (the room has been asked), the next Next moves on.
  const runHeldRef = useRef<(() => boolean) | null>(null);
  const next = useCallback(() => {
    if (runHeldRef.current?.()) return;
    go(index + 1);
  }, [go, index]);
  const back = useCallback(() => go(index - 1), [go, index]);

  const [clock, setClock] = useState<TalkClock>(storedClock);
  useEffect(() => storeClock(clock), [clock]);
  const toggle = useCallback(() => setClock((c) => toggleClock(c, Date.now())), []);

  const [notesBlocked, setNotesBlocked] = useState(false);
  const openNotes = useCallback(() => {
    const address = `${window.location.pathname}${window.location.search}${formatRoute({ kind: 'talk-notes' })}`;
    const opened = window.open(address, 'security-playground-notes', 'popup,width=960,height=720');
    setNotesBlocked(opened === null);
  }, []);

  // R resets the lab on screen; a point slide has none.
  const resetRef = useRef<(() => void) | null>(null);
  const reset = useCallback(() => resetRef.current?.(), []);

  usePresenterKeys(true, { next, back, reset, notes: openNotes, clock: toggle });

  // The notes window: tell it where the talk is, and take its keys.
  const state = useMemo<TalkMessage>(
    () => ({ type: 'talk:state', at: slide.id, clock }),
    [slide.id, clock],
  );
  const commands = useRef({ next, back, reset, clock: toggle });
  useEffect(() => {
    commands.current = { next, back, reset, clock: toggle };
  });
  const post = useTalkChannel(isSlide, (message) => {
    if (message.type === 'talk:hello') post(state);
    else if (message.type === 'talk:command') commands.current[message.command]();
  });
  useEffect(() => post(state), [post, state]);

  // While the advice is on screen, fetch the lab's code, so its first step opens at once.
  useEffect(() => {
    if (slide.kind === 'point') void lab.loadPanel().catch(() => undefined);
  }, [slide.kind, lab]);

  const bar = (
    <DeckBar
      index={index}
      slide={slide}
      clock={clock}
      onBack={back}
      onNext={next}
      onToggleClock={toggle}
      onNotes={openNotes}
      onReset={slide.kind === 'step' ? reset : null}
      notesBlocked={notesBlocked}
    />
  );

  if (slide.kind === 'point')
    return (
      <>
        <PointView slide={slide} />
        <div className="guided deck-footer">{bar}</div>
      </>
    );
  return (
    <DeckLab
      key={lab.id}
      lab={lab}
      stepIndex={slide.stepIndex}
      deckParams={params}
      onStep={(stepIndex) => go(index - slide.stepIndex + stepIndex)}
      resetRef={resetRef}
      runHeldRef={runHeldRef}
    >
      {bar}
    </DeckLab>
  );
}

function PointView({ slide }: { slide: PointSlide }) {
  const lab = findLab(slide.labId)!;
  return (
    <article className="talk-slide" aria-labelledby="talk-advice">
      <p className="talk-slide__kicker">
        {slide.labNumber}. {slide.labTitle} · point {slide.pointIndex + 1} of {lab.points.length}
      </p>
      <h1 className="talk-slide__advice" id="talk-advice">
        {slide.point.advice}
      </h1>
      <p className="talk-slide__today">
        <span className="talk-slide__label">Today:</span> {slide.point.today}
      </p>
      <p className="talk-slide__lab">
        Then the {slide.labTitle} lab shows it happening: {lab.steps.length} steps.
      </p>
    </article>
  );
}

/**
 * A lab during the talk, in presenter mode: its inputs kept here (the deck's address keeps only
 * the slide), each step opened through the shared session, the pinned inputs laid over them.
 */
function DeckLab({
  lab,
  stepIndex,
  deckParams,
  onStep,
  resetRef,
  runHeldRef,
  children,
}: {
  lab: LabEntry;
  stepIndex: number;
  deckParams: Readonly<Record<string, string>>;
  onStep: (index: number) => void;
  resetRef: { current: (() => void) | null };
  runHeldRef: { current: (() => boolean) | null };
  children: ReactNode;
}) {
  const pinsKey = JSON.stringify(pinnedParams(lab, deckParams));
  const pins = useMemo(() => JSON.parse(pinsKey) as Record<string, string>, [pinsKey]);
  const [params, setParamsState] = useState<Record<string, string>>(pins);
  const setParams = useCallback((changes: Record<string, string | undefined>) => {
    setParamsState((previous) => {
      const merged = { ...previous };
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) delete merged[key];
        else merged[key] = value;
      }
      return merged;
    });
  }, []);

  const session = useLabSession({
    lab,
    params,
    setParams,
    // null: the step asks for a prediction first, so the inputs stay as they are (pins kept).
    enterStep: (_index, stepParams) =>
      setParamsState((previous) => ({ ...(stepParams ?? previous), ...pins })),
    leaveSteps: () => undefined,
    clearParams: () => setParamsState(pins),
    currentStep: stepIndex,
    embed: false,
    presenting: true,
  });

  const { goToStep, reset, runStep } = session;
  useEffect(() => goToStep(stepIndex), [goToStep, stepIndex]);
  useEffect(() => {
    resetRef.current = reset;
    runHeldRef.current = runStep;
    return () => {
      resetRef.current = null;
      runHeldRef.current = null;
    };
  }, [reset, resetRef, runStep, runHeldRef]);

  return (
    <LabStage lab={lab} session={session}>
      <GuidedSteps
        steps={lab.steps}
        current={stepIndex}
        actionRan={session.stepActionRan}
        finished={session.finished}
        waiting={session.waiting}
        onRun={runStep}
        presenting
        panelRef={session.panelRef}
        onGo={(index) => (index === null ? undefined : onStep(index))}
        controls={children}
      />
    </LabStage>
  );
}

function DeckBar({
  index,
  slide,
  clock,
  onBack,
  onNext,
  onToggleClock,
  onNotes,
  onReset,
  notesBlocked,
}: {
  index: number;
  slide: Slide;
  clock: TalkClock;
  onBack: () => void;
  onNext: () => void;
  onToggleClock: () => void;
  onNotes: () => void;
  onReset: (() => void) | null;
  notesBlocked: boolean;
}) {
  const now = useNow(clock.runningSince !== null);
  return (
    <div className="deck-bar" role="group" aria-label="Talk">
      <p className="deck-bar__position">
        <span>
          Slide {index + 1} of {DECK.length}
        </span>{' '}
        <span className="deck-bar__lab">
          · {slide.labNumber}. {slide.labTitle}
        </span>
      </p>
      <span className="deck-bar__clock" role="timer" aria-label="Elapsed time">
        {formatElapsed(elapsedMs(clock, now))}
      </span>
      <button
        type="button"
        className="button button--small button--ghost"
        onClick={onToggleClock}
        aria-keyshortcuts="T"
        aria-label={clock.runningSince === null ? 'Start clock' : 'Pause clock'}
        title={clock.runningSince === null ? 'Start the clock (T)' : 'Pause the clock (T)'}
      >
        {clock.runningSince === null ? '▶' : '❚❚'}
      </button>
      <button
        type="button"
        className="button button--small button--ghost"
        disabled={index === 0}
        onClick={onBack}
        aria-keyshortcuts="ArrowLeft"
      >
        ← Back
      </button>
      <button
        type="button"
        className="button button--small"
        disabled={index === DECK.length - 1}
        onClick={onNext}
        aria-keyshortcuts="ArrowRight"
      >
        Next →
      </button>
      {onReset && (
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={onReset}
          aria-keyshortcuts="R"
          title="Reset the lab (R)"
        >
          Reset lab
        </button>
      )}
      <button
        type="button"
        className="button button--small button--ghost"
        onClick={onNotes}
        aria-keyshortcuts="N"
        title="Open the speaker notes in a second window (N)"
      >
        Speaker notes
      </button>
      {/* On a step the bar stays one line, leaving the lab the most room above it. */}
      {slide.kind === 'point' && (
        <a className="button button--small button--ghost" href="#/">
          Leave the talk
        </a>
      )}
      {slide.kind === 'point' && (
        <p className="deck-bar__keys field__hint">
          <kbd>→</kbd> <kbd>Space</kbd> next · <kbd>←</kbd> back · <kbd>R</kbd> reset the lab ·{' '}
          <kbd>N</kbd> speaker notes · <kbd>T</kbd> clock · <kbd>F</kbd> full screen
        </p>
      )}
      {notesBlocked && (
        <p className="deck-bar__hint" role="status">
          The browser blocked the notes window: open {formatRoute({ kind: 'talk-notes' })} in
          another window.
        </p>
      )}
    </div>
  );
}

function storedClock(): TalkClock {
  try {
    const text = window.sessionStorage.getItem(CLOCK_KEY);
    return (text && parseClock(JSON.parse(text))) || CLOCK_AT_ZERO;
  } catch {
    return CLOCK_AT_ZERO;
  }
}

function storeClock(clock: TalkClock): void {
  try {
    window.sessionStorage.setItem(CLOCK_KEY, JSON.stringify(clock));
  } catch {
    // Storage can be blocked; the clock still runs, it just does not survive a reload.
  }
}
