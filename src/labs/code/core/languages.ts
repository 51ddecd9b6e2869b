/** The languages a learner's module may be written in, and how long it may be (without the compiler). */
export const LANGUAGES = ['typescript', 'javascript'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Longer code than this is refused (it would not fit a link either). */
export const MAX_SOURCE_LENGTH = 100_000;

/** Every language a module may be written in: Python runs in CPython (Pyodide), not compiled. */
export const MODULE_LANGUAGES = [...LANGUAGES, 'python'] as const;
export type ModuleLanguage = (typeof MODULE_LANGUAGES)[number];
