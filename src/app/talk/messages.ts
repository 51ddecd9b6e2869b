/**
 * What the deck and its speaker notes say to each other over a BroadcastChannel (same origin
 * only, by the channel's nature). Every message received is checked against these shapes before
 * it is used; anything else is dropped. The notes look the slides up in their own copy of the
 * deck: a message carries a slide's id, never text to display.
 */
import { hasExactly, isPlainObject, parseClock, type TalkClock } from './clock';

export const TALK_CHANNEL = 'security-playground:talk';

export const TALK_COMMANDS = ['next', 'back', 'reset', 'clock'] as const;
export type TalkCommand = (typeof TALK_COMMANDS)[number];

export type TalkMessage =
  /** Deck → notes: where the talk is and its clock. */
  | { type: 'talk:state'; at: string; clock: TalkClock }
  /** Notes → deck: a notes window opened and asks for the state. */
  | { type: 'talk:hello' }
  /** Notes → deck: the speaker pressed a key in the notes window. */
  | { type: 'talk:command'; command: TalkCommand };

/** The message, if `data` is exactly one of the shapes above and names a slide the deck has. */
export function parseTalkMessage(
  data: unknown,
  isSlide: (id: string) => boolean,
): TalkMessage | null {
  if (!isPlainObject(data)) return null;
  switch (data.type) {
    case 'talk:state': {
      if (!hasExactly(data, ['type', 'at', 'clock'])) return null;
      const { at } = data;
      if (typeof at !== 'string' || at.length > 200 || !isSlide(at)) return null;
      const clock = parseClock(data.clock);
      return clock ? { type: 'talk:state', at, clock } : null;
    }
    case 'talk:hello':
      return hasExactly(data, ['type']) ? { type: 'talk:hello' } : null;
    case 'talk:command': {
      if (!hasExactly(data, ['type', 'command'])) return null;
      const command = TALK_COMMANDS.find((known) => known === data.command);
      return command ? { type: 'talk:command', command } : null;
    }
    default:
      return null;
  }
}
