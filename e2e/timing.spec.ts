import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { runCliJson } from '../src/cli/run-cli';
import { test, expect } from './fixtures';

// Every attack here is seeded (key, noise and attacker), so its outcome is the same on every run
// and every machine; the lab's default, fresh randomness, is what people get.

test('one button: the leak is measured and charted, and the tag is recovered', async ({ page }) => {
  await page.goto('./#/timing?seed=1');
  await page.getByRole('button', { name: 'Run the demo' }).click();

  const attack = page.getByRole('region', { name: 'Attack a server that checks tags with ==' });
  await expect(attack.getByText('✗ Tag recovered: the server accepted the forged tag')).toBeVisible(
    {
      timeout: 30_000,
    },
  );
  // The recovered tag is the server's own, revealed after the run.
  const recovered = await attack
    .getByRole('definition')
    .filter({ hasText: /^[0-9a-f]{16}$/ })
    .allTextContents();
  expect(recovered).toHaveLength(2);
  expect(recovered[0]).toBe(recovered[1]);
  await expect(attack.getByText('Each right byte makes the answer slower')).toBeVisible();

  const measure = page.getByRole('region', { name: 'Measure the leak in this browser' });
  await expect(measure.getByText(/Timer step here/)).toBeVisible({ timeout: 30_000 });
  await expect(
    measure.getByText('Early-exit loop: time against the first differing byte'),
  ).toBeVisible();
  // The chart is drawn: a median for each of the 17 positions of the first difference measured.
  const chart = measure.getByRole('img', {
    name: /^Early-exit loop: time against the first differing byte \(chart/,
  });
  await expect(chart.locator('circle > title')).toHaveCount(17);
  const table = measure.getByRole('table', { name: 'What the measurements say' });
  await expect(table.getByRole('row')).toHaveCount(5);
  // The verdicts themselves are measurements on a shared machine, so only their form is checked:
  // each compare has a measured slope and a verdict.
  for (const name of [
    'String ===',
    'Early-exit loop',
    'XOR-accumulate loop',
    'Web Crypto HMAC verify',
  ])
    await expect(table.getByRole('row', { name: new RegExp(name) })).toContainText(
      /ns\/byte.*(leaks: slower the more bytes match|no measurable leak) p = \d/,
    );
  // The rule that turns a slope and its spread into a verdict is shown beside them (issue 19).
  await expect(measure.getByText(/^How the verdict is decided: leaks when calls/)).toBeVisible();
});

test('against the constant-time compare the attack finds nothing and says so', async ({ page }) => {
  await page.goto('./#/timing?compare=constant-time&seed=2');
  const attack = page.getByRole('region', { name: 'Attack a server that checks tags with ==' });
  await attack.getByRole('button', { name: 'Attack the server' }).click();
  await expect(attack.getByText('✓ The tag was not recovered')).toBeVisible({ timeout: 30_000 });
  await expect(attack.getByText(/^The server compares in constant time/)).toBeVisible();
});

test('across the internet the attack on == gives up, and the verdict says the leak is buried in noise, not gone', async ({
  page,
}) => {
  await page.goto('./#/timing?network=internet&perByte=100%20ns&tagBytes=4');
  const attack = page.getByRole('region', { name: 'Attack a server that checks tags with ==' });
  await attack.getByRole('button', { name: 'Attack the server' }).click();
  await expect(attack.getByText('! Not recovered here; the compare still leaks')).toBeVisible({
    timeout: 60_000,
  });
  await expect(attack.getByText('Not safe: the leak is buried in noise')).toBeVisible();
  await expect(attack.getByText(/deciding one byte would take about 10\^11 queries/)).toBeVisible();
  await expect(attack.getByText('✓ The tag was not recovered')).toHaveCount(0);
  await expect(attack.getByText('Holds', { exact: true })).toHaveCount(0);
});

test('bad input is explained next to its field and the attack cannot start', async ({ page }) => {
  await page.goto('./#/timing');
  const attack = page.getByRole('region', { name: 'Attack a server that checks tags with ==' });
  await attack.getByLabel('Cost per compared byte').fill('fast');
  await expect(attack.getByText(/give a number of nanoseconds/)).toBeVisible();
  await attack.getByLabel('Tag length (bytes)').fill('99');
  await expect(attack.getByText('Tag length: choose from 1 to 32.')).toBeVisible();
  await expect(attack.getByRole('button', { name: 'Attack the server' })).toBeDisabled();
  // A paste too long for the address is kept in the field, and explained.
  const huge = '9'.repeat(20_000);
  await attack.getByLabel('Cost per compared byte').fill(huge);
  await expect(attack.getByLabel('Cost per compared byte')).toHaveValue(huge);
  await expect(
    attack.getByText('Cost per compared byte: choose from 0.10 ns to 100 ms.'),
  ).toBeVisible();
  await attack.getByLabel('Cost per compared byte').fill('2 µs');
  await attack.getByLabel('Tag length (bytes)').fill('4');
  await expect(attack.getByRole('button', { name: 'Attack the server' })).toBeEnabled();
  await expect(page).toHaveURL(/tagBytes=4/);
});

test('a seeded attack repeats exactly, and is the CLI’s run with the same seed', async ({
  page,
}) => {
  await page.goto('./#/timing?network=custom&jitter=400%20ns&tagBytes=6&seed=7');
  const attack = page.getByRole('region', { name: 'Attack a server that checks tags with ==' });
  const run = async () => {
    await attack.getByRole('button', { name: 'Attack the server' }).click();
    await expect(
      attack.getByText('✗ Tag recovered: the server accepted the forged tag'),
    ).toBeVisible();
    const summary = await attack
      .getByText(/^Recovered all 6 bytes with [\d,]+ queries/)
      .innerText();
    const tags = await attack
      .getByRole('definition')
      .filter({ hasText: /^[0-9a-f]{12}$/ })
      .allTextContents();
    return { queries: Number(/with ([\d,]+) queries/.exec(summary)![1]!.replace(/,/g, '')), tags };
  };
  const first = await run();
  await expect(attack.getByRole('definition').filter({ hasText: /^7$/ })).toBeVisible();
  const cli = runCliJson<{ secretHex: string; recoveredHex: string; queries: number }>(
    'timing-attack',
    '--tag-bytes',
    '6',
    '--jitter-ns',
    '400',
    '--seed',
    '7',
  );
  expect(first).toEqual({ queries: cli.queries, tags: [cli.secretHex, cli.secretHex] });
  // Again in a fresh page (a fresh worker): the same run.
  await page.reload();
  expect(await run()).toEqual(first);
  await attack.getByLabel('Seed').fill('seven');
  await expect(attack.getByText('Seed must be a whole number.')).toBeVisible();
  await expect(attack.getByRole('button', { name: 'Attack the server' })).toBeDisabled();
});

test('the sweep draws queries against noise from real runs', async ({ page }) => {
  await page.goto('./#/timing');
  const sweep = page.getByRole('region', { name: 'How many queries? Hundreds to millions' });
  await sweep.getByRole('button', { name: 'Run the sweep' }).click();
  await expect(sweep.getByText('Queries needed against network jitter')).toBeVisible();
  await expect(sweep.getByRole('button', { name: 'Run the sweep' })).toBeEnabled({
    timeout: 60_000,
  });
  await sweep.getByRole('button', { name: 'Show table' }).click();
  const rows = sweep.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(10);
});

test('charts export as PNG, SVG and JSON, and the results pass axe', async ({ page }) => {
  await page.goto('./#/timing?tagBytes=4&seed=3');
  const attack = page.getByRole('region', { name: 'Attack a server that checks tags with ==' });
  await attack.getByRole('button', { name: 'Attack the server' }).click();
  await expect(
    attack.getByText('✗ Tag recovered: the server accepted the forged tag'),
  ).toBeVisible();
  const frame = attack
    .getByRole('figure')
    .filter({ hasText: 'Each right byte makes the answer slower' });

  const png = page.waitForEvent('download');
  await frame.getByRole('button', { name: 'PNG' }).click();
  const pngFile = await png;
  expect(pngFile.suggestedFilename()).toBe('timing-attack-positions.png');
  expect(
    readFileSync(await pngFile.path())
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');

  const svg = page.waitForEvent('download');
  await frame.getByRole('button', { name: 'SVG' }).click();
  const svgFile = await svg;
  expect(svgFile.suggestedFilename()).toBe('timing-attack-positions.svg');
  expect(readFileSync(await svgFile.path(), 'utf8')).toContain('<svg');

  const json = page.waitForEvent('download');
  await frame.getByRole('button', { name: 'JSON' }).click();
  const rows = JSON.parse(readFileSync(await (await json).path(), 'utf8'));
  expect(rows).toHaveLength(4);
  expect(rows.map((r: { position: number }) => r.position)).toEqual([0, 1, 2, 3]);

  await frame.getByRole('button', { name: 'Show table' }).click();
  await expect(frame.getByRole('table').getByRole('row')).toHaveCount(5);

  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
});

test('ask the server yourself: your guesses are timed into a table and a chart; the right tag is valid', async ({
  page,
}) => {
  // The seed fixes the server's key and noise; the right tag comes from the CLI's run on that seed.
  const cli = runCliJson<{ secretHex: string }>('timing-attack', '--tag-bytes', '2', '--seed', '7');
  const tag = cli.secretHex;
  const flip = (hex: string) => ((parseInt(hex, 16) ^ 1) & 0xff).toString(16).padStart(2, '0');
  await page.goto('./#/timing?network=same-machine&tagBytes=2&seed=7');
  const ask = page.getByRole('region', { name: 'Ask the server yourself' });
  const form = ask.getByRole('form', { name: 'Your guesses to the timing server' });
  const guess = form.getByLabel('Guessed tag (hex)');
  const times = form.getByLabel('Times to send it');
  const send = form.getByRole('button', { name: 'Send the guess' });

  // Bad input: a message at the field, and nothing is sent.
  await guess.fill('abc');
  await expect(form.getByRole('alert')).toContainText('two digits per byte');
  await times.fill('0');
  await expect(form.getByRole('alert').last()).toContainText('choose from 1 to 1000');
  await expect(send).toBeDisabled();

  // The first byte wrong, then right: against == the second is answered one byte's cost later.
  await times.fill('25');
  await guess.fill(flip(tag.slice(0, 2)) + '00');
  await send.click();
  const answer = ask.getByRole('region', { name: 'The server’s last answer' });
  await expect(answer).toContainText('✓ Invalid');
  await expect(answer).toContainText('sent 25 times');
  await guess.fill(tag.slice(0, 2) + flip(tag.slice(2, 4)));
  await send.click();
  const requests = ask.getByRole('region', { name: 'Your requests' });
  await expect(requests.getByRole('row')).toHaveCount(3);
  const medianNs = async (row: number) => {
    const text = await requests.getByRole('row').nth(row).getByRole('cell').nth(2).innerText();
    const [, value, unit] = /^([\d.]+) (ns|µs)$/.exec(text)!;
    return Number(value) * (unit === 'µs' ? 1000 : 1);
  };
  expect(await medianNs(2)).toBeGreaterThan(await medianNs(1));
  await expect(ask.getByText('Your queries’ response times')).toBeVisible();

  // The right tag: valid.
  await times.fill('1');
  await guess.fill(tag);
  await send.click();
  await expect(answer).toContainText('✗ Valid: the server accepted this tag');
  await expect(requests.getByRole('row')).toHaveCount(4);
  await expect(requests).toContainText('51 queries answered');

  await form.getByRole('button', { name: 'Clear my queries' }).click();
  await expect(requests).toHaveCount(0);
  await expect(answer).toHaveCount(0);
  // Axe stays clean with the table and chart on screen.
  await guess.fill(tag);
  await send.click();
  await expect(answer).toContainText('Valid');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations).toEqual([]);
});
