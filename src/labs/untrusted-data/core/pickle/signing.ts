/**
 * "If you must use pickle, sign it and verify before loading": an HMAC-SHA256 tag over the pickle
 * bytes, checked in constant time (as hmac.compare_digest does) before a single opcode is read.
 * The step log is what the panel shows; `opsRead` counts the opcodes the loader actually read, so
 * a refused message can be seen to have reached no parser at all.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '../../../../core/bytes';
import { constantTimeEqual } from '../../../../core/compare';
import { scanPickle, type ScanResult } from './symbolic';

export const TAG_BYTES = 32;

export const TAMPERS = ['none', 'flip', 'swap', 'forge', 'truncate'] as const;
export type Tamper = (typeof TAMPERS)[number];

export const TAMPER_LABELS: Record<Tamper, string> = {
  none: 'Nothing (as sent)',
  flip: 'Flip one bit',
  swap: 'Swap in a payload',
  forge: 'Re-sign with the attacker’s key',
  truncate: 'Cut off the end',
};

export function tagPickle(key: Uint8Array, pickle: Uint8Array): Uint8Array {
  return hmac(sha256, key, pickle);
}

/** The message on the wire: tag ‖ pickle. */
export function signPickle(key: Uint8Array, pickle: Uint8Array): Uint8Array {
  return concatBytes(tagPickle(key, pickle), pickle);
}

export interface TamperResult {
  message: Uint8Array;
  /** What the attacker did, in a sentence. */
  description: string;
  /** Offsets (in the message) of bytes that differ from what was sent. */
  changed: number[];
}

/** What an attacker on the way can do to a signed message without the key. */
export function tamperWith(
  sent: Uint8Array,
  tamper: Tamper,
  options: { payload: Uint8Array; attackerKey: Uint8Array },
): TamperResult {
  const pickle = sent.subarray(TAG_BYTES);
  switch (tamper) {
    case 'none':
      return { message: sent, description: 'The message arrives as it was sent.', changed: [] };
    case 'flip': {
      const message = sent.slice();
      const at = TAG_BYTES + Math.max(0, pickle.length - 3);
      message[at]! ^= 0x01;
      return {
        message,
        description: `One bit of byte ${at} flipped (a one-letter change to the data).`,
        changed: [at],
      };
    }
    case 'swap': {
      const message = concatBytes(sent.subarray(0, TAG_BYTES), options.payload);
      return {
        message,
        description: 'The pickle replaced by an os.system payload; the original tag kept.',
        changed: Array.from({ length: options.payload.length }, (_, i) => TAG_BYTES + i),
      };
    }
    case 'forge': {
      const message = concatBytes(tagPickle(options.attackerKey, options.payload), options.payload);
      return {
        message,
        description:
          'The payload sent with a valid HMAC — made with the attacker’s own key, since the server’s is secret.',
        changed: Array.from({ length: message.length }, (_, i) => i),
      };
    }
    case 'truncate': {
      const message = sent.subarray(0, Math.max(TAG_BYTES, sent.length - 4));
      return { message, description: 'The last 4 bytes cut off.', changed: [] };
    }
  }
}

export interface VerifyStep {
  label: string;
  detail: string;
  ok: boolean;
}

export interface VerifiedLoad {
  accepted: boolean;
  steps: VerifyStep[];
  receivedTagHex: string;
  expectedTagHex: string;
  /** Opcodes the loader read: 0 whenever the tag was refused. */
  opsRead: number;
  scan: ScanResult | null;
}

/**
 * Verifies, then loads. The loader (here the symbolic one: this app never runs a pickle) is
 * reached only through `load`, and only after the tag matched.
 */
export function verifyThenLoad(
  message: Uint8Array,
  key: Uint8Array,
  load: (pickle: Uint8Array, onOp: () => void) => ScanResult = (pickle, onOp) =>
    scanPickle(pickle, { onOp }),
): VerifiedLoad {
  const steps: VerifyStep[] = [];
  if (message.length < TAG_BYTES) {
    steps.push({
      label: 'Split tag and pickle',
      detail: `Only ${message.length} bytes arrived: too short to hold a ${TAG_BYTES}-byte tag. Refused; nothing was parsed.`,
      ok: false,
    });
    return {
      accepted: false,
      steps,
      receivedTagHex: '',
      expectedTagHex: '',
      opsRead: 0,
      scan: null,
    };
  }
  const received = message.subarray(0, TAG_BYTES);
  const pickle = message.subarray(TAG_BYTES);
  steps.push({
    label: 'Split tag and pickle',
    detail: `${message.length} bytes: a ${TAG_BYTES}-byte tag, then ${pickle.length} bytes of pickle (not looked at yet).`,
    ok: true,
  });
  const expected = tagPickle(key, pickle);
  steps.push({
    label: 'Compute HMAC-SHA256 of the pickle bytes with the server’s key',
    detail: bytesToHex(expected),
    ok: true,
  });
  const matches = constantTimeEqual(expected, received);
  steps.push({
    label: 'Compare with the received tag in constant time',
    detail: matches
      ? 'Equal: these are the bytes the key holder signed.'
      : `Different (received ${bytesToHex(received)}). Every byte was compared, so the time taken says nothing about where they differ.`,
    ok: matches,
  });
  if (!matches) {
    steps.push({
      label: 'Refuse',
      detail: 'pickle.loads is never called: the loader read 0 opcodes.',
      ok: false,
    });
    return {
      accepted: false,
      steps,
      receivedTagHex: bytesToHex(received),
      expectedTagHex: bytesToHex(expected),
      opsRead: 0,
      scan: null,
    };
  }
  let opsRead = 0;
  const scan = load(pickle, () => opsRead++);
  steps.push({
    label: 'Load',
    detail: `Only now is the pickle parsed: ${opsRead} opcodes read.`,
    ok: true,
  });
  return {
    accepted: true,
    steps,
    receivedTagHex: bytesToHex(received),
    expectedTagHex: bytesToHex(expected),
    opsRead,
    scan,
  };
}

export interface SignedDemo {
  /** tag ‖ pickle as the server sent it. */
  sent: Uint8Array;
  /** What arrived after the attacker's change. */
  received: Uint8Array;
  tamper: Tamper;
  description: string;
  changed: number[];
  verified: VerifiedLoad;
}

/** Sign a pickle, let an attacker change it on the way, verify it on arrival, then (maybe) load. */
export function signedDemo(
  key: Uint8Array,
  pickle: Uint8Array,
  tamper: Tamper,
  options: { payload: Uint8Array; attackerKey: Uint8Array },
): SignedDemo {
  const sent = signPickle(key, pickle);
  const { message, description, changed } = tamperWith(sent, tamper, options);
  return {
    sent,
    received: message,
    tamper,
    description,
    changed,
    verified: verifyThenLoad(message, key),
  };
}
