/**
 * A lab's recap: a few questions aimed at the usual misconceptions, each option with why it is
 * right or wrong. Plain data in each lab (src/labs/<lab>/recap.ts), shown at the end of the lab by
 * the shell (src/app/Recap.tsx).
 */
export interface RecapOption {
  text: string;
  right: boolean;
  /** Why this option is right or wrong, shown once it is chosen. */
  why: string;
}

export interface RecapQuestion {
  /** Unique within the lab. */
  id: string;
  question: string;
  options: readonly RecapOption[];
}
