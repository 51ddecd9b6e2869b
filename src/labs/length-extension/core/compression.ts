/**
 * What every Merkle–Damgård compression function here looks like from outside: it takes the
 * chaining state and one block and updates the state in place. The state is an Int32Array of
 * 32-bit words (SHA-512's 64-bit words are stored as hi/lo pairs), so the fast path does no
 * allocation per block. The traced path records every round for the step-through view.
 */

/** Updates `state` in place with the block that starts at `data[offset]`. */
export type CompressFunction = (state: Int32Array, data: Uint8Array, offset: number) => void;

/** The same, recording each round; also updates `state` in place. */
export type TracedCompressFunction = (
  state: Int32Array,
  data: Uint8Array,
  offset: number,
) => CompressionTrace;

export interface RoundState {
  /** The working registers after this round, in hex, in `registerNames` order. */
  registers: string[];
  /** The message word this round consumed (after the schedule), in hex. */
  word: string;
  /** The round constant, in hex. */
  constant: string;
}

export interface CompressionTrace {
  /** The chaining state going in, one hex word per register. */
  before: string[];
  /** The message schedule: the block's words, then (SHA) the expanded words. */
  schedule: string[];
  rounds: RoundState[];
  /** The chaining state coming out: `before` plus the final registers, word by word. */
  after: string[];
}

export function hex32(word: number): string {
  return (word >>> 0).toString(16).padStart(8, '0');
}
