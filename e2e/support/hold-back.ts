import type { Page } from '@playwright/test';

/**
 * Holds back the app's files whose address matches `url` until the returned `release()` is
 * called, as a slow laptop or phone would: what the page does before they arrive can be tested.
 */
export async function holdBack(page: Page, url: RegExp): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(url, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}
