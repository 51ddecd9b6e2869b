/**
 * The speaker notes (`#/talk/notes`), for a second window beside the deck: the clock, where the
 * talk is, the current slide's words and the next slide's. Kept in step by the deck over a
 * BroadcastChannel; its keys (→, ←, R, T) drive the deck.
 */
import { useCallback, useEffect, useState } from 'react';
import { usePresenterKeys } from '../modes';
import { elapsedMs, formatElapsed, type TalkClock } from './clock';
import { slideIndex, slideNotes, type Slide } from './deck';
import type { TalkCommand, TalkMessage } from './messages';
import { DECK, isSlide } from './talk';
import { useNow, useTalkChannel } from './use-talk-channel';
import './talk.css';

export default function TalkNotes() {
  const [state, setState] = useState<{ at: string; clock: TalkClock } | null>(null);
  const post = useTalkChannel(isSlide, (message: TalkMessage) => {
    if (message.type === 'talk:state') setState({ at: message.at, clock: message.clock });
  });
  useEffect(() => post({ type: 'talk:hello' }), [post]);

  const send = useCallback(
    (command: TalkCommand) => post({ type: 'talk:command', command }),
    [post],
  );
  usePresenterKeys(true, {
    next: useCallback(() => send('next'), [send]),
    back: useCallback(() => send('back'), [send]),
    reset: useCallback(() => send('reset'), [send]),
    clock: useCallback(() => send('clock'), [send]),
  });

  const now = useNow(Boolean(state && state.clock.runningSince !== null));
  const index = state ? slideIndex(DECK, state.at) : null;
  if (state === null || index === null)
    return (
      <article className="talk-notes__waiting">
        <h1>Speaker notes</h1>
        <p role="status">
          Waiting for the deck: open the talk (#/talk) in another window of this browser.
        </p>
      </article>
    );

  const slide = DECK[index]!;
  const following = DECK[index + 1];
  return (
    <article className="talk-notes" aria-label="Speaker notes">
      <header className="talk-notes__head">
        <span className="talk-notes__clock" role="timer" aria-label="Elapsed time">
          {formatElapsed(elapsedMs(state.clock, now))}
        </span>
        <span>{state.clock.runningSince === null ? 'paused' : 'running'}</span>
        <span className="talk-notes__position">
          Slide {index + 1} of {DECK.length} · {slide.labNumber}. {slide.labTitle}
        </span>
      </header>
      <NotesSlide label="Now" slide={slide} />
      {following ? (
        <NotesSlide label="Next" slide={following} />
      ) : (
        <section aria-label="Next">
          <h2>Next</h2>
          <p>The end of the talk.</p>
        </section>
      )}
      <div className="row">
        <button type="button" className="button button--ghost" onClick={() => send('back')}>
          ← Back
        </button>
        <button type="button" className="button" onClick={() => send('next')}>
          Next →
        </button>
        <button type="button" className="button button--ghost" onClick={() => send('clock')}>
          {state.clock.runningSince === null ? 'Start clock' : 'Pause clock'}
        </button>
      </div>
    </article>
  );
}

function NotesSlide({ label, slide }: { label: string; slide: Slide }) {
  const { title, text } = slideNotes(slide);
  const where =
    slide.kind === 'point'
      ? `${slide.labTitle}: the advice`
      : `${slide.labTitle}: step ${slide.stepIndex + 1} of ${slide.stepCount}`;
  return (
    <section
      className={`talk-notes__slide talk-notes__slide--${label.toLowerCase()}`}
      aria-label={label}
    >
      <h2>
        {label} <span className="talk-notes__where">· {where}</span>
      </h2>
      <p className="talk-notes__title">{title}</p>
      <p>{text}</p>
    </section>
  );
}
