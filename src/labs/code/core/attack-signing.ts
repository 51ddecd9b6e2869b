/**
 * The attacks on `sign` and `verify`. The battery holds a secret, asks `sign` for tags the way an
 * application would, and then plays the attacker: it sees messages and tags, never the secret, and
 * asks the learner's own `verify` whether what it made up is accepted. The module is remote
 * (remote-learner.ts): each attack sends its verify calls in one batch.
 *
 * - length extension: the length-extension lab's forgery, for every secret length in a range;
 * - tampering: one flipped bit in the message, or in the tag;
 * - truncation: the tag cut short, down to nothing;
 * - keys per use: a tag made for one purpose presented for another.
 */
import { bytesToCEscaped, bytesToHex } from '../../../core/bytes';
import {
  ENGINES,
  EXTENDABLE_ALGORITHMS,
  forgeEach,
  layoutForgery,
  type Forgery,
} from '../../length-extension/core';
import { byteString, toBytes } from './learner-api';
import { askVerify, LearnerError, signTag } from './learner';
import { missingFunction, type TagValue } from './learner-protocol';
import type { RemoteLearner } from './remote-learner';
import type { KeysPerUseEvidence, ResultFor, TamperingEvidence, VerifyCall } from './report';
import { skipped } from './report';
import { decodeTag, describeFormat, encodeTag, flipTagBit, truncateTag } from './tag-format';

export const LE_MESSAGE = 'user=alice&role=user';
export const LE_APPEND = '&role=admin';
export const LE_PURPOSE = 'api';
export const TAMPER_MESSAGE = 'pay=100&to=alice';
export const KEYS_MESSAGE = 'user=42';
export const KEYS_SIGNED_FOR = 'password-reset';
export const KEYS_PRESENTED_AS = 'session';

/** Text for display: printable ASCII as is, other bytes as \xNN; bytes as hex. */
export function display(value: string | Uint8Array): string {
  if (typeof value !== 'string') return bytesToHex(value);
  return /^[\x20-\x7e]*$/.test(value) ? value : bytesToCEscaped(toBytes(value));
}

/**
 * Before any attack: sign a message and check that verify accepts that very tag. If it does not,
 * every "rejected" below would mean nothing, so the signing attacks are not run.
 */
export async function checkRoundTrip(
  learner: RemoteLearner,
  secret: string,
): Promise<string | null> {
  if (!learner.exports.sign || !learner.exports.verify) return null;
  try {
    const tag = await signTag(learner, secret, LE_MESSAGE, LE_PURPOSE);
    const [answer] = await askVerify(learner, secret, [
      { message: LE_MESSAGE, tag, purpose: LE_PURPOSE },
    ]);
    if (!answer!.accepted)
      return `verify rejected the tag sign had just made for the same message and purpose${answer!.threw ? ` (${answer!.threw})` : ''}. Fix that first: every attack below needs a verify that accepts genuine tags.`;
    return null;
  } catch (error) {
    if (error instanceof LearnerError) return error.message;
    throw error;
  }
}

function missing(learner: RemoteLearner, language: 'python' | undefined): string | null {
  const { sign, verify } = learner.exports;
  if (!sign && !verify)
    return `Your module ${language === 'python' ? 'defines' : 'exports'} neither sign nor verify.`;
  if (!sign) return missingFunction('sign', language);
  if (!verify) return missingFunction('verify', language);
  return null;
}

export interface LengthExtensionOptions {
  minSecretLength: number;
  maxSecretLength: number;
  /** The module's language, for its messages (Python modules define, not export). */
  language?: 'python';
}

