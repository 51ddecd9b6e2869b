/** The languages a learner's module may be written in, and how long it may be (without the compiler). */
export const LANGUAGES = ['typescript', 'javascript'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Longer code than this is refused (it would not fit a link either). */
export const MAX_SOURCE_LENGTH = 100_000;
