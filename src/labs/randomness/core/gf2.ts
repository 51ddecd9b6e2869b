/**
 * Linear algebra over GF(2) (bits, with xor as addition) for 128 unknowns: the two 64-bit words of
 * an xorshift128+ state. Each equation says "the xor of these unknown bits is 0 or 1".
 */

export const UNKNOWNS = 128;
const LIMBS = UNKNOWNS / 32;

/** A set of unknowns as a 128-bit mask (4 limbs of 32 bits). */
export type Mask = Uint32Array;

export function emptyMask(): Mask {
  return new Uint32Array(LIMBS);
}

export function xorInto(target: Mask, source: Mask): void {
  for (let i = 0; i < LIMBS; i++) target[i]! ^= source[i]!;
}

function lowestBit(mask: Mask): number {
  for (let i = 0; i < LIMBS; i++) {
    const limb = mask[i]!;
    if (limb !== 0) return i * 32 + (31 - Math.clz32(limb & -limb));
  }
  return -1;
}

function hasBit(mask: Mask, bit: number): boolean {
  return ((mask[bit >>> 5]! >>> (bit & 31)) & 1) === 1;
}

/**
 * Incremental Gaussian elimination: each new equation is reduced by the pivots so far, and becomes
 * a new pivot, is redundant, or contradicts them.
 */
export class Gf2System {
  private readonly pivots: ({ mask: Mask; rhs: number } | undefined)[] = new Array(UNKNOWNS);
  rank = 0;
  contradicted = false;

  /** Adds `xor of mask = rhs`; returns false once the equations contradict each other. */
  add(mask: Mask, rhs: number): boolean {
    const row = Uint32Array.from(mask);
    let value = rhs & 1;
    for (;;) {
      const bit = lowestBit(row);
      if (bit < 0) {
        if (value !== 0) this.contradicted = true;
        return !this.contradicted;
      }
      const pivot = this.pivots[bit];
      if (!pivot) {
        this.pivots[bit] = { mask: row, rhs: value };
        this.rank++;
        return !this.contradicted;
      }
      xorInto(row, pivot.mask);
      value ^= pivot.rhs;
    }
  }

  /** One solution (free unknowns set to 0), as 128 bits; null if the equations contradict. */
  solve(): Mask | null {
    if (this.contradicted) return null;
    const solution = emptyMask();
    // A pivot row's lowest bit is its pivot, so solving from the highest pivot down only ever
    // needs unknowns that are already known.
    for (let bit = UNKNOWNS - 1; bit >= 0; bit--) {
      const pivot = this.pivots[bit];
      if (!pivot) continue;
      let value = pivot.rhs;
      for (let other = bit + 1; other < UNKNOWNS; other++) {
        if (hasBit(pivot.mask, other) && hasBit(solution, other)) value ^= 1;
      }
      if (value) solution[bit >>> 5]! |= 1 << (bit & 31);
    }
    return solution;
  }
}

/**
 * A 64-bit word whose bits are linear in the unknowns: bit i is the xor of the unknowns in
 * `bits[i]`. Shifts move masks between bit positions; xor combines them.
 */
export class SymbolicWord {
  constructor(readonly bits: Mask[]) {}

  /** Unknown word number `which` (0 or 1): bit i is unknown 64 * which + i. */
  static unknown(which: 0 | 1): SymbolicWord {
    return new SymbolicWord(
      Array.from({ length: 64 }, (_, i) => {
        const mask = emptyMask();
        const bit = 64 * which + i;
        mask[bit >>> 5] = 1 << (bit & 31);
        return mask;
      }),
    );
  }

  shiftLeft(n: number): SymbolicWord {
    return new SymbolicWord(
      this.bits.map((_, i) => (i >= n ? Uint32Array.from(this.bits[i - n]!) : emptyMask())),
    );
  }

  shiftRight(n: number): SymbolicWord {
    return new SymbolicWord(
      this.bits.map((_, i) => (i + n < 64 ? Uint32Array.from(this.bits[i + n]!) : emptyMask())),
    );
  }

  xor(other: SymbolicWord): SymbolicWord {
    return new SymbolicWord(
      this.bits.map((mask, i) => {
        const out = Uint32Array.from(mask);
        xorInto(out, other.bits[i]!);
        return out;
      }),
    );
  }
}

/** nextWord (see xorshift128.ts) on symbolic words. */
export function symbolicNext(x: SymbolicWord, y: SymbolicWord): SymbolicWord {
  let s1 = x.xor(x.shiftLeft(23));
  s1 = s1.xor(s1.shiftRight(17));
  return s1.xor(y).xor(y.shiftRight(26));
}

/** previousWord on symbolic words. */
export function symbolicPrevious(y: SymbolicWord, z: SymbolicWord): SymbolicWord {
  const t = z.xor(y).xor(y.shiftRight(26));
  const u = t.xor(t.shiftRight(17)).xor(t.shiftRight(34)).xor(t.shiftRight(51));
  return u.xor(u.shiftLeft(23)).xor(u.shiftLeft(46));
}

/** The two state words a solution stands for. */
export function wordsOf(solution: Mask): [bigint, bigint] {
  const word = (limbLow: number) =>
    (BigInt(solution[limbLow + 1]!) << 32n) | BigInt(solution[limbLow]!);
  return [word(0), word(2)];
}
