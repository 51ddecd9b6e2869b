import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import { LABS } from '../src/labs/registry';

const MODES = [
  { name: 'normal', prefix: '' },
  { name: 'presenter', prefix: 'present/' },
  { name: 'embed', prefix: 'embed/' },
] as const;

async function seriousViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

test('the landing page has no serious accessibility violation, in light and dark', async ({
  page,
}) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('./');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  }
});

for (const lab of LABS) {
  for (const mode of MODES) {
    test(`the ${lab.title} lab has no serious accessibility violation in ${mode.name} mode`, async ({
      page,
    }) => {
      await page.goto(`./#/${mode.prefix}${lab.id}`);
      await expect(page.getByRole('heading', { level: 1, name: lab.title })).toBeVisible();
      await page.waitForLoadState('networkidle');
      if (mode.name !== 'embed' && lab.steps.length > 0) {
        // With the guided-steps bar open, on the first step.
        await page.getByRole('button', { name: /Guided steps/ }).click();
        await expect(page.getByRole('region', { name: 'Guided steps' })).toBeVisible();
      }
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}

test('the challenges pages have no serious accessibility violation, in light and dark', async ({
  page,
}) => {
  const id = 'length-extension/known-length';
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const address of ['./#/challenges', `./#/challenges/${id}`]) {
      await page.goto(address);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      if (address !== './#/challenges') {
        // With an error at a field, a hint open and the instance shown.
        await expect(page.getByLabel('Instance as JSON')).toContainText('{');
        await page.getByLabel('Tag (hex)').fill('zz');
        const hint = page.getByRole('button', { name: /^Show hint/ });
        if ((await hint.count()) > 0) await hint.click();
      }
      expect(await seriousViolations(page)).toEqual([]);
    }
  }
});
