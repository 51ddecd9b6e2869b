/**
 * Every guided step of every lab lands on its proof (issue 19): once the step has finished, the
 * element that proves its sentence is whole on screen above the step panel, in normal and
 * presenter mode, at 1280×720 and, after the window grows, at 1280×800. On the way each step shows
 * its title, puts its number in the address and runs its action, and the last step's Exit leaves
 * the walk-through. The steps come from the labs' contracts, so a new step is checked without
 * touching this file.
 */
import { LABS } from '../src/labs/registry';
import { test, expect } from './fixtures';
import { expectProofInView, stepPanel } from './support/step-proof';

const MODES = [
  { name: 'normal', address: (id: string) => `./#/${id}` },
  { name: 'presenter', address: (id: string) => `./#/present/${id}` },
] as const;

/** Labs whose address takes a seed: their steps then repeat exactly (the shell keeps it). */
const seeded = (id: string) => (LABS.find((lab) => lab.id === id)!.params.seed ? '?seed=1' : '');

test('every step of every lab names its proof, among the lab’s targets', () => {
  for (const lab of LABS)
    for (const [index, step] of lab.steps.entries()) {
      const name = `${lab.id} step ${index + 1} (${step.title})`;
      expect(step.proof, `${name} has a proof`).toBeTruthy();
      expect(lab.targets, `${name}'s proof is declared`).toContain(step.proof);
    }
});

for (const lab of LABS)
  for (const mode of MODES)
    test(`${lab.title}, ${mode.name} mode: each step lands on its proof at 1280×720 and 1280×800`, async ({
      page,
    }) => {
      test.setTimeout(300_000);
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(mode.address(lab.id) + seeded(lab.id));
      if (mode.name === 'presenter') await page.keyboard.press('ArrowRight');
      else await page.getByRole('button', { name: /Guided steps/ }).click();
      const panel = stepPanel(page);
      for (const [index, step] of lab.steps.entries()) {
        const name = `step ${index + 1} (${step.title})`;
        await expect(panel.getByText(`Step ${index + 1} of ${lab.steps.length}`)).toBeVisible();
        await expect(panel.getByText(step.title, { exact: true })).toBeVisible();
        await expect(page).toHaveURL(new RegExp(`step=${index + 1}`));
        if (step.predict) {
          // Predict, then run: the step waits for the question; presenting, Next runs it.
          await expect(panel.getByText(step.predict.question)).toBeVisible();
          if (mode.name === 'presenter') await page.keyboard.press('ArrowRight');
          else await panel.getByRole('button', { name: 'Skip' }).click();
        }
        if (step.action) {
          await expect(panel).toHaveAttribute('data-action', step.action);
          await expect(panel, `${name} ran ${step.action}`).toHaveAttribute(
            'data-action-ran',
            'true',
          );
        }
        await expectProofInView(page, step.proof!, { message: `${name} at 1280×720:` });
        await page.setViewportSize({ width: 1280, height: 800 });
        await expectProofInView(page, step.proof!, { message: `${name} at 1280×800:` });
        await page.setViewportSize({ width: 1280, height: 720 });
        if (index === lab.steps.length - 1) break;
        if (mode.name === 'presenter') await page.keyboard.press('ArrowRight');
        else await panel.getByRole('button', { name: 'Next →' }).click();
      }
      await expect(panel.getByRole('button', { name: 'Next →' })).toBeDisabled();
      await panel.getByRole('button', { name: 'Exit steps' }).click();
      await expect(page).not.toHaveURL(/step=/);
    });
