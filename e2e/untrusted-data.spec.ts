import type { Frame, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { UNTRUSTED_DATA } from '../src/labs/untrusted-data/lab';
import { passPrediction } from './support/step-proof';

const lab = './#/untrusted-data';
// CPython 3.11: pickle.dumps of an object whose __reduce__ returns (os.system, ('id',)), protocol 4.
const PAYLOAD_HEX =
  '8004951d000000000000008c05706f736978948c0673797374656d9493948c02696494859452942e';
// pickle.dumps({'name': 'alice', 'age': 30, 'admin': False}, protocol=2)
const DATA_BASE64 = 'gAJ9cQAoWAQAAABuYW1lcQFYBQAAAGFsaWNlcQJYAwAAAGFnZXEDSx5YBQAAAGFkbWlucQSJdS4=';

test('a dropped .pkl file is read, not run: its call to os.system is reported', async ({
  page,
}) => {
  await page.goto(lab);
  const section = page.getByRole('region', { name: 'Inspect a pickle without loading it' });
  const dataTransfer = await page.evaluateHandle((hex) => {
    const bytes = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'payload.pkl'));
    return transfer;
  }, PAYLOAD_HEX);
  await section.dispatchEvent('drop', { dataTransfer });
  await expect(section.getByText('✗ Runs dangerous code')).toBeVisible();
  await expect(section.getByText(/payload\.pkl \(40 B\): 15 opcodes, protocol 4/)).toBeVisible();
  await expect(section.getByText("call posix.system('id')")).toBeVisible();
  const reduce = section.getByRole('row', { name: /^37 REDUCE/ });
  await expect(reduce).toContainText("calls posix.system('id')");
  await expect(section.getByRole('row', { name: /^11 SHORT_BINUNICODE 'posix'/ })).toBeVisible();
});

test('the file button, base64 and hex inputs, and a clear error for broken input', async ({
  page,
}, testInfo) => {
  await page.goto(lab);
  const section = page.getByRole('region', { name: 'Inspect a pickle without loading it' });
  const input = section.getByLabel('Pickle bytes (base64)');
  await input.fill(DATA_BASE64);
  await expect(section.getByText('✓ Data only')).toBeVisible();
  await expect(section.getByText("{'name': 'alice', 'age': 30, 'admin': False}")).toBeVisible();
  await input.fill('gAJ9cQAo!');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(section.getByRole('alert')).toContainText('not a base64 character');
  await section.getByRole('radio', { name: 'Hex' }).check();
  const hex = section.getByLabel('Pickle bytes (hex)');
  await hex.fill('636f730a73797374656d0a2853276964270a7452'); // the classic payload, no STOP
  await expect(section.getByText('✗ Runs dangerous code')).toBeVisible();
  await expect(
    section.getByText(/raises EOFError at byte 20: Ran out of input — but only after/),
  ).toBeVisible();

  const path = testInfo.outputPath('data.pkl');
  await (await import('node:fs/promises')).writeFile(path, Buffer.from(DATA_BASE64, 'base64'));
  await section.getByRole('radio', { name: 'File (.pkl)' }).check();
  await section.getByLabel('Choose a pickle file').setInputFiles(path);
  await expect(section.getByText('✓ Data only')).toBeVisible();
  await expect(section.getByText(/data\.pkl \(56 B\): 16 opcodes, protocol 2/)).toBeVisible();
});

