/**
 * logic-solver (MiniSat compiled to JavaScript, no WebAssembly) behind the small SatSolver
 * interface. It is loaded with a dynamic import the first time a model needs it, so the page and
 * the worker only fetch it when the SAT part actually runs.
 */
import type LogicModule from 'logic-solver';
import type { SatSolver } from './xorshift-sat';

export type Logic = typeof LogicModule;

export async function loadLogicSolver(): Promise<Logic> {
  const module = (await import('logic-solver')) as { default?: Logic } & Logic;
  return module.default ?? module;
}

/**
 * A fresh solver. The clauses here are already plain CNF, so they go straight to logic-solver's
 * MiniSat wrapper (`Logic._MiniSat`, which the package exposes): its formula layer would only add
 * bookkeeping, about half the time of a recovery. Without the wrapper, the public API is used.
 */
export function logicSolver(logic: Logic): SatSolver {
  const MiniSat = logic._MiniSat;
  if (MiniSat) {
    const minisat = new MiniSat();
    let variables = 0;
    let unsat = false;
    return {
      newVariable: () => ++variables,
      addClause(literals) {
        if (!unsat && !minisat.addClause(literals)) unsat = true;
      },
      solve() {
        if (unsat) return null;
        minisat.ensureVar(variables);
        if (!minisat.solve()) return null;
        return minisat.getSolution().map((value) => value === true);
      },
    };
  }
  const solver = new logic.Solver();
  const numbers: number[] = [0];
  return {
    newVariable() {
      numbers.push(solver.getVarNum(`x${numbers.length}`));
      return numbers.length - 1;
    },
    addClause(literals) {
      const terms = literals.map((l) => (l > 0 ? numbers[l]! : -numbers[-l]!));
      logic.disablingAssertions(() => solver.require(logic.or(...terms)));
    },
    solve() {
      const solution = logic.disablingAssertions(() => solver.solve());
      if (!solution) return null;
      const map = solution.getMap();
      return numbers.map((_, i) => map[`x${i}`] === true);
    },
  };
}
