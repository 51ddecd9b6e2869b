/** The talk's deck, built once from the registry: every lab's points and steps, in order. */
import { formatRoute } from '../../core/route';
import { LABS } from '../../labs/registry';
import { buildDeck, type Slide } from './deck';

export const DECK: readonly Slide[] = buildDeck(LABS);

const SLIDE_IDS = new Set(DECK.map((slide) => slide.id));
export const isSlide = (id: string): boolean => SLIDE_IDS.has(id);

/** The deck's address, at a lab's first slide when `labId` names one. */
export function talkAddress(labId?: string): string {
  const first = DECK.find((slide) => slide.labId === labId);
  return formatRoute({ kind: 'talk', params: first ? { at: first.id } : {} });
}