test('every new input clears the last verdict, and what a broken pickle did first still counts', async ({
  page,
}) => {
  await page.goto(lab);
  const section = page.getByRole('region', { name: 'Inspect a pickle without loading it' });
  const input = section.getByLabel('Pickle bytes (base64)');
  await input.fill(DATA_BASE64);
  await expect(section.getByText('✓ Data only')).toBeVisible();
  await input.fill('gAJ9cQAo!');
  await expect(section.getByRole('alert')).toContainText('not a base64 character');
  await expect(section.getByText('✓ Data only')).toHaveCount(0);
  await expect(section.getByText('What loading it would do')).toHaveCount(0);
  // GLOBAL subprocess Popen, then nothing: loading imports the module, then runs out of input.
  await section.getByRole('radio', { name: 'Hex' }).check();
  await section.getByLabel('Pickle bytes (hex)').fill('6373756270726f636573730a506f70656e0a');
  await expect(section.getByText('✗ Imports code by name')).toBeVisible();
  await expect(section.getByText(/after importing subprocess\.Popen/)).toBeVisible();
  await expect(section.getByText('✓ Data only')).toHaveCount(0);
});

test('a FRAME that lies is read both ways, side by side', async ({ page }) => {
  await page.goto(lab);
  const section = page.getByRole('region', { name: 'Inspect a pickle without loading it' });
  // PROTO 4, FRAME(2) holding BINBYTES and one byte of its length; then four bytes, and a call to
  // os.system that the in-memory read takes as the bytes' content.
  await section
    .getByRole('button', { name: 'A FRAME that lies: two readers, two programs' })
    .click();
  await expect(section.getByText('✗ Runs dangerous code').first()).toBeVisible();
  await expect(section.getByRole('heading', { name: 'Two readers, two programs' })).toBeVisible();
  const memory = section.getByRole('region', {
    name: 'pickle.loads (and pickletools): one opcode after another',
  });
  const stream = section.getByRole('region', {
    name: 'pickle.load from a stream: frame by frame',
  });
  await expect(memory.getByText('✓ Data only')).toBeVisible();
  await expect(memory.getByText('⚠', { exact: false })).toHaveCount(0);
  await expect(stream.getByText('✗ Runs dangerous code')).toBeVisible();
  await expect(stream.getByText('byte 12 is skipped: the rest of the frame')).toBeVisible();
  await expect(stream.getByRole('row', { name: /^55 REDUCE/ })).toContainText(
    "calls os.system('echo hidden in a frame')",
  );
});

test('the pickles after the first are scanned, as a loop of pickle.load reads them', async ({
  page,
}) => {
  await page.goto(lab);
  const section = page.getByRole('region', { name: 'Inspect a pickle without loading it' });
  await section.getByRole('radio', { name: 'Hex' }).check();
  // None, then a protocol 0 pickle calling builtins.eval('1+1'), then a stray byte.
  await section
    .getByLabel('Pickle bytes (hex)')
    .fill('4e2e636275696c74696e730a6576616c0a285327312b31270a74522eff');
  await expect(section.getByText('✗ Runs dangerous code')).toBeVisible();
  const following = section.getByRole('region', { name: 'Pickles that follow the first' });
  await expect(following.getByRole('row', { name: /^2–28/ })).toContainText(
    "calls builtins.eval('1+1')",
  );
  await expect(following.getByRole('row', { name: /^28–29/ })).toContainText(
    "raises UnpicklingError: invalid load key, '\\xff'.",
  );
});

test('the payload builder writes pickle.dumps’ bytes, and the inspector reads them back', async ({
  page,
}) => {
  await page.goto(lab);
  const builder = page.getByRole('region', { name: 'Build a payload' });
  await builder.getByLabel('Callable').fill('builtins.len');
  await builder.getByLabel('Arguments (JSON array)').fill('["hello"]');
  await builder.getByRole('radio', { name: '2' }).check();
  // pickle.dumps(ReturnsLength(), protocol=2) in CPython 3.11.
  await expect(builder.getByLabel('Payload as hex')).toHaveText(
    '8002635f5f6275696c74696e5f5f0a6c656e0a7100580500000068656c6c6f71018571025271032e',
  );
  await builder.getByLabel('Callable').fill('os');
  await expect(builder.getByRole('alert')).toContainText('module.name');
  await builder.getByLabel('Callable').fill('builtins.len');
  await builder.getByRole('button', { name: 'Inspect it above' }).click();
  const section = page.getByRole('region', { name: 'Inspect a pickle without loading it' });
  await expect(section.getByText("call builtins.len('hello')")).toBeVisible();
  await expect(section.getByText('✗ Calls code by name')).toBeVisible();
});

