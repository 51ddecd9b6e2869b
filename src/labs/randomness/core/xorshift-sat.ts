/**
 * State recovery for engines whose output is a window of bits of the sum w[k] + w[k+1] (V8 from
 * 14.4: bits 11–63; Firefox and Safari: bits 0–52). The sum is not linear over GF(2), so the
 * problem is written as a boolean circuit in CNF and handed to a SAT solver:
 *   - one variable per bit of w[0], w[1], …, w[K]; each w[j+2] bit is tied to the xor of the few
 *     bits of w[j] and w[j+1] it comes from (the xorshift steps are pure xors of shifted words);
 *   - a ripple-carry adder per output, with the known bits of each sum fixed.
 * The solver is passed in (see logic-solver-adapter.ts), so this file stays dependency-free.
 */

export interface SatSolver {
  newVariable(): number;
  /** A clause: at least one literal is true (a literal is a variable number, negative = not). */
  addClause(literals: number[]): void;
  /** A satisfying assignment (index = variable number), or null if there is none. */
  solve(): boolean[] | null;
}

/** Which bits of each 64-bit sum an engine shows, as [lowest, highest] inclusive. */
export interface SumWindow {
  low: number;
  high: number;
}

/** Requires the xor of `variables` to equal `parity`, with helper variables for long xors. */
function addXor(solver: SatSolver, variables: number[], parity: number): void {
  let vars = variables;
  while (vars.length > 4) {
    // t = a xor b, then continue with t in place of a and b.
    const [a, b] = vars as [number, number];
    const t = solver.newVariable();
    solver.addClause([-t, a, b]);
    solver.addClause([-t, -a, -b]);
    solver.addClause([t, -a, b]);
    solver.addClause([t, a, -b]);
    vars = [t, ...vars.slice(2)];
  }
  // Forbid every assignment of the wrong parity: 2^(n-1) clauses.
  const n = vars.length;
  for (let assignment = 0; assignment < 1 << n; assignment++) {
    let ones = 0;
    for (let i = 0; i < n; i++) ones += (assignment >> i) & 1;
    if ((ones & 1) === (parity & 1)) continue;
    solver.addClause(vars.map((v, i) => ((assignment >> i) & 1 ? -v : v)));
  }
}

/**
 * Bit i of w[j+2] as the set of bits of (w[j], w[j+1]) it is the xor of: bits 0–63 stand for w[j],
 * 64–127 for w[j+1]. Computed by running nextWord's shifts on sets.
 */
function stepSources(): number[][] {
  type Word = Set<number>[];
  const word = (offset: number): Word =>
    Array.from({ length: 64 }, (_, i) => new Set([offset + i]));
  const xor = (a: Word, b: Word): Word =>
    a.map((set, i) => {
      const out = new Set(set);
      for (const v of b[i]!) {
        if (out.has(v)) out.delete(v);
        else out.add(v);
      }
      return out;
    });
  const shl = (a: Word, n: number): Word =>
    a.map((_, i) => (i >= n ? new Set(a[i - n]) : new Set()));
  const shr = (a: Word, n: number): Word =>
    a.map((_, i) => (i + n < 64 ? new Set(a[i + n]) : new Set()));
  const x = word(0);
  const y = word(64);
  let s1 = xor(x, shl(x, 23));
  s1 = xor(s1, shr(s1, 17));
  return xor(xor(s1, y), shr(y, 26)).map((set) => [...set]);
}

const STEP_SOURCES = stepSources();

/**
 * Finds w[0] and w[1] such that, for every k, bits window.low … window.high of w[k] + w[k+1]
 * (mod 2^64) equal `sums[k]` (given as the bigint of those bits). Null when no state fits.
 */
export function solveSumWindow(
  solver: SatSolver,
  sums: readonly bigint[],
  window: SumWindow,
): [bigint, bigint] | null {
  const words: number[][] = [];
  const fresh = () => Array.from({ length: 64 }, () => solver.newVariable());
  words.push(fresh(), fresh());
  for (let j = 2; j <= sums.length; j++) {
    const x = words[j - 2]!;
    const y = words[j - 1]!;
    const w = fresh();
    STEP_SOURCES.forEach((sources, i) => {
      const terms = sources.map((s) => (s < 64 ? x[s]! : y[s - 64]!));
      addXor(solver, [w[i]!, ...terms], 0);
    });
    words.push(w);
  }
  sums.forEach((sum, k) => {
    const a = words[k]!;
    const b = words[k + 1]!;
    let carry = 0; // 0 = constant false
    for (let i = 0; i <= window.high; i++) {
      const known = i >= window.low;
      if (known) {
        const bit = Number((sum >> BigInt(i - window.low)) & 1n);
        addXor(solver, carry ? [a[i]!, b[i]!, carry] : [a[i]!, b[i]!], bit);
      }
      if (i === window.high) break;
      // The carry into bit i + 1 is the majority of a[i], b[i] and the carry into bit i.
      const next = solver.newVariable();
      if (carry === 0) {
        solver.addClause([-next, a[i]!]);
        solver.addClause([-next, b[i]!]);
        solver.addClause([next, -a[i]!, -b[i]!]);
      } else {
        const [p, q, r] = [a[i]!, b[i]!, carry];
        solver.addClause([-p, -q, next]);
        solver.addClause([-p, -r, next]);
        solver.addClause([-q, -r, next]);
        solver.addClause([p, q, -next]);
        solver.addClause([p, r, -next]);
        solver.addClause([q, r, -next]);
      }
      carry = next;
    }
  });
  const assignment = solver.solve();
  if (!assignment) return null;
  const value = (vars: number[]) =>
    vars.reduce((acc, v, i) => (assignment[v] ? acc | (1n << BigInt(i)) : acc), 0n);
  return [value(words[0]!), value(words[1]!)];
}
