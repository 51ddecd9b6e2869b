import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import collisions from '../src/labs/hashes/core/vectors/collisions.json' with { type: 'json' };

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

test('hashes typed text and agrees with Node and Web Crypto', async ({ page }) => {
  await page.goto('./#/hashes');
  const input = page.getByLabel('Text to hash (UTF-8)');
  await input.fill('abc');
  await expect(page.getByLabel('SHA-256 digest')).toHaveText(sha256('abc'));
  await expect(page.getByLabel('MD5 digest')).toHaveText(
    createHash('md5').update('abc').digest('hex'),
  );
  await expect(page.getByLabel('BLAKE2b-512 digest')).toHaveText(
    createHash('blake2b512').update('abc').digest('hex'),
  );
  const sha256Row = page.getByRole('row', { name: /SHA-256/ }).first();
  await expect(sha256Row.getByText('✓ agrees')).toBeVisible();
  // The input is in the address, so a copied link reopens it.
  await expect(page).toHaveURL(/input=abc/);
  await page.reload();
  await expect(page.getByLabel('SHA-256 digest')).toHaveText(sha256('abc'));
});

test('a deep link opens hex input, and bad hex gets a clear message beside the input', async ({
  page,
}) => {
  await page.goto('./#/hashes?mode=hex&input=616263');
  await expect(page.getByLabel('SHA-256 digest')).toHaveText(sha256('abc'));
  const input = page.getByLabel('Hex bytes to hash');
  await input.fill('abc');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert')).toContainText('Hex needs two digits per byte');
  await input.fill('61 62 63 64');
  await expect(page.getByLabel('SHA-256 digest')).toHaveText(sha256('abcd'));
});

test('input that does not parse (hex with letters) says so in Digests, never “Hashing…” or the last digests', async ({
  page,
}) => {
  // Issue 19 item 5: the sentence is not hex, so nothing can be hashed until it is fixed.
  await page.goto('./#/hashes');
  await expect(page.getByLabel('SHA-256 digest')).toHaveText(
    sha256('The quick brown fox jumps over the lazy dog'),
  );
  await page.getByRole('group', { name: 'Input is' }).getByRole('radio', { name: 'Hex' }).check();
  const input = page.getByLabel('Hex bytes to hash');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  const digests = page
    .getByRole('region', { name: 'Digests' })
    .filter({ has: page.getByRole('heading', { name: 'Digests' }) });
  await expect(digests).toContainText('Nothing hashed: the hex above is not valid');
  await expect(digests).toContainText('"T" is not a hex digit');
  await expect(digests).not.toContainText('Hashing…');
  await expect(page.getByLabel('SHA-256 digest')).toHaveCount(0);

  // Valid, then invalid again: the digests of the earlier input do not stay behind.
  await input.fill('616263');
  await expect(page.getByLabel('SHA-256 digest')).toHaveText(sha256('abc'));
  await input.fill('6162zz');
  await expect(digests).toContainText('"z" is not a hex digit');
  await expect(page.getByLabel('SHA-256 digest')).toHaveCount(0);
});

test('compares with an expected hash', async ({ page }) => {
  await page.goto('./#/hashes');
  await page.getByLabel('Text to hash (UTF-8)').fill('release-1.0.tar.gz contents');
  const expected = page.getByRole('textbox', { name: 'Expected hash' });
  await expected.fill(`${sha256('release-1.0.tar.gz contents')}  release-1.0.tar.gz`);
  await expect(page.getByText('✓ Match')).toBeVisible();
  await expect(page.getByText(/SHA-256 digest equals the expected hash/)).toBeVisible();
  await expected.fill(sha256('something else'));
  await expect(page.getByText('✗ No match')).toBeVisible();
  await expected.fill('not hex!');
  await expect(expected).toHaveAttribute('aria-invalid', 'true');
});