/**
 * Records the frames the page starts (this lab's only frames are its sandboxes), and whether each
 * has been removed.
 */
function watchSandboxes(page: Page) {
  const frames: { frame: Frame; removed: boolean }[] = [];
  page.on('frameattached', (frame) => frames.push({ frame, removed: false }));
  page.on('framedetached', (frame) => {
    for (const entry of frames) if (entry.frame === frame) entry.removed = true;
  });
  return frames;
}

test('eval of a “JSON” string runs code in a sandbox that is removed after', async ({ page }) => {
  const sandboxes = watchSandboxes(page);
  await page.goto(lab);
  const section = page.getByRole('region', { name: 'JSON builds data; eval runs code' });
  await section.getByRole('button', { name: 'Parse it both ways' }).click();
  const evalRow = section.getByRole('row', { name: /^eval\(text\)/ });
  await expect(evalRow).toContainText('new global stolen = "code ran while parsing: function"');
  await expect(evalRow).toContainText('✗ Yes: it changed the program');
  await expect(section.getByRole('row', { name: /^JSON\.parse\(text\)/ })).toContainText(
    'SyntaxError',
  );
  await expect(section.getByText(/done, and the sandbox was removed/)).toBeVisible();
  await expect.poll(() => sandboxes.length).toBe(1);
  await expect.poll(() => sandboxes.every((s) => s.removed)).toBe(true);

  await section.getByRole('button', { name: 'An endless loop' }).click();
  await section.getByRole('button', { name: 'Parse it both ways' }).click();
  await expect(section.getByText('eval never returned')).toBeVisible();
  await expect(
    section.getByText(/stopped at the 2 s limit; the sandbox was removed/),
  ).toBeVisible();
  await expect.poll(() => sandboxes.length).toBe(2);
  await expect.poll(() => sandboxes.every((s) => s.removed)).toBe(true);
});

test('a naive merge pollutes Object.prototype in the sandbox, and the fixes do not', async ({
  page,
}) => {
  const sandboxes = watchSandboxes(page);
  await page.goto(lab);
  const section = page.getByRole('region', { name: 'JSON builds data; eval runs code' });
  await section.getByRole('button', { name: 'Through constructor.prototype' }).click();
  await section.getByRole('button', { name: 'Merge it five ways' }).click();
  const naive = section.getByRole('row', { name: /^Naive deep merge/ });
  await expect(naive).toContainText('Object.prototype.isAdmin = true');
  await expect(naive).toContainText('({}).isAdmin → true');
  for (const name of [
    /^JSON\.parse alone/,
    /^Merge that skips/,
    /^Merge into Object\.create/,
    /^Copy, do not merge/,
  ])
    await expect(section.getByRole('row', { name })).toContainText('✓ none');
  await expect.poll(() => sandboxes.length > 0 && sandboxes.every((s) => s.removed)).toBe(true);
  // The page itself was never touched.
  expect(await page.evaluate(() => ({}) as Record<string, unknown>)).not.toHaveProperty('isAdmin');
});

test('a signed pickle with a swapped payload is refused before one opcode is read', async ({
  page,
}) => {
  await page.goto(lab);
  const section = page.getByRole('region', { name: /sign it, verify before loading/ });
  await section.getByRole('radio', { name: 'Swap in a payload' }).check();
  await expect(section.getByText('✗ Compare with the received tag in constant time')).toBeVisible();
  await expect(section.getByText('Opcodes read by the loader: 0')).toBeVisible();
  await section.getByRole('radio', { name: 'Nothing (as sent)' }).check();
  await expect(section.getByText('Opcodes read by the loader: 17')).toBeVisible();
  await expect(section.getByText(/Loading this pickle only builds data/)).toBeVisible();
  await expect(page).not.toHaveURL(/key=/);
});