export async function attackLengthExtension(
  learner: RemoteLearner,
  secret: string,
  options: LengthExtensionOptions,
): Promise<ResultFor<'length-extension'>> {
  const absent = missing(learner, options.language);
  if (absent) return skipped('length-extension', absent);
  const tag = await signTag(learner, secret, LE_MESSAGE, LE_PURPOSE);
  const decoded = decodeTag(tag);
  if (!decoded)
    return skipped(
      'length-extension',
      'The tag is neither a string nor bytes, so there is nothing to extend.',
    );
  const notes: string[] = [];
  const tried: NonNullable<ResultFor<'length-extension'>['evidence']>['tried'] = [];
  let forgery: NonNullable<ResultFor<'length-extension'>['evidence']>['forgery'] = null;
  for (const algorithm of EXTENDABLE_ALGORITHMS) {
    const engine = ENGINES[algorithm];
    if (decoded.digest.length !== engine.digestSize) {
      tried.push({
        algorithm: engine.label,
        outcome: 'not-applicable',
        note: `a ${engine.label} tag is ${engine.digestSize} bytes; this one is ${decoded.digest.length}`,
        attempts: [],
      });
      continue;
    }
    // The length-extension lab's forger, one forgery per secret length; verify judges them all
    // in one batch, and the first it accepts is the one reported (as the lab's attack stops there).
    const forged = forgeEach({
      algorithm,
      tag: decoded.digest,
      message: toBytes(LE_MESSAGE),
      append: toBytes(LE_APPEND),
      minSecretLength: options.minSecretLength,
      maxSecretLength: options.maxSecretLength,
    });
    if (!forged.ok) throw new Error(forged.error.message);
    const forgeries: Forgery[] = [...forged.value];
    const answers = await askVerify(
      learner,
      secret,
      forgeries.map((f) => ({
        message: byteString(f.forgedMessage),
        tag: encodeTag(decoded.format, f.forgedTag),
        purpose: LE_PURPOSE,
      })),
    );
    const odd = new Set<string>();
    const attempts: { secretLength: number; accepted: boolean }[] = [];
    let accepted: Forgery | null = null;
    for (const [i, f] of forgeries.entries()) {
      const answer = answers[i]!;
      if (answer.odd) odd.add(answer.odd);
      attempts.push({ secretLength: f.secretLength, accepted: answer.accepted });
      if (answer.accepted) {
        accepted = f;
        break;
      }
    }
    for (const note of odd) notes.push(`${note}; counted the way an if statement would.`);
    tried.push({
      algorithm: engine.label,
      outcome: accepted ? 'accepted' : 'rejected',
      note: accepted
        ? `verify accepted the forgery that assumed a ${accepted.secretLength}-byte secret`
        : `verify rejected all ${attempts.length} forgeries (secret lengths ${options.minSecretLength}–${options.maxSecretLength})`,
      attempts,
    });
    if (accepted && !forgery) {
      const layout = layoutForgery(accepted);
      forgery = {
        algorithm: engine.label,
        secretLength: accepted.secretLength,
        forgedMessageHex: bytesToHex(accepted.forgedMessage),
        forgedMessageEscaped: bytesToCEscaped(accepted.forgedMessage),
        forgedTag: display(encodeTag(decoded.format, accepted.forgedTag)),
        layout: {
          bytes: layout.bytes,
          spans: layout.spans,
          blockSize: layout.blockSize,
          resumeAt: layout.resumeAt,
        },
      };
    }
  }
  const evidence = {
    message: LE_MESSAGE,
    append: LE_APPEND,
    tag: display(tag),
    tagFormat: describeFormat(decoded.format),
    minSecretLength: options.minSecretLength,
    maxSecretLength: options.maxSecretLength,
    realSecretLength: toBytes(secret).length,
    tried,
    forgery,
  };
  const applicable = tried.filter((t) => t.outcome !== 'not-applicable');
  const headline = forgery
    ? `Forged: verify accepted “${LE_MESSAGE}” + glue padding + “${LE_APPEND}” with a ${forgery.algorithm} tag made without the secret.`
    : applicable.length === 0
      ? `The tag is ${decoded.digest.length} bytes, which no extendable hash (MD5 16, SHA-1 20, SHA-256 32, SHA-512 64) produces: nothing to extend.`
      : `verify rejected every forgery (${applicable.map((t) => t.algorithm).join(', ')}, secret lengths ${options.minSecretLength}–${options.maxSecretLength}).`;
  return { id: 'length-extension', verdict: forgery ? 'fail' : 'pass', headline, notes, evidence };
}

async function tamperTries(
  learner: RemoteLearner,
  secret: string,
  variants: { label: string; message: string; tag: TagValue }[],
): Promise<VerifyCall[]> {
  const answers = await askVerify(
    learner,
    secret,
    variants.map(({ message, tag }) => ({ message, tag, purpose: LE_PURPOSE })),
  );
  return variants.map(({ label }, i) => {
    const answer = answers[i]!;
    const note = answer.threw ?? answer.odd;
    return note ? { label, accepted: answer.accepted, note } : { label, accepted: answer.accepted };
  });
}

/** Bit positions spread over the input, so the first, last and middle units are all touched. */
function spreadBits(totalBits: number, count: number): number[] {
  const out = new Set<number>();
  for (let i = 0; i < count; i++)
    out.add(Math.floor((i * (totalBits - 1)) / Math.max(1, count - 1)));
  return [...out];
}

