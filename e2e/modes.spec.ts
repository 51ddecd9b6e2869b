import { LABS } from '../src/labs/registry';
import { test, expect } from './fixtures';
import { holdBack } from './support/hold-back';
import { expectProofInView, stepPanel } from './support/step-proof';

test('presenter mode: arrows step, R resets, F goes full screen, and it fits 1280×720 in large type', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./#/hashes');
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await expect(page).toHaveURL(/#\/present\/hashes/);
  await expect(page.getByRole('navigation', { name: 'Labs' })).toHaveCount(0);
  const rootSize = await page.evaluate(() =>
    parseFloat(getComputedStyle(document.documentElement).fontSize),
  );
  expect(rootSize).toBeGreaterThanOrEqual(20);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');

  await page.keyboard.press('ArrowRight');
  const bar = page.getByRole('region', { name: 'Guided steps' });
  await expect(bar.getByText('Step 1 of 6')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(bar.getByText('Step 2 of 6')).toBeVisible();
  await expect(page.getByLabel('SHA-256 digest')).toBeInViewport();
  await page.keyboard.press('ArrowLeft');
  await expect(bar.getByText('Step 1 of 6')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(bar.getByText('Step 3 of 6')).toBeVisible();
  await expect(page.getByText('✓ Match')).toBeInViewport();
  // The page never needs horizontal scrolling at projector size.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

  await page.keyboard.press('r');
  await expect(page.getByRole('region', { name: 'Guided steps' })).toHaveCount(0);
  await expect(page).not.toHaveURL(/step=|expected=/);
  await expect(page.getByRole('textbox', { name: 'Expected hash' })).toHaveValue('');

  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);

  await page.getByRole('button', { name: 'Leave presenter mode' }).click();
  await expect(page.getByRole('navigation', { name: 'Labs' })).toBeVisible();
});

test('presenter mode: two quick → land two steps on, with that step’s inputs, action and proof', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const lab = LABS.find((entry) => entry.id === 'encryption')!;
  const steps = lab.steps;
  // The walk below relies on these: steps 2, 3, 5 and 6 run at once, step 7 asks first.
  expect([2, 3, 5, 6].map((n) => steps[n - 1]!.predict)).toEqual([
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
  expect(steps[6]!.predict).toBeDefined();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./#/present/encryption');
  // As a presenter does: the lab on screen first (the app renders after its modules load).
  await expect(page.getByRole('heading', { level: 1, name: lab.title })).toBeVisible();
  const panel = stepPanel(page);
  const cdp = await page.context().newCDPSession(page);
  /**
   * Two → sent at once, as from a presenter's remote, with the CPU slowed 4× (a modest laptop):
   * the second comes before the page has rendered the step the first opened.
   */
  const twoQuickPresses = async () => {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await Promise.all([page.keyboard.press('ArrowRight'), page.keyboard.press('ArrowRight')]);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  };
  const onStep = async (n: number) => {
    await expect(panel.getByText(`Step ${n} of ${steps.length}`)).toBeVisible();
    await expect(panel.getByText(steps[n - 1]!.title, { exact: true })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`step=${n}(&|$)`));
  };

  await page.keyboard.press('ArrowRight');
  await onStep(1);
  await expectProofInView(page, steps[0]!.proof!, { message: 'step 1:' });

  // Step 1 → step 3: step 3's inputs (CBC), its action run, its proof (the verdict) in view.
  await twoQuickPresses();
  await onStep(3);
  await expect(page).toHaveURL(/scheme=cbc/);
  await expect(panel).toHaveAttribute('data-action', steps[2]!.action!);
  await expect(panel).toHaveAttribute('data-action-ran', 'true', { timeout: 60_000 });
  await expectProofInView(page, steps[2]!.proof!, { message: 'step 3:' });
  await expect(page.locator(`#${steps[2]!.proof}`)).toContainText('Accepted, and changed');

  await twoQuickPresses();
  await onStep(5);
  await expectProofInView(page, steps[4]!.proof!, { message: 'step 5:' });

  // Step 5 → step 7, which asks first: its question up, the inputs still step 6's (CBC, with the
  // recovered messages), nothing run yet; the next → runs it and GCM refuses the flip.
  await twoQuickPresses();
  await onStep(7);
  await expect(panel.getByText(steps[6]!.predict!.question)).toBeVisible();
  await expect(page).toHaveURL(/scheme=cbc/);
  await expect(page).toHaveURL(/cribs=/);
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/scheme=gcm/);
  await expect(panel).toHaveAttribute('data-action-ran', 'true', { timeout: 60_000 });
  await expectProofInView(page, steps[6]!.proof!, { message: 'step 7:' });
  await expect(page.locator(`#${steps[6]!.proof}`)).toContainText('Refused');
});

