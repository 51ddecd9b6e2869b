/** The part of logic-solver 2.0.1 (MiniSat compiled to JavaScript) this lab uses. */
declare module 'logic-solver' {
  type Term = string | number;
  interface Formula {
    readonly __formula?: never;
  }
  interface Solution {
    getMap(): Record<string, boolean>;
  }
  interface Solver {
    getVarNum(name: string): number;
    require(...formulas: (Formula | Term)[]): void;
    solve(): Solution | null;
  }
  /** logic-solver's thin wrapper of the compiled MiniSat: variables are numbered from 1. */
  interface MiniSat {
    ensureVar(variable: number): void;
    /** False once the clauses are already known to be unsatisfiable. */
    addClause(literals: number[]): boolean;
    solve(): boolean;
    /** Index = variable number (index 0 unused). */
    getSolution(): (boolean | null)[];
  }
  interface LogicModule {
    Solver: new () => Solver;
    _MiniSat?: new () => MiniSat;
    or(...terms: (Formula | Term)[]): Formula;
    disablingAssertions<T>(run: () => T): T;
  }
  const Logic: LogicModule;
  export default Logic;
}
