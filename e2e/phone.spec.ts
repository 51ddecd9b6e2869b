/**
 * On a phone (issue 19): the lab menu says it scrolls, the guided-steps panel keeps under a
 * quarter of the screen, and a byte map wider than the screen says it scrolls sideways.
 */
import { LABS } from '../src/labs/registry';
import { test, expect } from './fixtures';
import { stepPanel } from './support/step-proof';

const PHONE = { width: 390, height: 844 };

test.beforeEach(async ({ page }) => {
  await page.setViewportSize(PHONE);
});

test('the lab menu shows there are more labs to the right, and its button scrolls to them', async ({
  page,
}) => {
  await page.goto(`./#/${LABS[0]!.id}`);
  const menu = page.getByRole('navigation', { name: 'Labs' });
  const last = menu.getByRole('link', { name: LABS.at(-1)!.title });
  await expect(last).not.toBeInViewport();
  const more = menu.getByRole('button', { name: 'More labs' });
  await expect(more).toBeVisible();
  for (let i = 0; i < LABS.length && (await more.count()) > 0; i++) await more.click();
  await expect(last).toBeInViewport();
  // At the end of the row there is nothing more to show, and the button says nothing.
  await expect(more).toHaveCount(0);
});

test('the guided-steps panel takes under a quarter of the screen, its text folded to two lines', async ({
  page,
}) => {
  await page.goto(`./#/${LABS[0]!.id}`);
  await page.getByRole('button', { name: /Guided steps/ }).click();
  const panel = stepPanel(page);
  await expect(panel.getByText(`Step 1 of ${LABS[0]!.steps.length}`)).toBeVisible();
  const height = async () => (await panel.boundingBox())!.height;
  expect(await height()).toBeLessThan(PHONE.height / 4);
  await expect(panel.getByRole('button', { name: 'Next →' })).toBeInViewport();

  const more = panel.getByRole('button', { name: 'More' });
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  const text = panel.getByText(LABS[0]!.steps[0]!.text);
  const folded = (await text.boundingBox())!.height;
  await more.click();
  await expect(panel.getByRole('button', { name: 'Less' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  // The whole text is there (it scrolls inside the panel), and the panel is still as low.
  expect(await text.evaluate((p) => p.scrollHeight)).toBeGreaterThan(folded);
  expect(await height()).toBeLessThan(PHONE.height / 4);
});

test('a byte map wider than the screen says that it scrolls sideways', async ({ page }) => {
  await page.goto('./#/hashes');
  const map = page.getByRole('figure').filter({ hasText: 'Input A' });
  await map.scrollIntoViewIfNeeded();
  await expect(map.getByText('Scroll sideways for the rest of each row →')).toBeVisible();
  const grid = map.getByRole('img');
  expect(await grid.evaluate((g) => g.scrollWidth > g.clientWidth)).toBe(true);
  // Scrolled to the end, the hint goes.
  await grid.evaluate((g) => g.scrollTo({ left: g.scrollWidth }));
  await expect(map.getByText('Scroll sideways for the rest of each row →')).toHaveCount(0);
});
