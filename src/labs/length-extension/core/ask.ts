/**
 * "Ask the server yourself": a message and a tag the learner typed, checked at the boundary before
 * they reach the victim's worker, and the victim's verdict put into the sentence the page shows.
 * The verdict itself is always the victim's real verify (victim.ts); nothing here decides it.
 */
import { parseBytes, parseHex, type ByteEncoding } from '../../../core/bytes';
import { fail, ok, type Result } from '../../../core/result';
import type { Preset } from './presets';
import type { VictimVerdict } from './victim';
import { formatNumber } from '../../../core/number-format';

/** A pasted message longer than this is refused before it is decoded (a forgery is < 1 KiB). */
export const MAX_ASK_CHARS = 64 * 1024;

/** The message as the learner wrote it, in the chosen encoding. */
export function parseAskMessage(text: string, encoding: ByteEncoding): Result<Uint8Array> {
  if (text.length > MAX_ASK_CHARS)
    return fail(
      'ask/too-long',
      `${formatNumber(text.length)} characters is too long: a message is at most ${formatNumber(MAX_ASK_CHARS)}.`,
    );
  if (text === '') return fail('ask/empty', 'Type the message to send.');
  return parseBytes(text, encoding);
}

/** The tag, as hex, of the length the server's scheme makes. */
export function parseAskTag(text: string, tagBytes: number): Result<Uint8Array> {
  if (text.length > MAX_ASK_CHARS)
    return fail('ask/too-long', `${formatNumber(text.length)} characters is too long.`);
  if (text.trim() === '') return fail('ask/empty', 'Type the tag to send, in hex.');
  const tag = parseHex(text);
  if (!tag.ok) return tag;
  if (tag.value.length !== tagBytes)
    return fail(
      'ask/tag-length',
      `This server's tags are ${tagBytes} bytes (${tagBytes * 2} hex digits); this one is ${tag.value.length}.`,
    );
  return ok(tag.value);
}

export interface AskReading {
  accepted: boolean;
  /** Accepted, and not the message the server signed itself: a forgery went through. */
  forged: boolean;
  headline: string;
  reason: string;
  /** `field=value` the server now acts on, when it accepted and found the field. */
  actsOn: string | null;
}

/**
 * What the server's verdict means, in the words the page shows beside it. `signedItself` says
 * whether the learner sent the very message the server signed (its own tag then checks out, and
 * nothing is forged: said so, rather than shown as an attack that succeeded).
 */
export function readAskVerdict(
  verdict: VictimVerdict,
  preset: Preset,
  signedItself = false,
): AskReading {
  if (!verdict.tagValid)
    return {
      accepted: false,
      forged: false,
      headline: 'Rejected',
      reason:
        'The tag does not match what the server computes for this message, so it refuses it and reads nothing.',
      actsOn: null,
    };
  if (!verdict.accepted)
    return {
      accepted: false,
      forged: false,
      headline: 'Refused by the format check',
      reason:
        `The tag is right, but the format check refused the message. ${verdict.refusal?.reason ?? ''}`.trim(),
      actsOn: null,
    };
  const decisive = verdict.reading?.decisive ?? null;
  const actsOn = decisive === null ? null : `${preset.field}=${decisive}`;
  if (signedItself)
    return {
      accepted: true,
      forged: false,
      headline: 'Accepted: the message it signed',
      reason:
        'This is the message the server signed, with its own tag: nothing is forged yet. Append data, compute a tag for it without the secret, and send that.',
      actsOn,
    };
  return {
    accepted: true,
    forged: true,
    headline: 'Accepted',
    reason:
      actsOn === null
        ? `The tag checks out; the message has no ${preset.field}= field for the server to act on.`
        : `The tag checks out. The server read ${actsOn} last, and acts on it.`,
    actsOn,
  };
}