test('presenter mode: → pressed before the app is on screen is kept, not lost', async ({
  page,
}) => {
  // The entry imports the app dynamically, so it renders after `load`. Hold the app's module
  // back a moment, as a slow laptop would, and press → twice meanwhile.
  const release = await holdBack(page, /\/assets\/App-[^/]*\.js$/);
  await page.goto('./#/present/hashes');
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  release();
  const bar = page.getByRole('region', { name: 'Guided steps' });
  await expect(bar.getByText('Step 2 of 6')).toBeVisible();
  await expect(page).toHaveURL(/step=2(&|$)/);
  await expect(page.getByLabel('SHA-256 digest')).toBeInViewport();
});

test('keys pressed while the home page loads do not fire later in presenter mode', async ({
  page,
}) => {
  const release = await holdBack(page, /\/assets\/App-[^/]*\.js$/);
  await page.goto('./');
  await page.keyboard.press('ArrowRight');
  release();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto('./#/present/hashes');
  await expect(page.getByRole('heading', { level: 1, name: 'Hashes and integrity' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Guided steps' })).toHaveCount(0);
});

test('arrow keys typed into an input do not change the step', async ({ page }) => {
  await page.goto('./#/present/hashes?step=1');
  const input = page.getByLabel('Text to hash (UTF-8)');
  await input.click();
  await page.keyboard.press('ArrowRight');
  await expect(
    page.getByRole('region', { name: 'Guided steps' }).getByText('Step 1 of 6'),
  ).toBeVisible();
});

test('the embed code gives an iframe whose lab reports its height to the parent page', async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./#/hashes?input=embedded');
  await page.getByRole('button', { name: 'Copy embed code' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toContain(`${baseURL}#/embed/hashes?input=embedded`);
  expect(snippet).toContain('<iframe');

  // A course page elsewhere pastes the snippet (a fresh tab, so it inherits nothing from the app).
  const course = await context.newPage();
  await course.setContent(
    `<!doctype html><html><body><h1>Course notes</h1>${snippet}</body></html>`,
  );
  const frame = course.frameLocator('iframe');
  await expect(
    frame.getByRole('heading', { level: 1, name: 'Hashes and integrity' }),
  ).toBeVisible();
  await expect(frame.getByRole('navigation', { name: 'Labs' })).toHaveCount(0);
  await expect(frame.getByRole('button', { name: /Guided steps/ })).toHaveCount(0);
  await expect(frame.getByLabel('Text to hash (UTF-8)')).toHaveValue('embedded');
  // The snippet's listener resized the iframe to the height the lab reported.
  await expect
    .poll(async () =>
      course
        .locator('iframe')
        .evaluate((f) => parseInt((f as HTMLIFrameElement).style.height || '0')),
    )
    .toBeGreaterThan(1000);
  const reported = await course
    .locator('iframe')
    .evaluate((f) => (f as HTMLIFrameElement).style.height);
  const inner = await frame.locator('html').evaluate((html) => html.scrollHeight);
  expect(parseInt(reported)).toBe(inner);
});

test('an embedded lab follows the theme the parent asks for, else the system', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('./#/embed/hashes');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.goto('./#/embed/hashes?theme=light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
