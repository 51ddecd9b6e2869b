/**
 * The randomness lab's Python session: real CPython (Pyodide) in the Python sandbox, one
 * interpreter across runs. Its printed outputs clone the generator, and the clone's predictions
 * are checked against the values the same session draws next. The generator is seeded in the
 * cells, so every value is known from CPython (core/vectors/python-session.json).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import vectors from '../src/labs/randomness/core/vectors/python-session.json' with { type: 'json' };

const vector = vectors.sessions[0]!;
const SEED_CELL = `import random\nrandom.seed(${vector.seed})`;
const [NEXT, KEY] = [vector.draws[0]!, vector.draws[1]!];

/** The clone section in "Python in this page" mode, with the vector's key alphabet and length. */
async function openSession(page: Page) {
  await page.goto(
    `./#/randomness?clone=python&length=${KEY.length}&alphabet=${encodeURIComponent(KEY.alphabet!)}`,
  );
  const section = page.getByRole('region', { name: 'Clone Python’s generator from 624 outputs' });
  await expect(section.getByRole('radio', { name: 'Python in this page' })).toBeChecked();
  return section;
}

/** Types a cell and runs it; resolves when the console shows its output (or `expected`). */
async function run(section: Locator, code: string, expected: string | RegExp) {
  await section.getByLabel('Python code').fill(code);
  await section.getByRole('button', { name: 'Run', exact: true }).click();
  // Downloading and starting CPython takes seconds, and more on a busy machine.
  await expect(section.getByRole('log', { name: 'Python console' })).toContainText(expected, {
    timeout: 120_000,
  });
  await expect(section.getByText(/^Python 3\.14\.\S+ is running/)).toBeVisible({
    timeout: 120_000,
  });
}

test('the session’s next outputs and its next key are predicted exactly; an edited list is found out', async ({
  page,
}) => {
  test.setTimeout(360_000);
  const section = await openSession(page);
  const outputsField = section.getByLabel('Session outputs of getrandbits(32), oldest first');

  // One interpreter across runs: the seed set in one cell carries on into the next.
  await run(section, SEED_CELL, '... random.seed(20261201)');
  await section.getByRole('button', { name: 'The 624-output cell' }).click();
  await expect(section.getByLabel('Python code')).toHaveValue(
    'import random\n\nprint([random.getrandbits(32) for _ in range(624)])',
  );
  await section.getByRole('button', { name: 'Run', exact: true }).click();
  const console_ = section.getByRole('log', { name: 'Python console' });
  await expect(console_).toContainText(`[${vector.printed.join(', ')}]`, { timeout: 60_000 });

  // An edited list: the clone is made, but its predictions are not what the session draws.
  await section.getByRole('button', { name: 'Use these outputs' }).click();
  await expect(outputsField).toHaveValue(`[${vector.printed.join(', ')}]`);
  const edited = [vector.printed[0], 12345, ...vector.printed.slice(2)];
  await outputsField.fill(`[${edited.join(', ')}]`);
  await expect(section.getByText('✓ Cloned')).toBeVisible();
  await section
    .getByRole('button', { name: 'Predict the next 5 outputs, then ask the session' })
    .click();
  const wrong = section.getByRole('group', { name: 'Question 1' });
  await expect(wrong.getByText(/✗ [1-5] of 5 different: not predicted/)).toBeVisible({
    timeout: 60_000,
  });
  // The session really drew CPython's next values; the edited clone predicted others.
  for (const [i, value] of NEXT.values!.entries())
    await expect(
      wrong
        .getByRole('row')
        .nth(i + 1)
        .getByRole('cell')
        .nth(2),
    ).toHaveText(String(value));
  await expect(console_).toContainText(`[${NEXT.values!.join(', ')}]`);

  // The same seed again, the outputs as printed: every prediction comes true.
  await run(
    section,
    `${SEED_CELL}\nprint([random.getrandbits(32) for _ in range(624)])`,
    '... random.seed(20261201)\n... print([random.getrandbits(32) for _ in range(624)])',
  );
  await section.getByRole('button', { name: 'Use these outputs' }).click();
  await expect(outputsField).toHaveValue(`[${vector.printed.join(', ')}]`);
  await section
    .getByRole('button', { name: 'Predict the next 5 outputs, then ask the session' })
    .click();
  const next = section.getByRole('group', { name: 'Question 1' });
  await expect(next.getByText('✓ All 5 predicted exactly')).toBeVisible({ timeout: 60_000 });
  for (const [i, value] of NEXT.values!.entries()) {
    const cells = next
      .getByRole('row')
      .nth(i + 1)
      .getByRole('cell');
    await expect(cells.nth(1)).toHaveText(String(value));
    await expect(cells.nth(2)).toHaveText(String(value));
    await expect(cells.nth(3)).toHaveText('✓ same');
  }

  // The talk's key line, predicted from the clone, then made by the session.
  await section.getByRole('button', { name: 'Predict the next key, then ask the session' }).click();
  const key = section.getByRole('group', { name: 'Question 2' });
  await expect(key.getByText('✓ Identical: predicted')).toBeVisible({ timeout: 60_000 });
  await expect(key.locator('dd.digest')).toHaveText([KEY.key!, KEY.key!]);
  await expect(console_).toContainText(`'${KEY.key!}'`);

  // A restarted session has a fresh generator: the page no longer asks it about these outputs.
  await section.getByRole('button', { name: 'Restart Python' }).click();
  await expect(
    section.getByText('Only the session that printed these outputs can be asked'),
  ).toBeVisible();
  await expect(
    section.getByRole('button', { name: 'Predict the next 5 outputs, then ask the session' }),
  ).toBeDisabled();

  // The console, the questions and their tables, in light and dark.
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).include('#clone-heading ~ *').analyze();
    const serious = results.violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  }
});