export async function attackTampering(
  learner: RemoteLearner,
  secret: string,
  language?: 'python',
): Promise<ResultFor<'tampering'>> {
  const absent = missing(learner, language);
  if (absent) return skipped('tampering', absent);
  const tag = await signTag(learner, secret, TAMPER_MESSAGE, LE_PURPOSE);
  const decoded = decodeTag(tag);
  const message = toBytes(TAMPER_MESSAGE);
  const variants: { label: string; message: string; tag: TagValue }[] = [];
  for (const bit of spreadBits(message.length * 8, 8)) {
    const flipped = Uint8Array.from(message);
    flipped[bit >> 3] = flipped[bit >> 3]! ^ (1 << (bit & 7));
    variants.push({
      label: `message “${display(byteString(flipped))}” (bit ${bit} flipped), original tag`,
      message: byteString(flipped),
      tag,
    });
  }
  if (decoded) {
    for (const bit of spreadBits(decoded.digest.length * 8, 8)) {
      const altered = flipTagBit(decoded, bit);
      variants.push({
        label: `tag bit ${bit} flipped: ${display(altered)}`,
        message: TAMPER_MESSAGE,
        tag: altered,
      });
    }
  }
  const tries = await tamperTries(learner, secret, variants);
  const accepted = tries.filter((t) => t.accepted);
  const evidence: TamperingEvidence = { message: TAMPER_MESSAGE, tag: display(tag), tries };
  return {
    id: 'tampering',
    verdict: accepted.length > 0 ? 'fail' : 'pass',
    headline:
      accepted.length > 0
        ? `verify accepted ${accepted.length} of ${tries.length} altered inputs, first: ${accepted[0]!.label}.`
        : `verify rejected all ${tries.length} altered inputs (bits flipped in the message or in the tag).`,
    notes: decoded
      ? []
      : ['The tag’s encoding was not recognised, so only the message was altered.'],
    evidence,
  };
}

export async function attackTruncation(
  learner: RemoteLearner,
  secret: string,
  language?: 'python',
): Promise<ResultFor<'truncation'>> {
  const absent = missing(learner, language);
  if (absent) return skipped('truncation', absent);
  const tag = await signTag(learner, secret, TAMPER_MESSAGE, LE_PURPOSE);
  const lengths = [...new Set([tag.length - 1, Math.floor(tag.length / 2), 1, 0])].filter(
    (n) => n >= 0 && n < tag.length,
  );
  const tries = await tamperTries(
    learner,
    secret,
    lengths.map((n) => {
      const short = truncateTag(tag, n);
      return {
        label:
          n === 0
            ? 'an empty tag'
            : `the first ${n} of ${tag.length} ${typeof tag === 'string' ? 'characters' : 'bytes'}: ${display(short)}`,
        message: TAMPER_MESSAGE,
        tag: short,
      };
    }),
  );
  const accepted = tries.filter((t) => t.accepted);
  return {
    id: 'truncation',
    verdict: accepted.length > 0 ? 'fail' : 'pass',
    headline:
      accepted.length > 0
        ? `verify accepted a shortened tag: ${accepted[0]!.label}.`
        : `verify rejected every shortened tag, down to an empty one.`,
    notes: [],
    evidence: { message: TAMPER_MESSAGE, tag: display(tag), tries },
  };
}

export async function attackKeysPerUse(
  learner: RemoteLearner,
  secret: string,
  language?: 'python',
): Promise<ResultFor<'keys-per-use'>> {
  const absent = missing(learner, language);
  if (absent) return skipped('keys-per-use', absent);
  const tag = await signTag(learner, secret, KEYS_MESSAGE, KEYS_SIGNED_FOR);
  const purposes = [KEYS_SIGNED_FOR, KEYS_PRESENTED_AS];
  const answers = await askVerify(
    learner,
    secret,
    purposes.map((purpose) => ({ message: KEYS_MESSAGE, tag, purpose })),
  );
  const [ownPurpose, otherPurpose] = purposes.map((purpose, i): VerifyCall => {
    const answer = answers[i]!;
    const label = `verify(secret, “${KEYS_MESSAGE}”, tag, “${purpose}”)`;
    const note = answer.threw ?? answer.odd;
    return note ? { label, accepted: answer.accepted, note } : { label, accepted: answer.accepted };
  }) as [VerifyCall, VerifyCall];
  const evidence: KeysPerUseEvidence = {
    message: KEYS_MESSAGE,
    signedFor: KEYS_SIGNED_FOR,
    presentedAs: KEYS_PRESENTED_AS,
    tag: display(tag),
    ownPurpose,
    otherPurpose,
    signArity: learner.exports.signArity,
  };
  if (!ownPurpose.accepted)
    return {
      id: 'keys-per-use',
      verdict: 'skip',
      headline: `verify rejected the tag for its own purpose (“${KEYS_SIGNED_FOR}”), so the cross-purpose test means nothing.`,
      notes: [],
      evidence,
    };
  const notes =
    otherPurpose.accepted && learner.exports.signArity < 3
      ? ['sign takes no purpose argument, so it cannot make tags that differ by purpose.']
      : [];
  return {
    id: 'keys-per-use',
    verdict: otherPurpose.accepted ? 'fail' : 'pass',
    headline: otherPurpose.accepted
      ? `A tag made for “${KEYS_SIGNED_FOR}” was accepted as a “${KEYS_PRESENTED_AS}”: whoever gets one kind of signed value can use it as the other.`
      : `A tag made for “${KEYS_SIGNED_FOR}” was rejected as a “${KEYS_PRESENTED_AS}”.`,
    notes,
    evidence,
  };
}
