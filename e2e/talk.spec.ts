/**
 * The talk deck (#/talk): the whole talk walked by keyboard at projector size, every step's proof
 * in view with no scrolling, the position and the clock, R, a reload, and the speaker notes in a
 * second window following along. The slides come from the labs' contracts, not from copies.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { slideNotes, type Slide } from '../src/app/talk/deck';
import { DECK } from '../src/app/talk/talk';
import { test, expect } from './fixtures';
import { expectProofInView, stepPanel } from './support/step-proof';

// Pinned for the whole talk (the deck's `<lab>.<param>` inputs): the timing attacks are seeded,
// so they come out the same on every run, and the leak is measured with 100 calls per sample
// instead of 1,000.
const PINS = 'timing.seed=1&timing.repeats=100';
const N = DECK.length;

function deckBar(page: Page) {
  return page.getByRole('group', { name: 'Talk' });
}

async function expectAt(page: Page, index: number) {
  const slide = DECK[index]!;
  await expect(
    deckBar(page).getByText(`Slide ${index + 1} of ${N}`, { exact: true }),
  ).toBeVisible();
  await expect(deckBar(page).getByText(`· ${slide.labNumber}. ${slide.labTitle}`)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`[?&]at=${slide.id}(&|$)`));
}

async function expectNotesAt(notes: Page, index: number) {
  const now = notes.getByRole('region', { name: 'Now' });
  const next = notes.getByRole('region', { name: 'Next' });
  await expect(now.getByText(slideNotes(DECK[index]!).title, { exact: true })).toBeVisible();
  const following = DECK[index + 1];
  if (following)
    await expect(next.getByText(slideNotes(following).title, { exact: true })).toBeVisible();
  else await expect(next.getByText('The end of the talk.')).toBeVisible();
  await expect(notes.getByText(`Slide ${index + 1} of ${N}`, { exact: false })).toBeVisible();
}

async function expectSlideShown(page: Page, slide: Slide, message: string) {
  if (slide.kind === 'point') {
    await expect(
      page.getByRole('heading', { level: 1, name: slide.point.advice }),
    ).toBeInViewport();
    await expect(page.getByText(slide.point.today, { exact: false })).toBeInViewport();
    await expect(stepPanel(page)).toHaveCount(0);
    return;
  }
  const panel = stepPanel(page);
  await expect(panel.getByText(`Step ${slide.stepIndex + 1} of ${slide.stepCount}`)).toBeVisible();
  await expect(panel.getByText(slide.step.title, { exact: true })).toBeVisible();
  if (slide.step.proof) {
    await expectProofInView(page, slide.step.proof, { message });
    return;
  }
  // A step with no proof named yet: its target (a section, often taller than the screen) in view
  // once the step has finished.
  await expect(panel, `${message} the step finishes`).toHaveAttribute(
    'data-step-finished',
    'true',
    { timeout: 120_000 },
  );
  if (slide.step.target)
    await expect(page.locator(`#${slide.step.target}`), `${message} target`).toBeInViewport();
}

test('the whole talk by keyboard at 1280×720: every step’s proof in view, the notes window following', async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`./#/talk?${PINS}`);
  await expectAt(page, 0);

  // The clock: stopped at 0:00 until started, then running.
  const clock = deckBar(page).getByRole('timer', { name: 'Elapsed time' });
  await expect(clock).toHaveText('0:00');
  await page.keyboard.press('t');
  await expect(deckBar(page).getByRole('button', { name: 'Pause clock' })).toBeVisible();
  await expect.poll(() => clock.textContent(), { timeout: 10_000 }).not.toBe('0:00');

  // The speaker notes open in a second window (N) and show this slide, the next one and the clock.
  const [notes] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('n')]);
  const notesErrors: string[] = [];
  notes.on('pageerror', (error) => notesErrors.push(error.message));
  notes.on('console', (m) => m.type() === 'error' && notesErrors.push(m.text()));
  await expect(notes).toHaveURL(/#\/talk\/notes$/);
  await expectNotesAt(notes, 0);
  await expect(notes.getByRole('timer', { name: 'Elapsed time' })).not.toHaveText('0:00');
  await expect(notes.getByText('running', { exact: true })).toBeVisible();
  await page.bringToFront();

  const keys = ['ArrowRight', 'PageDown', ' '];
  for (const [index, slide] of DECK.entries()) {
    const message = `slide ${index + 1} (${slide.id}):`;
    await expectAt(page, index);
    if (slide.kind === 'step' && slide.step.predict) {
      // Predict, then run: the question is put to the room, and Next runs the step, on this slide.
      await expect(stepPanel(page).getByText(slide.step.predict.question)).toBeVisible();
      await page.keyboard.press(keys[index % keys.length]!);
      await expectAt(page, index);
    }
    await expectSlideShown(page, slide, message);
    await expectNotesAt(notes, index);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      1280,
    );
    if (index === N - 1) break;
    await page.keyboard.press(keys[index % keys.length]!);
  }
  await expect(deckBar(page).getByRole('button', { name: 'Next →' })).toBeDisabled();
  await page.keyboard.press('ArrowRight');
  await expectAt(page, N - 1);

  // Back across a lab boundary: ← from the first point of the last lab opens the step before it.
  const lastLabStart = DECK.findIndex((slide) => slide.labId === DECK[N - 1]!.labId);
  await page.goto(`./#/talk?at=${DECK[lastLabStart]!.id}&${PINS}`);
  await expectAt(page, lastLabStart);
  await page.keyboard.press('ArrowLeft');
  await expectAt(page, lastLabStart - 1);
  await expectSlideShown(page, DECK[lastLabStart - 1]!, 'back across a lab:');
  await expectNotesAt(notes, lastLabStart - 1);

  // The notes window drives the deck too.
  await notes.bringToFront();
  await notes.keyboard.press('ArrowRight');
  await expectAt(page, lastLabStart);
  expect(notesErrors).toEqual([]);
});

test('R resets the lab on screen and keeps the slide; keys typed into a field stay there', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const index = DECK.findIndex((slide) => slide.id === 'hashes-step-2');
  const slide = DECK[index]!;
  if (slide.kind !== 'step') throw new Error('hashes-step-2 is a step');
  await page.goto(`./#/talk?at=${slide.id}`);
  const input = page.getByRole('textbox', { name: 'Text to hash (UTF-8)' });
  await expect(input).toHaveValue(slide.step.params!.input!);

  await page.keyboard.press('r');
  await expect(input).toHaveValue('The quick brown fox jumps over the lazy dog');
  await expectAt(page, index);

  // → typed into the field moves the caret, not the talk; Escape leaves the field.
  await input.click();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('r');
  await expect(input).toHaveValue(/r$/);
  await expectAt(page, index);
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowRight');
  await expectAt(page, index + 1);
});

test('a reload resumes at the same slide, the step run again and its proof in view, the clock kept', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const index = DECK.findIndex((slide) => slide.id === 'encryption-step-2');
  await page.goto(`./#/talk?at=${DECK[index]!.id}`);
  await expectSlideShown(page, DECK[index]!, 'before the reload:');
  await deckBar(page).getByRole('button', { name: 'Start clock' }).click();
  const clock = deckBar(page).getByRole('timer', { name: 'Elapsed time' });
  await expect.poll(() => clock.textContent(), { timeout: 10_000 }).not.toBe('0:00');
  await deckBar(page).getByRole('button', { name: 'Pause clock' }).click();
  const shown = await clock.textContent();

  await page.reload();
  await expectAt(page, index);
  await expectSlideShown(page, DECK[index]!, 'after the reload:');
  await expect(clock).toHaveText(shown!);
  await expect(deckBar(page).getByRole('button', { name: 'Start clock' })).toBeVisible();
});

test('the landing page and every lab link to the deck', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('link', { name: '▶ Give the talk' }).click();
  await expectAt(page, 0);
  await page.goto('./#/timing');
  await page.getByRole('link', { name: 'In the talk deck' }).click();
  await expectAt(
    page,
    DECK.findIndex((slide) => slide.labId === 'timing'),
  );
  await page.goto('./#/hashes');
  await page.getByRole('link', { name: '▶ Talk deck' }).click();
  await expectAt(page, 0);
});

test('a slide, a step and the notes have no serious accessibility violation', async ({
  page,
  context,
}) => {
  const serious = async (on: Page) =>
    (await new AxeBuilder({ page: on }).analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  await page.goto('./#/talk');
  await expectAt(page, 0);
  expect(await serious(page)).toEqual([]);
  const step = DECK.findIndex((slide) => slide.kind === 'step');
  await page.goto(`./#/talk?at=${DECK[step]!.id}`);
  await expectSlideShown(page, DECK[step]!, 'first step:');
  expect(await serious(page)).toEqual([]);
  const [notes] = await Promise.all([
    context.waitForEvent('page'),
    deckBar(page).getByRole('button', { name: 'Speaker notes' }).click(),
  ]);
  await expectNotesAt(notes, step);
  expect(await serious(notes)).toEqual([]);
});
