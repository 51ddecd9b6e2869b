/**
 * Predict, then run (issue 14, item 3): a guided step with a prediction asks its question before
 * it runs (its inputs and its action wait), runs on “Run the step” or “Skip”, and then says
 * whether the prediction was right and why. From the keyboard too; presenting, the question is a
 * prompt to the room and Next runs the step. The questions and answers come from the labs'
 * contracts (their answers are checked against the labs' cores in step-predictions.test.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { LABS } from '../src/labs/registry';
import { test, expect } from './fixtures';
import { expectProofInView, stepPanel } from './support/step-proof';

function predictStep(labId: string, title: string) {
  const steps = LABS.find((lab) => lab.id === labId)!.steps;
  const index = steps.findIndex((s) => s.title === title);
  const predict = steps[index]!.predict!;
  return {
    number: index + 1,
    step: steps[index]!,
    predict,
    right: predict.options[predict.answer]!,
    wrong: predict.options.find((_, i) => i !== predict.answer)!,
  };
}

function question(page: Page, text: string) {
  return stepPanel(page).getByRole('group', { name: `Predict first: ${text}` });
}

test('a right prediction: the step waits for it, then runs and says so, with why', async ({
  page,
}) => {
  const { number, step, predict, right } = predictStep(
    'untrusted-data',
    'Sign, then verify before loading',
  );
  await page.goto(`./#/untrusted-data?step=${number}`);
  const panel = stepPanel(page);
  await expect(question(page, predict.question)).toBeVisible();
  // Waiting: the step's inputs are not applied yet, and its sentence (which tells) is held back.
  await expect(page).toHaveURL(new RegExp(`step=${number}`));
  await expect(page).not.toHaveURL(/tamper=swap/);
  await expect(panel.getByText(step.text)).toHaveCount(0);
  await expect(panel).toHaveAttribute('data-step-finished', 'false');

  await question(page, predict.question).getByRole('radio', { name: right }).check();
  await panel.getByRole('button', { name: 'Run the step' }).click();
  await expect(page).toHaveURL(/tamper=swap/);
  await expect(panel.getByRole('status')).toHaveText(
    `✓ You predicted right: ${right}. ${predict.why}`,
  );
  await expect(panel.getByText(step.text)).toBeVisible();
  // What the lab really did: the swapped pickle was refused and never loaded.
  const result = page.locator('#sign-result');
  await expect(result.getByText('Refused before loading')).toBeVisible();
  await expect(result.getByText('Opcodes read by the loader: 0')).toBeVisible();
  await expectProofInView(page, step.proof!);
});

test('a wrong prediction is told so, with the answer the step really gave', async ({ page }) => {
  const { number, predict, right, wrong } = predictStep('hashes', 'MD5 collides');
  await page.goto(`./#/hashes?step=${number}`);
  const panel = stepPanel(page);
  const suffix = page.getByRole('textbox', { name: 'Suffix appended to both inputs' });
  await expect(question(page, predict.question)).toBeVisible();
  await expect(suffix).toHaveValue('');

  await question(page, predict.question).getByRole('radio', { name: wrong }).check();
  await panel.getByRole('button', { name: 'Run the step' }).click();
  await expect(panel.getByRole('status')).toHaveText(
    `✗ Not this time: you predicted “${wrong}”; the answer is ${right}. ${predict.why}`,
  );
  // The step's own result: the suffix is in, and MD5 still collides while SHA-256 does not.
  await expect(suffix).toHaveValue(' -- signed, the release team');
  const table = page.getByRole('region', { name: 'Collision digests' });
  await expect(table.getByRole('row', { name: /^MD5 / })).toContainText('Equal: collision');
  await expect(table.getByRole('row', { name: /^SHA-256 / })).toContainText('Different');
});

test('Skip runs the step without a prediction and gives the answer; the action waits until then', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { number, step, predict, right } = predictStep('length-extension', 'The fix: HMAC-SHA256');
  await page.goto(`./#/length-extension?step=${number}`);
  const panel = stepPanel(page);
  await expect(question(page, predict.question)).toBeVisible();
  await expect(panel).toHaveAttribute('data-action', 'forge');
  await expect(panel).toHaveAttribute('data-action-ran', 'false');
  await expect(page).not.toHaveURL(/scheme=hmac-sha256/);

  await panel.getByRole('button', { name: 'Skip' }).click();
  await expect(page).toHaveURL(/scheme=hmac-sha256/);
  await expect(panel).toHaveAttribute('data-action-ran', 'true');
  await expectProofInView(page, step.proof!);
  await expect(panel.getByRole('status')).toHaveText(`The answer: ${right}. ${predict.why}`);
  await expect(page.locator('#le-verdict')).toContainText('Forgery rejected');

  // Back and Next again: the question is asked again.
  await panel.getByRole('button', { name: '← Back' }).click();
  await panel.getByRole('button', { name: 'Next →' }).click();
  await expect(question(page, predict.question)).toBeVisible();
});

test('from the keyboard: no answer gets a message, arrows choose, Enter runs; axe-clean', async ({
  page,
}) => {
  const { number, predict, right } = predictStep(
    'untrusted-data',
    'Sign, then verify before loading',
  );
  await page.goto(`./#/untrusted-data?step=${number}`);
  const panel = stepPanel(page);
  const group = question(page, predict.question);
  await expect(group).toBeVisible();

  const axe = await new AxeBuilder({ page }).include('section.guided').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // Run with nothing chosen: a message at the question, and the step still waits.
  await panel.getByRole('button', { name: 'Run the step' }).focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('alert')).toHaveText('Choose what you expect first, or press Skip.');
  await expect(page).not.toHaveURL(/tamper=swap/);

  // Into the radio group, arrows move the choice, Enter runs the step with it.
  const options = group.getByRole('radio');
  await options.first().focus();
  await page.keyboard.press('Space');
  await expect(options.first()).toBeChecked();
  await expect(panel.getByRole('alert')).toHaveCount(0);
  for (let i = 0; i < predict.answer; i++) await page.keyboard.press('ArrowDown');
  await expect(group.getByRole('radio', { name: right })).toBeChecked();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/tamper=swap/);
  await expect(panel.getByRole('status')).toContainText(`✓ You predicted right: ${right}.`);
});

test('presenter mode: the question is a prompt to the room, Next runs the step, Next again moves on', async ({
  page,
}) => {
  const { number, predict, right } = predictStep('hashes', 'MD5 collides');
  await page.goto(`./#/present/hashes?step=${number}`);
  const panel = stepPanel(page);
  await expect(panel.getByText(predict.question)).toBeVisible();
  for (const option of predict.options)
    await expect(panel.getByText(option, { exact: true })).toBeVisible();
  await expect(panel.getByRole('radio')).toHaveCount(0);
  await expect(page).not.toHaveURL(/pair=md5/);

  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/pair=md5/);
  await expect(page).toHaveURL(new RegExp(`step=${number}(&|$)`));
  await expect(panel.getByRole('status')).toHaveText(`Answer: ${right}`);
  await expect(panel.getByText(predict.why)).toHaveCount(0);

  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(new RegExp(`step=${number + 1}(&|$)`));
  await expect(panel.getByText(`Step ${number + 1} of`)).toBeVisible();
});