test('pip install: watch each attack succeed or fail as defences are switched on', async ({
  page,
}) => {
  await page.goto(lab);
  const section = page.getByRole('region', { name: 'pip install: who do you trust?' });
  await section.getByRole('radio', { name: 'Open Wi-Fi: spoofed DNS' }).check();
  await section.getByRole('radio', { name: 'Plain HTTP', exact: true }).check();
  await section.getByRole('radio', { name: 'MD5 from the page' }).check();
  await expect(section.getByText('✗ Attacker’s code ran')).toBeVisible();
  await expect(section.getByText('✓ MD5 from the index page: passed')).toBeVisible();
  await expect(
    section.getByText(/203\.0\.113\.66 — id and question match: used/).first(),
  ).toBeVisible();

  await section.getByRole('radio', { name: 'TLS, certificate checked' }).check();
  await expect(section.getByText('✓ Attack stopped')).toBeVisible();
  await expect(section.getByText('✗ Certificate check: failed')).toBeVisible();
  await expect(
    section.getByText(/“Totally Trustworthy CA” is not in the trust store/),
  ).toBeVisible();

  await section.getByRole('radio', { name: 'Compromised index page' }).check();
  await section.getByRole('radio', { name: 'SHA-256 from the page' }).check();
  await expect(section.getByText('✗ Attacker’s code ran')).toBeVisible();
  await section.getByRole('checkbox', { name: /Hash pinned in a lock file/ }).check();
  await expect(section.getByText('✗ Hash pinned in the lock file: failed')).toBeVisible();
  await expect(page).toHaveURL(/lock=1/);

  await section.getByRole('checkbox', { name: /Hash pinned in a lock file/ }).uncheck();
  await section.getByRole('radio', { name: 'pip install in a venv' }).check();
  const effects = section.getByRole('table', { name: 'What setup.py did' });
  await expect(effects.getByRole('row', { name: /\/etc\/cron\.d\/tinyutils/ })).toContainText(
    'Permission denied',
  );
  await expect(effects.getByRole('row', { name: /authorized_keys/ })).toContainText(
    'alice (uid 1000)',
  );

  const cell = section.getByRole('button', {
    name: 'On the path: plain HTTP against MD5 from the index page: attacker’s code ran',
  });
  await expect(cell).toBeVisible();
  await expect(
    section.getByRole('button', {
      name: 'Compromised mirror against Hash pinned in a lock file: attack stopped',
    }),
  ).toBeVisible();
  await cell.click();
  await expect(section.getByRole('radio', { name: 'On the path: plain HTTP' })).toBeChecked();
  await expect(section.getByRole('radio', { name: 'MD5 from the page' })).toBeChecked();
  await expect(section.getByText(/Rewrote the index page/)).toBeVisible();
});

test('the guided steps move from the payload to the fix', async ({ page }) => {
  await page.goto(lab);
  await page.getByRole('button', { name: /Guided steps/ }).click();
  const bar = page.getByRole('region', { name: 'Guided steps' });
  const inspector = page.getByRole('region', { name: 'Inspect a pickle without loading it' });
  await expect(inspector.getByText('✓ Data only')).toBeVisible();
  await bar.getByRole('button', { name: 'Next →' }).click();
  await expect(inspector.getByText("call os.system('id')")).toBeVisible();
  await bar.getByRole('button', { name: 'Next →' }).click();
  await expect(page.getByText(/new global stolen/)).toBeVisible();
  await bar.getByRole('button', { name: 'Next →' }).click();
  await passPrediction(page, UNTRUSTED_DATA.steps, 4, false);
  await expect(page.getByText('Opcodes read by the loader: 0')).toBeVisible();
  const supply = page.getByRole('region', { name: 'pip install: who do you trust?' });
  await bar.getByRole('button', { name: 'Next →' }).click();
  await expect(supply.getByText('✗ Attacker’s code ran')).toBeVisible();
  await bar.getByRole('button', { name: 'Next →' }).click();
  await expect(supply.getByText('✗ Certificate check: failed')).toBeVisible();
  await bar.getByRole('button', { name: 'Next →' }).click();
  await expect(supply.getByText('✗ Hash pinned in the lock file: failed')).toBeVisible();
});