test('a runaway loop is stopped by its time limit and by Stop; the page stays responsive', async ({
  page,
}) => {
  test.setTimeout(360_000);
  const section = await openSession(page);
  const DRAW = 'import random\nprint("drawn", random.getrandbits(64))';
  const drawn = async () =>
    [...((await console_.textContent()) ?? '').matchAll(/drawn (\d+)/g)].map((m) => m[1]);
  const console_ = section.getByRole('log', { name: 'Python console' });
  await run(section, DRAW, /drawn \d+/);
  // The first Python of this browser starts the long way and leaves a snapshot for the next.
  await expect(console_).toContainText(/Python 3\.14\.\S+, started from scratch/);

  await section.getByLabel('Python code').fill('while True:\n    pass');
  await section.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(console_).toContainText('The cell took longer than 10 s; stopped.', {
    timeout: 60_000,
  });
  await expect(page.locator('iframe[title="Sandbox for Python"]')).toHaveCount(0);

  // The next interpreter is restored from that snapshot, yet seeded from the OS as a fresh one
  // is: it draws other numbers than the first (they would repeat if the snapshot's state stayed).
  await run(section, DRAW, /drawn \d+[^]*drawn \d+/);
  await expect(console_).toContainText(
    /Python 3\.14\.\S+, restored from the snapshot this browser keeps/,
  );
  const [first, second] = await drawn();
  expect(second).toBeDefined();
  expect(second).not.toBe(first);
  await section.getByLabel('Python code').fill('while True:\n    pass');
  await section.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(section.getByText('Running…')).toBeVisible();
  await section.getByRole('button', { name: 'Stop' }).click();
  await expect(console_).toContainText('Stopped: Python was removed with everything in it');
  await expect(page.locator('iframe[title="Sandbox for Python"]')).toHaveCount(0);
  // The page answers at once: the other choices and the fields work.
  await section.getByLabel('Python code').fill('x = 1');
  await expect(section.getByLabel('Python code')).toHaveValue('x = 1');
  await section.getByRole('radio', { name: 'A victim shop' }).check();
  await expect(
    section.getByRole('button', { name: 'Collect 624 order numbers and attack' }),
  ).toBeVisible();
});

test('the session cannot read the app’s storage, fetch, or reach JavaScript', async ({
  page,
  log,
}) => {
  test.setTimeout(360_000);
  log.expectErrors(/Content Security Policy|Refused to connect|Failed to fetch/);
  const section = await openSession(page);
  await page.evaluate(() => localStorage.setItem('security-playground-probe', 'secret'));
  await run(section, 'print("ready")', 'ready');
  const console_ = section.getByRole('log', { name: 'Python console' });

  // Pyodide's bridges to JavaScript and the network modules are refused by the audit hook.
  for (const [code, refused] of [
    ['import js\njs.localStorage.getItem("security-playground-probe")', 'import("js")'],
    ['from pyodide.http import pyfetch', 'import("pyodide'],
    ["open('/tmp/probe', 'w')", 'open("/tmp/probe", "w"'],
  ] as const) {
    await section.getByLabel('Python code').fill(code);
    await section.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(console_).toContainText(`The audit hook refused: ${refused}`);
  }
  await expect(console_).toContainText('PermissionError: import was refused by the audit hook');
  await expect(console_).not.toContainText('secret');

  // The frame the session runs in has no origin: no storage, no fetch, even from its own document.
  const frame = page.frames().find((f) => /sandbox-python\.html$/.test(f.url()));
  expect(frame).toBeDefined();
  const inside = await frame!.evaluate(async () => {
    const out: Record<string, string> = { origin: self.origin };
    try {
      out.storage = String(localStorage.getItem('security-playground-probe'));
    } catch (error) {
      out.storage = (error as Error).name;
    }
    try {
      await fetch('./index.html');
      out.fetch = 'fetched';
    } catch (error) {
      out.fetch = (error as Error).name;
    }
    return out;
  });
  expect(inside).toEqual({ origin: 'null', storage: 'SecurityError', fetch: 'TypeError' });
});
