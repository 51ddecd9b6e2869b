/**
 * The victim server, in its own thread. It draws its secret with crypto.getRandomValues, signs one
 * message, and from then on only answers verify(message, tag); the secret never leaves this worker
 * (except through `reveal`, which the panel offers after an attack, for teaching). The attack runs
 * here too, calling the victim's real verify once per try and reporting each try as progress; its
 * result carries the step-through trace of the forgery shown, so the page never recomputes it.
 */
import { serveWorker } from '../../platform/worker-host';
import { attackSecretLengths, type AttackAttempt, type AttackOutcome } from './core/attack';
import { guessAlgorithmFromTagLength } from './core/forge';
import type { ExtendableAlgorithm } from './core/merkle-damgard';
import type { PresetId, Reading } from './core/presets';
import { tryExtendingEach, type ResistRow } from './core/resists';
import { traceExtension, type ExtensionTrace } from './core/trace';
import { replayAcrossFeatures, type KeyDerivation, type ReplayReport } from './core/salted-keys';
import type { FormatCheck, FormatRefusal } from './core/format-check';
import { VictimServer, drawSecret, type SigningScheme, type VictimVerdict } from './core/victim';

export interface VictimInfo {
  scheme: SigningScheme;
  preset: PresetId;
  message: Uint8Array;
  tag: Uint8Array;
  /** How strict the server is about the message's format. */
  format: FormatCheck;
  /** The length the user chose, or null when it is hidden (drawn in 1..64). */
  secretLength: number | null;
}

export interface AttackRequest {
  append: Uint8Array;
  minSecretLength: number;
  maxSecretLength: number;
  /** Milliseconds to wait per request, to watch the tries go by as over a network. */
  delayMs: number;
}

export interface AttackBatch {
  attempts: AttackAttempt[];
  done: number;
  total: number;
}

export interface AttackResult extends AttackOutcome {
  /** The server attacked. */
  victim: VictimInfo;
  algorithm: ExtendableAlgorithm;
  /** What the server did with the accepted forgery. */
  reading: Reading | null;
  /** Fields the server's per-field check dropped from the accepted forgery. */
  dropped: { key: string; value: string }[];
  /** The format check's refusal of the last try whose tag was right, or null. */
  refusal: FormatRefusal | null;
  elapsedMs: number;
  /**
   * Every compression of the forgery shown (the accepted one, or the last tried), for the
   * step-through: worked out here because it takes tens of milliseconds on a slow machine.
   */
  trace: ExtensionTrace | null;
}

export type LengthExtensionApi = {
  'victim-start': {
    payload: {
      scheme: SigningScheme;
      preset: PresetId;
      format: FormatCheck;
      secretLength: number | null;
    };
    result: VictimInfo;
  };
  'victim-verify': { payload: { message: Uint8Array; tag: Uint8Array }; result: VictimVerdict };
  attack: { payload: AttackRequest; progress: AttackBatch; result: AttackResult };
  reveal: { payload: null; result: { secretLength: number; secret: Uint8Array } };
  resists: { payload: { append: Uint8Array }; result: ResistRow[] };
  replay: { payload: { derivation: KeyDerivation }; result: ReplayReport };
};

const random = (bytes: Uint8Array<ArrayBuffer>) => crypto.getRandomValues(bytes);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The server, set as soon as a start is asked for: a request that arrives while it starts waits
 * for it, so the page can send "start" and "attack" back to back.
 */
let victim: Promise<{ server: VictimServer; info: VictimInfo }> | null = null;
/** The app secret of the per-use-keys demo: one per worker, never sent to the page. */
const appSecret = random(new Uint8Array(32));

function running(): Promise<{ server: VictimServer; info: VictimInfo }> {
  if (!victim) throw new Error('The victim server is not running yet.');
  return victim;
}

serveWorker<LengthExtensionApi>({
  'victim-start': async ({ scheme, preset, format, secretLength }) => {
    const drawn = drawSecret(secretLength, random);
    if (!drawn.ok) throw new Error(drawn.error.message);
    victim = VictimServer.start({
      scheme,
      secret: drawn.value,
      preset,
      format,
      subtle: crypto.subtle,
    }).then((server) => ({
      server,
      info: { scheme, preset, format, message: server.message, tag: server.tag, secretLength },
    }));
    return (await victim).info;
  },

  'victim-verify': async ({ message, tag }) => (await running()).server.verify(message, tag),

  attack: async ({ append, minSecretLength, maxSecretLength, delayMs }, progress) => {
    const { server, info } = await running();
    // The attacker's side: it holds the message and the tag, nothing else.
    const algorithm = guessAlgorithmFromTagLength(server.tag.length);
    if (!algorithm.ok) throw new Error(algorithm.error.message);
    const start = performance.now();
    let batch: AttackAttempt[] = [];
    let lastPost = -Infinity;
    let reading: Reading | null = null;
    let dropped: AttackResult['dropped'] = [];
    let refusal: FormatRefusal | null = null;
    const outcome = await attackSecretLengths(
      {
        algorithm: algorithm.value,
        tag: server.tag,
        message: server.message,
        append,
        minSecretLength,
        maxSecretLength,
      },
      async (message, tag) => {
        if (delayMs > 0) await sleep(delayMs);
        const verdict = await server.verify(message, tag);
        if (verdict.accepted) ({ reading, dropped } = verdict);
        if (verdict.tagValid && verdict.refusal) refusal = verdict.refusal;
        return verdict.accepted;
      },
      {
        onAttempt: ({ attempt, done, total }) => {
          batch.push(attempt);
          const now = performance.now();
          if (now - lastPost >= 50 || done === total || attempt.accepted) {
            progress({ attempts: batch, done, total });
            batch = [];
            lastPost = now;
          }
        },
      },
    );
    if (!outcome.ok) throw new Error(outcome.error.message);
    if (batch.length > 0) {
      const done = outcome.value.attempts.length;
      progress({ attempts: batch, done, total: outcome.value.total });
    }
    const shown = outcome.value.accepted ?? outcome.value.last;
    return {
      ...outcome.value,
      victim: info,
      algorithm: algorithm.value,
      reading,
      dropped,
      refusal,
      elapsedMs: performance.now() - start,
      trace: shown ? traceExtension(shown) : null,
    };
  },

  reveal: async () => (await running()).server.reveal(),

  resists: async ({ append }) => {
    const { server } = await running();
    return tryExtendingEach({ secret: server.reveal().secret, message: server.message, append });
  },

  replay: ({ derivation }) =>
    replayAcrossFeatures({ derivation, secret: appSecret, subtle: crypto.subtle }),
});
