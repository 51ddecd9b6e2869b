import { test, expect } from './fixtures';
import { LABS } from '../src/labs/registry';
import { holdBack } from './support/hold-back';

test('the landing page links every point of the talk to its lab', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1, name: 'Security Playground' })).toBeVisible();
  for (const lab of LABS) {
    await expect(
      page.getByRole('link', { name: `Open the ${lab.title} lab →` }).first(),
    ).toBeVisible();
  }
  await page
    .getByRole('link', { name: `Open the ${LABS[0]!.title} lab →` })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: LABS[0]!.title })).toBeVisible();
});

test('“Start here”, above the advice, opens the first lab at its first guided step', async ({
  page,
}) => {
  await page.goto('./');
  const start = page.getByRole('link', { name: /^Start here/ });
  const advice = page.getByRole('heading', { name: 'The advice, and where to see it' });
  expect((await start.boundingBox())!.y).toBeLessThan((await advice.boundingBox())!.y);
  await start.click();
  await expect(page.getByRole('heading', { level: 1, name: LABS[0]!.title })).toBeVisible();
  const panel = page.getByRole('region', { name: 'Guided steps' });
  await expect(panel.getByText(`Step 1 of ${LABS[0]!.steps.length}`)).toBeVisible();
  await expect(panel).toHaveAttribute('data-step-finished', 'true');
  await expect(page.locator(`#${LABS[0]!.steps[0]!.proof}`)).toBeInViewport();
});

for (const lab of LABS) {
  test(`the ${lab.title} lab loads with no console error and no request to another origin`, async ({
    page,
    log,
  }) => {
    await page.goto(`./#/${lab.id}`);
    await expect(page.getByRole('heading', { level: 1, name: lab.title })).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: 'Labs' }).getByRole('link', { name: lab.title }),
    ).toHaveAttribute('aria-current', 'page');
    await page.waitForLoadState('networkidle');
    expect(log.requests.length).toBeGreaterThan(0);
  });
}

test('the page carries a Content-Security-Policy that forbids other origins', async ({
  page,
  log,
}) => {
  log.expectErrors(/example\.com\/collect/);
  await page.goto('./');
  const csp = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  // A script that tries to reach another origin is refused by the browser.
  const outcome = await page.evaluate(async () => {
    try {
      await fetch('https://example.com/collect');
      return 'sent';
    } catch {
      return 'blocked';
    }
  });
  expect(outcome).toBe('blocked');
  expect(log.errors.join('\n')).toContain('Content Security Policy');
});

test('the theme switch toggles dark and light and is keyboard operable', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const toggle = page.getByRole('button', { name: 'Switch to dark theme' });
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('an unknown lab address says so instead of failing', async ({ page }) => {
  await page.goto('./#/no-such-lab');
  await expect(page.getByRole('heading', { name: 'No lab called “no-such-lab”' })).toBeVisible();
});

test('the layout fits a phone without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`./#/${LABS[0]!.id}`);
  await expect(page.getByRole('heading', { level: 1, name: LABS[0]!.title })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
});

// Each lab's guided steps, run from start to end (title, address, action, proof, exit), are in
// e2e/step-proof.spec.ts, in both modes and at two screen sizes.

test('on a phone, the lab menu keeps its height while a lab loads (no layout shift)', async ({
  page,
}) => {
  await page.setViewportSize({ width: 412, height: 823 });
  // Hold the lab's panel back, as a slow phone would, so the page is short for a while.
  const release = await holdBack(page, /\/assets\/HashesPanel-[^/]*\.js$/);
  await page.goto('./#/hashes');
  const menu = page.getByRole('navigation', { name: 'Labs' });
  await expect(page.getByText('Loading the Hashes and integrity lab…')).toBeVisible();
  const loading = await menu.boundingBox();
  release();
  await expect(page.getByRole('heading', { level: 1, name: 'Hashes and integrity' })).toBeVisible();
  const loaded = await menu.boundingBox();
  expect(loading!.height).toBeLessThan(100);
  expect(loaded!.y).toBe(loading!.y);
  expect(loaded!.height).toBe(loading!.height);
});
