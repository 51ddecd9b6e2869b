/**
 * The code lab in Python: the presets run in real CPython (Pyodide) inside the Python sandbox
 * frame, and the same battery attacks them from the app's worker. Starting Python takes seconds
 * (the first time it also fetches about 13 MB from the app's own origin): generous timeouts.
 */
import { deflateRawSync } from 'node:zlib';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const PYTHON_MS = 180_000;

async function choosePython(page: Page, preset: string) {
  await page.goto('./#/code');
  await page.getByRole('radio', { name: 'Python' }).check();
  await page.getByLabel('Preset').selectOption({ label: preset });
}

test.describe('the code lab in Python', () => {
  test.setTimeout(300_000);

  test('hashlib.md5(secret + message): the battery forges a message that verify accepts', async ({
    page,
  }) => {
    await choosePython(page, 'hashlib.md5(secret + message)');
    const editor = page.getByRole('textbox', { name: 'Your module (Python)' });
    await expect(editor).toHaveValue(/return hashlib\.md5\(secret \+ message\)\.hexdigest\(\)/);
    await expect(editor).toHaveValue(/if sig == sig2:/);
    await expect(page).toHaveURL(/lang=python/);
    await page.getByRole('button', { name: 'Run attacks' }).click();
    const report = page.getByRole('list', { name: 'Attacks' });
    const lengthExtension = report.getByRole('listitem', { name: 'Length extension: Fail' });
    await expect(lengthExtension).toBeVisible({ timeout: PYTHON_MS });
    await expect(lengthExtension).toContainText('Forged: verify accepted');
    const timing = report.getByRole('listitem', { name: /^Timing: / });
    await expect(timing).toHaveAccessibleName(/^Timing: (Fail|Warning)$/, { timeout: PYTHON_MS });
    await expect(timing).toContainText('verify compares with ==');
  });

  test('hmac.new with hmac.compare_digest and secrets.token_urlsafe passes every attack', async ({
    page,
  }) => {
    await choosePython(page, 'hmac.new with hmac.compare_digest (the fix)');
    await expect(page.getByRole('textbox', { name: 'Your module (Python)' })).toHaveValue(
      /hmac\.compare_digest\(sign\(secret, message, purpose\), tag\)/,
    );
    await page.getByRole('button', { name: 'Run attacks' }).click();
    await expect(page.getByText('None of the 6 attacks that ran got through.')).toBeVisible({
      timeout: PYTHON_MS,
    });
    const report = page.getByRole('list', { name: 'Attacks' });
    await expect(report.getByRole('listitem', { name: 'Timing: Pass' })).toContainText(
      'hmac.compare_digest',
    );
  });

  test('learner Python can neither read the app’s storage nor fetch', async ({ page, log }) => {
    const code = `import hashlib, hmac

tried = []
def attempt(name, action):
    try:
        action()
        tried.append(name + ': done')
    except BaseException as error:
        tried.append(name + ': ' + type(error).__name__)

attempt('storage', lambda: __import__('js').localStorage.getItem('marker'))
attempt('fetch', lambda: __import__('pyodide.http').http.pyfetch('https://example.com/'))
attempt('file', lambda: open('/tmp/x', 'w'))

def sign(secret: bytes, message: bytes, purpose: str = 'default') -> str:
    return hmac.new(secret, purpose.encode() + message, hashlib.sha256).hexdigest()

def verify(secret: bytes, message: bytes, tag: str, purpose: str = 'default') -> bool:
    return hmac.compare_digest(sign(secret, message, purpose), tag)
`;
    const param = `1${deflateRawSync(Buffer.from(code)).toString('base64url')}`;
    await page.goto(`./#/code?lang=python&code=${param}`);
    await page.evaluate(() => localStorage.setItem('marker', 'the app’s own data'));
    await expect(page.getByRole('textbox', { name: 'Your module (Python)' })).toHaveValue(
      /attempt\('storage'/,
    );
    await page.getByRole('button', { name: 'Run attacks' }).click();
    const report = page.getByRole('list', { name: 'Attacks' });
    await expect(report.getByRole('listitem', { name: 'Tampering: Pass' })).toBeVisible({
      timeout: PYTHON_MS,
    });
    const blocked = page.getByRole('list', { name: 'Blocked calls' });
    await expect(blocked).toContainText('Python: import', { timeout: PYTHON_MS });
    await expect(blocked).toContainText('["js"]');
    await expect(blocked).toContainText('pyodide');
    await expect(blocked).toContainText('Python: open');
    expect(log.requests.filter((url) => url.includes('example.com'))).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('marker'))).toBe('the app’s own data');
  });

  // The service worker keeps Python for the code lab as it does for the untrusted-data lab
  // (e2e/python.spec.ts): the button, pressed as soon as the first visit's setup lets it, caches
  // Pyodide; then, with the network gone, the HMAC preset still runs in real CPython and passes.
  test('after “Make Python available offline”, with the network gone, the HMAC preset still passes', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(420_000);
    const origin = new URL(baseURL!).origin;
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    const foreign: string[] = [];
    context.on('request', (request) => {
      const url = request.url();
      if (!/^(data|blob|about):/.test(url) && new URL(url).origin !== origin) foreign.push(url);
    });
    try {
      const page = await context.newPage();
      await choosePython(page, 'hmac.new with hmac.compare_digest (the fix)');
      const run = page.getByRole('region', { name: 'Run the attacks' });
      const offlineReady = run.getByText(/^✓ Python is available offline/);
      // Clicked as soon as it is enabled: Playwright waits while the page says it will reload.
      await run.getByRole('button', { name: 'Make Python available offline' }).click();
      await expect(offlineReady).toBeVisible({ timeout: PYTHON_MS });
      await expect(run.getByRole('button', { name: 'Make Python available offline' })).toHaveCount(
        0,
      );

      await context.setOffline(true);
      await page.reload();
      await expect(page.getByRole('textbox', { name: 'Your module (Python)' })).toHaveValue(
        /hmac\.compare_digest\(sign\(secret, message, purpose\), tag\)/,
      );
      await expect(offlineReady).toBeVisible();
      await run.getByRole('button', { name: 'Run attacks' }).click();
      await expect(page.getByText('None of the 6 attacks that ran got through.')).toBeVisible({
        timeout: PYTHON_MS,
      });
      const report = page.getByRole('list', { name: 'Attacks' });
      await expect(report.getByRole('listitem', { name: 'Timing: Pass' })).toContainText(
        'hmac.compare_digest',
      );
      expect(foreign, 'requests that left the app origin').toEqual([]);
    } finally {
      await context.close();
    }
  });
});