test('the lab fits a phone without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(lab);
  await expect(page.getByText('✗ Runs dangerous code')).toBeVisible();
  await expect(page.getByRole('button', { name: /against All of them/ }).first()).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
});

test('a large pickle file is read in a worker with a progress bar, and its table pages', async ({
  page,
}, testInfo) => {
  // A list of 2 000 000 small ints, in batches of 1000 as pickle.dumps writes them.
  const batches = 2000;
  const batch = Buffer.concat([
    Buffer.from([0x28]),
    Buffer.alloc(2000, Buffer.from([0x4b, 0x07])),
    Buffer.from([0x65]),
  ]);
  const data = Buffer.concat([
    Buffer.from([0x80, 0x04, 0x5d]),
    ...Array.from({ length: batches }, () => batch),
    Buffer.from([0x2e]),
  ]);
  const path = testInfo.outputPath('ints.pkl');
  await (await import('node:fs/promises')).writeFile(path, data);
  await page.goto(lab);
  const section = page.getByRole('region', { name: 'Inspect a pickle without loading it' });
  await section.getByRole('radio', { name: 'File (.pkl)' }).check();
  await section.getByLabel('Choose a pickle file').setInputFiles(path);
  await expect(section.getByRole('progressbar', { name: 'Reading ints.pkl' })).toBeVisible();
  await expect(section.getByText('✓ Data only')).toBeVisible({ timeout: 60_000 });
  const total = 3 + batches * 1002;
  await expect(section.getByText(`Showing 500 of ${total} opcodes.`)).toBeVisible();
  await section.getByRole('button', { name: 'Show more' }).click();
  await expect(section.getByText(`Showing 2500 of ${total} opcodes.`)).toBeVisible({
    timeout: 60_000,
  });
});

test('pip install, ask it yourself: the defences picked are run against every attacker', async ({
  page,
}) => {
  await page.goto(lab);
  const section = page.getByRole('region', { name: 'pip install: who do you trust?' });
  const mine = section.getByRole('region', { name: 'Your defences against every attacker' });
  await section.getByRole('radio', { name: 'Plain HTTP', exact: true }).check();
  await section.getByRole('radio', { name: 'MD5 from the page' }).check();
  // MD5 from the same page stops only the bad mirror.
  await expect(mine.getByRole('status')).toHaveText(
    '✗ 3 of 4 attackers still win: Open Wi-Fi: spoofed DNS, On the path: plain HTTP, Compromised index page',
  );
  await expect(mine.getByRole('listitem').filter({ hasText: 'Compromised mirror' })).toContainText(
    '✓ stopped by MD5 from the index page',
  );

  await section.getByRole('radio', { name: 'TLS, certificate checked' }).check();
  await section.getByRole('radio', { name: 'SHA-256 from the page' }).check();
  await expect(mine.getByRole('status')).toHaveText(
    '✗ 1 of 4 attackers still win: Compromised index page',
  );
  await expect(mine.getByRole('listitem').filter({ hasText: 'Open Wi-Fi' })).toContainText(
    '✓ stopped by Certificate check',
  );

  await section.getByRole('checkbox', { name: /Hash pinned in a lock file/ }).check();
  await expect(mine.getByRole('status')).toHaveText('✓ No attacker wins with these defences');
  await expect(
    mine.getByRole('listitem').filter({ hasText: 'Compromised index page' }),
  ).toContainText('✓ stopped by Hash pinned in the lock file');
});
