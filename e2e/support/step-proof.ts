/**
 * The check that a guided step lands on its proof: once the step has finished (its action ran and
 * the lab's work is done: the step panel says `data-step-finished="true"`), the element that
 * proves the step's sentence is whole on screen, above the step panel's top and not clipped by a
 * scroll area of its own. Used by e2e/step-proof.spec.ts for every step of every lab, and by the
 * talk deck.
 */
import { expect, type Page } from '@playwright/test';

/** The guided-steps panel, as a reader finds it. */
export function stepPanel(page: Page) {
  return page.getByRole('region', { name: 'Guided steps' });
}

/**
 * Where the element with this id is, as a sentence: 'in view', or what is wrong (missing, hidden,
 * below the panel's top, above the screen, clipped by its scroll area).
 */
export async function proofPlacement(page: Page, proofId: string): Promise<string> {
  return page.evaluate((id) => {
    const element = document.getElementById(id);
    if (!element) return `no element #${id}`;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return `#${id} has no size (hidden?)`;
    const panel = document.querySelector('section.guided');
    const panelTop = panel ? panel.getBoundingClientRect().top : window.innerHeight;
    // The panel is docked at the bottom: the room for the proof is everything above it.
    const limit = Math.min(window.innerHeight, panelTop > 0 ? panelTop : window.innerHeight);
    const where = `#${id} spans ${Math.round(box.top)}–${Math.round(box.bottom)} px`;
    if (box.top < -0.5) return `${where}: its top is above the screen`;
    if (box.bottom > limit + 0.5)
      return `${where}: its bottom is below ${panel ? "the step panel's top" : 'the screen'} (${Math.round(limit)} px)`;
    if (box.left < -0.5 || box.right > window.innerWidth + 0.5)
      return `${where}: it sticks out sideways (${Math.round(box.left)}–${Math.round(box.right)} px)`;
    for (let area = element.parentElement; area; area = area.parentElement) {
      const style = getComputedStyle(area);
      if (!/(auto|scroll|hidden)/.test(style.overflowY)) continue;
      if (area === document.body || area === document.documentElement) continue;
      const outer = area.getBoundingClientRect();
      if (box.top < outer.top - 0.5 || box.bottom > outer.bottom + 0.5)
        return `${where}: clipped by its scroll area (${Math.round(outer.top)}–${Math.round(outer.bottom)} px)`;
    }
    return 'in view';
  }, proofId);
}

/**
 * Waits for the open step to finish (`finishTimeout`: attacks may run for a while), then for the
 * element with `proofId` to be in view above the step panel. Without a step panel on the page (the
 * talk deck), only the finishing wait is skipped and the screen's bottom is the limit.
 */
export async function expectProofInView(
  page: Page,
  proofId: string,
  { finishTimeout = 120_000, message = '' }: { finishTimeout?: number; message?: string } = {},
): Promise<void> {
  const panel = stepPanel(page);
  if ((await panel.count()) > 0)
    await expect(panel, `${message} the step finishes`.trim()).toHaveAttribute(
      'data-step-finished',
      'true',
      { timeout: finishTimeout },
    );
  await expect
    .poll(() => proofPlacement(page, proofId), {
      message: `${message} #${proofId} in view above the step panel`.trim(),
      timeout: 10_000,
    })
    .toBe('in view');
}

/**
 * Predict, then run: a step with a prediction waits with its question up. A learner's walk skips
 * it (normal mode); a speaker's Next runs it (presenter mode and the deck). `stepNumber` counts
 * from 1, as the panel does.
 */
export async function passPrediction(
  page: Page,
  steps: readonly { predict?: { question: string } }[],
  stepNumber: number,
  presenter: boolean,
): Promise<void> {
  const predict = steps[stepNumber - 1]?.predict;
  if (!predict) return;
  const panel = stepPanel(page);
  await expect(panel.getByText(predict.question)).toBeVisible();
  if (presenter) await page.keyboard.press('ArrowRight');
  else await panel.getByRole('button', { name: 'Skip' }).click();
}