test('hashes a large file in chunks with a moving progress bar', async ({ page }, testInfo) => {
  const data = randomBytes(40 * 1024 * 1024);
  const path = testInfo.outputPath('large.bin');
  writeFileSync(path, data);
  await page.goto('./#/hashes');
  // Every value the bar shows is recorded as the page puts it up (the bar is gone once hashing
  // ends, so a look afterwards would find nothing, however fast or slow the machine).
  await page.evaluate(() => {
    const shown: number[] = [];
    Object.assign(window, { progressShown: shown });
    new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Hashing large.bin"]');
      const value = bar ? Number(bar.getAttribute('aria-valuenow')) : null;
      if (value !== null && value !== shown.at(-1)) shown.push(value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByRole('radio', { name: 'File', exact: true }).check();
  await page.getByLabel('Choose a file to hash').setInputFiles(path);
  await expect(page.getByLabel('SHA-256 digest')).toHaveText(sha256(data), { timeout: 80_000 });
  // The bar moved: from 0, through values strictly between 0 and 100 as the worker read its ten
  // 4 MiB chunks, never backwards.
  const shown = await page.evaluate(
    () => (window as unknown as { progressShown: number[] }).progressShown,
  );
  expect(shown[0]).toBe(0);
  expect(shown.some((value) => value > 0 && value < 100)).toBe(true);
  expect(shown).toEqual([...shown].sort((a, b) => a - b));
  await expect(page.getByLabel('SHA-1 digest')).toHaveText(
    createHash('sha1').update(data).digest('hex'),
  );
  await expect(page.getByText(/large\.bin \(40\.0 MB\) hashed with 6 algorithms/)).toBeVisible();
});

test('published collisions stay equal with a typed suffix, and differ under SHA-256', async ({
  page,
}) => {
  await page.goto('./#/hashes');
  const section = page.getByRole('region', { name: 'Collisions: MD5 and SHA-1 are broken' });
  await section.getByLabel('Suffix appended to both inputs').fill(' plus my suffix');
  const md5Row = section.getByRole('row', { name: /^MD5/ });
  const expectedMd5 = createHash('md5')
    .update(
      Buffer.concat([Buffer.from(collisions.md5.a_hex, 'hex'), Buffer.from(' plus my suffix')]),
    )
    .digest('hex');
  await expect(md5Row.getByRole('cell').nth(0)).toHaveText(expectedMd5);
  await expect(md5Row.getByRole('cell').nth(1)).toHaveText(expectedMd5);
  await expect(md5Row.getByText('Equal: collision')).toBeVisible();
  await expect(section.getByRole('row', { name: /^SHA-256/ }).getByText('Different')).toBeVisible();

  await section.getByRole('radio', { name: 'SHA-1 (SHAttered)' }).check();
  const sha1Row = section.getByRole('row', { name: /^SHA-1/ });
  const expectedSha1 = createHash('sha1')
    .update(
      Buffer.concat([Buffer.from(collisions.sha1.b_hex, 'hex'), Buffer.from(' plus my suffix')]),
    )
    .digest('hex');
  await expect(sha1Row.getByRole('cell').nth(1)).toHaveText(expectedSha1);
  await expect(sha1Row.getByText('Equal: collision')).toBeVisible();
  await expect(section.getByRole('row', { name: /^SHA-256/ }).getByText('Different')).toBeVisible();
});

test('the guided steps change one letter and every digest changes', async ({ page }) => {
  await page.goto('./#/hashes');
  await page.getByRole('button', { name: /Guided steps/ }).click();
  await expect(page.getByLabel('SHA-256 digest')).toHaveText(
    sha256('The quick brown fox jumps over the lazy dog'),
  );
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(page.getByLabel('SHA-256 digest')).toHaveText(
    sha256('The quick brown fox jumps over the lazy dos'),
  );
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(page.getByText('✓ Match')).toBeVisible();
});

test('exports the digests as JSON', async ({ page }) => {
  await page.goto('./#/hashes?input=abc');
  await expect(page.getByLabel('SHA-256 digest')).toHaveText(sha256('abc'));
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export results (JSON)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('hashes-results.json');
  const data = JSON.parse(readFileSync(await file.path(), 'utf8'));
  expect(data.inputs).toEqual({ input: 'abc' });
  expect(
    data.results.digests.find((d: { algorithm: string }) => d.algorithm === 'sha256').hex,
  ).toBe(sha256('abc'));
});

test('hashes with only the algorithms chosen, and asks for at least one', async ({ page }) => {
  await page.goto('./#/hashes?input=abc');
  await expect(page.getByLabel('SHA-256 digest')).toHaveText(sha256('abc'));
  for (const name of ['MD5', 'SHA-1', 'SHA-512', 'SHA3-256', 'BLAKE2b-512']) {
    await page.getByRole('checkbox', { name }).uncheck();
  }
  await expect(page.getByLabel('MD5 digest')).toHaveCount(0);
  await expect(page.getByText('3 B of input hashed with one algorithm')).toBeVisible();
  await expect(page).toHaveURL(/algs=sha256/);
  await page.getByRole('checkbox', { name: 'SHA-256' }).uncheck();
  await expect(page.getByText('Choose at least one algorithm.')).toBeVisible();
});

test('measures SHA-512 against SHA-256 here: every algorithm × engine in the chart’s table, and sentences that agree with it', async ({
  page,
}) => {
  // The last guided step sets three runs per engine and presses “Measure hashing speed”.
  await page.goto('./#/hashes');
  await page.getByRole('button', { name: /Guided steps/ }).click();
  const steps = page.getByRole('region', { name: 'Guided steps' });
  while (!(await steps.getByText('SHA-512 or SHA-256: measured here').isVisible()))
    await steps.getByRole('button', { name: 'Next →' }).click();
  const section = page.getByRole('region', { name: 'SHA-512 or SHA-256: which is faster here?' });
  // Each of the 32 runs lasts at least 150 ms, so the bar is there for seconds on any machine.
  await expect(section.getByRole('progressbar', { name: 'Measuring hashing speed' })).toBeVisible();
  await expect(section.getByRole('button', { name: 'Measure hashing speed' })).toBeDisabled();
  await expect(section.getByRole('heading', { name: 'What the measurement says' })).toBeVisible({
    timeout: 120_000,
  });
  // The chart is drawn: a bar per measured engine and algorithm, each with its numbers.
  const chart = section.getByRole('img', {
    name: /^Hashing speed by algorithm and engine \(chart/,
  });
  await expect(chart.locator('svg')).toBeVisible();
  await expect(chart.locator('rect > title').first()).toHaveText(/^MD5, .+: [\d.,]+ MB\/s/);

  await section.getByRole('button', { name: 'Show table' }).click();
  const table = section.getByRole('table', { name: 'Hashing speed by algorithm and engine' });
  const cells = await table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => Array.from(row.querySelectorAll('td'), (td) => td.textContent ?? '')),
    );
  const engines = ['Teaching engine (32-bit)', '@noble/hashes (JS)', 'Web Crypto (native)'];
  expect(cells.map(([algorithm, engine]) => `${algorithm} / ${engine}`)).toEqual(
    ['MD5', 'SHA-256', 'SHA-512'].flatMap((a) => engines.map((e) => `${a} / ${e}`)),
  );
  expect(cells[2]!.slice(2)).toEqual(['Web Crypto has no MD5', '—', '—', '0']);
  const rate = (algorithm: string, engine: string) => {
    const row = cells.find(([a, e]) => a === algorithm && e === engine)!;
    const [median, slowest, fastest] = row.slice(2, 5).map(Number) as [number, number, number];
    expect(row[5]).toBe('3');
    expect(slowest).toBeGreaterThan(0);
    expect(slowest).toBeLessThanOrEqual(median);
    expect(median).toBeLessThanOrEqual(fastest);
    return { text: row[2]!, median, slowest, fastest };
  };

  const paragraphs = section.locator('h3:has-text("What the measurement says") ~ p');
  const checkSentence = async (index: number, engine: string, claim: boolean) => {
    const sha256 = rate('SHA-256', engine);
    const sha512 = rate('SHA-512', engine);
    const sentence = (await paragraphs.nth(index).textContent()) ?? '';
    // The sentence quotes the table's medians…
    expect(sentence).toContain(
      `SHA-512 hashed ${sha512.text} MB/s and SHA-256 ${sha256.text} MB/s`,
    );
    // …and names as faster the one whose every run beat the other's, or neither.
    if (sha256.slowest > sha512.fastest) {
      expect(sentence).toMatch(/SHA-256 is [\d.]+× as fast as SHA-512/);
      if (claim) expect(sentence).toContain('✓ Claim holds');
    } else if (sha512.slowest > sha256.fastest) {
      expect(sentence).toMatch(/SHA-512 is [\d.]+× as fast as SHA-256/);
      if (claim) expect(sentence).toContain('✗ Claim does not show');
    } else {
      expect(sentence).toContain('their runs overlap, so neither is clearly faster');
    }
  };
  await checkSentence(0, 'Teaching engine (32-bit)', true);
  await checkSentence(1, 'Web Crypto (native)', false);

  // The JSON export holds the runs behind the table and the same sentences.
  const download = page.waitForEvent('download');
  await section.getByRole('button', { name: 'JSON' }).click();
  const data = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  expect(data.rows).toHaveLength(8);
  expect(data.verdict.sentences[1]).toBe(await paragraphs.nth(1).textContent());
  await expect(section.getByRole('button', { name: 'Measure hashing speed' })).toBeEnabled();
});
