import { test, expect } from './fixtures';
import { THEN_AND_NOW } from '../src/app/then-and-now';

test('the timing lab ends with what changed since the talk, each change with its source', async ({
  page,
}) => {
  await page.goto('./#/timing');
  const box = page.getByRole('region', { name: /^Then and now/ });
  await expect(box).toBeVisible();
  await expect(box).toContainText('hmac.compare_digest');
  for (const change of THEN_AND_NOW.timing!)
    await expect(box.getByRole('link', { name: change.source.title })).toHaveAttribute(
      'href',
      change.source.url,
    );
  // Another lab shows its own changes, not the last lab's.
  await page.goto('./#/untrusted-data');
  await expect(page.getByRole('region', { name: /^Then and now/ })).toContainText(
    '--require-hashes',
  );
  await expect(page.getByRole('region', { name: /^Then and now/ })).not.toContainText(
    'timingSafeEqual',
  );
});
