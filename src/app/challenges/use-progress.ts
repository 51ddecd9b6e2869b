/**
 * The progress store: localStorage under one key, read through `parseProgress` (a damaged or
 * foreign value reads as no progress rather than breaking the page), written on every change, and
 * shared by every component and tab (the `storage` event carries changes from other tabs).
 */
import { useSyncExternalStore } from 'react';
import {
  EMPTY_PROGRESS,
  answerRecap,
  parseProgress,
  serializeProgress,
  updateChallenge,
  type ChallengeProgress,
  type Progress,
  type RecapAnswer,
} from './progress';

export const PROGRESS_STORAGE_KEY = 'security-playground:challenge-progress';
const CHANGE_EVENT = 'security-playground:progress';

let cachedText: string | null | undefined;
let cached: Progress = EMPTY_PROGRESS;

function readStored(): string | null {
  try {
    return window.localStorage.getItem(PROGRESS_STORAGE_KEY);
  } catch {
    return null; // storage disabled: progress lives as long as the page
  }
}

function snapshot(): Progress {
  const text = readStored() ?? memoryCopy;
  if (text !== cachedText) {
    cachedText = text;
    const parsed = text === null ? null : parseProgress(text);
    cached = parsed?.ok ? parsed.value : EMPTY_PROGRESS;
  }
  return cached;
}

/** Where progress goes when localStorage refuses a write (private mode, full). */
let memoryCopy: string | null = null;

function subscribe(onChange: () => void) {
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key === PROGRESS_STORAGE_KEY) onChange();
  };
  window.addEventListener('storage', onStorage);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onStorage);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

export function useProgress(): Progress {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

export function saveProgress(progress: Progress): void {
  const text = serializeProgress(progress, new Date());
  try {
    window.localStorage.setItem(PROGRESS_STORAGE_KEY, text);
  } catch {
    memoryCopy = text;
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

export function changeProgress(
  id: string,
  change: (entry: ChallengeProgress) => ChallengeProgress,
): void {
  saveProgress(updateChallenge(snapshot(), id, change));
}

/** The learner chose an option in a lab's recap (kept with the challenges' progress). */
export function saveRecapAnswer(labId: string, questionId: string, answer: RecapAnswer): void {
  saveProgress(answerRecap(snapshot(), labId, questionId, answer));
}

export function currentProgress(): Progress {
  return snapshot();
}

export function resetProgress(): void {
  try {
    window.localStorage.removeItem(PROGRESS_STORAGE_KEY);
  } catch {
    // nothing stored
  }
  memoryCopy = null;
  window.dispatchEvent(new Event(CHANGE_EVENT));
}
