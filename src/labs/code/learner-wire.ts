/** What the CLI and its isolated child agree on about the learner's values (both sides import it). */

/** Longest string a learner's function may return to the grader (a tag or a token is far shorter). */
export const MAX_VALUE_CHARS = 65_536;
/** Longest "Name: message" kept of what a learner's function threw. */
export const MAX_THROWN_CHARS = 600;
