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
  interface LogicModule {
    Solver: new () => Solver;
    or(...terms: (Formula | Term)[]): Formula;
    disablingAssertions<T>(run: () => T): T;
  }
  const Logic: LogicModule;
  export default Logic;
}
