/**
 * The challenges, done the way a learner does them: read the instance off the page, compute the
 * answer here (e2e/challenge-solvers.ts: no app attack code), type it into the form, press Check.
 * Also: specific reasons for wrong answers, hints in order, "Show me", progress across a reload,
 * export and import, the embedded challenge's messages to its parent, instructor instances and
 * bad input.
 */
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESETS } from '../src/labs/code/core/presets';
import collisions from '../src/labs/hashes/core/vectors/collisions.json' with { type: 'json' };
import { nextResetKey } from '../src/labs/randomness/core/challenges';
import {
  extend,
  findSeed,
  keyBefore,
  keysFromSeed,
  nextKeyAfter,
  percentEncode,
  reducePickle,
} from './challenge-solvers';
import { test, expect } from './fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- public parts are read off the page as JSON */
type Public = any;

/** The instructor's CLI, as the README shows it. */
function cli(...args: string[]): unknown {
  return JSON.parse(
    execFileSync('node', ['scripts/cli.mjs', ...args, '--json'], { encoding: 'utf8' }),
  );
}

const CATALOGUE = cli('challenge', 'list') as { id: string; lab: string; title: string }[];
const titleOf = (id: string) => CATALOGUE.find((c) => c.id === id)!.title;

async function openChallenge(page: Page, id: string): Promise<Public> {
  await page.goto(`./#/challenges/${id}`);
  const json = page.getByLabel('Instance as JSON');
  await expect(json).toContainText('{');
  return JSON.parse((await json.textContent())!) as Public;
}

async function fill(page: Page, label: string, value: string, encoding?: string) {
  if (encoding)
    await page
      .getByRole('group', { name: `${label}, written as` })
      .getByRole('radio', { name: encoding })
      .check();
  await page.getByLabel(label, { exact: true }).fill(value);
}

const verdict = (page: Page) => page.getByRole('region', { name: 'Verdict' });

async function check(page: Page) {
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(verdict(page)).toBeVisible();
  return (await verdict(page).textContent())!;
}

async function expectSolved(page: Page) {
  await expect(verdict(page)).toContainText('✓ Accepted');
  await expect(page.getByLabel('Status: Solved')).toBeVisible();
}

/** Forges for each possible secret length until the server accepts, within its budget. */
async function tryEachLength(page: Page, submit: (length: number) => Promise<void>) {
  for (let length = 1; length <= 64; length++) {
    await submit(length);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(page.getByText(new RegExp(`; ${length} used,`))).toBeVisible();
    if ((await verdict(page).textContent())!.includes('✓ Accepted')) return length;
  }
  throw new Error('no secret length was accepted');
}

/** The budget line's count of requests used, as the page shows it. */
const usedText = (page: Page, used: number) => page.getByText(new RegExp(`; ${used} used,`));

/**
 * Sends a request through "Ask the server" and reads the response off the page, once the budget
 * line shows it spent (`usedAfter`: the requests used once it is answered).
 */
async function askServer(page: Page, request: object, usedAfter: number): Promise<Public> {
  await page.getByLabel('Request (JSON)', { exact: true }).fill(JSON.stringify(request));
  await page.getByRole('button', { name: 'Send the request' }).click();
  await expect(usedText(page, usedAfter)).toBeVisible({ timeout: 30_000 });
  const response = page.getByRole('region', { name: 'Server response' }).locator('pre');
  return JSON.parse((await response.textContent())!) as Public;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const hexByte = (n: number) => n.toString(16).padStart(2, '0');

const SOLVERS: Record<string, (page: Page, pub: Public) => Promise<void>> = {
  'timing/by-hand': async (page, pub) => {
    // One batch per byte: == stops at the first wrong byte, so the guess with the right byte is
    // answered one byte's cost (50 µs, far above the noise) later; the last byte is accepted.
    let prefix = '';
    let used = 0;
    for (let position = 0; position < pub.tagBytes; position++) {
      const rest = '00'.repeat(pub.tagBytes - position - 1);
      const guesses = Array.from({ length: 256 }, (_, c) => prefix + hexByte(c) + rest);
      used += 256;
      const { times } = await askServer(page, { guesses, repeat: 1 }, used);
      const accepted = times.findIndex((t: Public) => t.accepted);
      let slowest = 0;
      for (let c = 1; c < 256; c++) if (times[c].ns[0] > times[slowest].ns[0]) slowest = c;
      prefix += hexByte(accepted >= 0 ? accepted : slowest);
    }
    await fill(page, 'The tag (hex)', prefix);
    await check(page);
  },
  'timing/constant-time': async (page, pub) => {
    // The length: a wrong-length guess is refused before any byte pair is compared.
    const lengths: number[] = [];
    for (let n = pub.tagBytes.min; n <= pub.tagBytes.max; n++) lengths.push(n);
    const { times } = await askServer(
      page,
      { guesses: lengths.map((n) => '00'.repeat(n)), repeat: 32 },
      lengths.length * 32,
    );
    const levels = times.map((t: Public) => median(t.ns));
    const tagBytes = lengths[levels.indexOf(Math.max(...levels))]!;
    // The bytes do not leak (every pair is compared); the claim rests on enough samples to have
    // seen a one-byte difference δ under noise σ: (4σ/δ)² per candidate.
    const samples = Math.ceil(((4 * pub.network.jitterNs) / pub.perByteNs) ** 2);
    await fill(page, 'The tag’s length (bytes)', String(tagBytes));
    await page
      .getByRole('group', { name: 'Do the tag’s bytes leak by timing?' })
      .getByRole('radio', { name: 'No' })
      .check();
    await fill(page, 'Samples per first-byte candidate your claim rests on', String(samples));
    await check(page);
  },
  'untrusted-data/fewest-defences': async (page, pub) => {
    // The fewest defences: try each single defence this team has, on the page, until one is
    // accepted (a refusal names the attacker that still wins).
    const group = page.getByRole('group', { name: 'Defences to switch on' });
    for (const defence of pub.defences as { id: string; label: string }[]) {
      const box = group.getByRole('checkbox', { name: defence.label, exact: true });
      await box.check();
      if ((await check(page)).includes('✓ Accepted')) return;
      await box.uncheck();
    }
    throw new Error('no single defence was accepted');
  },
  'hashes/md5-collision-suffix': async (page, pub) => {
    const suffix = Buffer.from(pub.suffix as string);
    const a = Buffer.concat([Buffer.from(collisions.md5.a_hex, 'hex'), suffix]);
    const b = Buffer.concat([Buffer.from(collisions.md5.b_hex, 'hex'), suffix]);
    expect(createHash('md5').update(a).digest('hex')).toBe(
      createHash('md5').update(b).digest('hex'),
    );
    await fill(page, 'File a', a.toString('hex'), 'Hex');
    await fill(page, 'File b', b.toString('base64'), 'Base64');
    await check(page);
  },
  'length-extension/known-length': async (page, pub) => {
    const forged = extend(
      'md5',
      pub.tag,
      Buffer.from(pub.message),
      pub.secretLength,
      Buffer.from(pub.append),
    );
    // Typed URL-encoded: the form turns it into the bytes the answer carries.
    await fill(page, 'Message', percentEncode(forged.message), 'URL-encoded');
    await fill(page, 'Tag (hex)', forged.tag);
    await check(page);
  },
  'length-extension/unknown-length': async (page, pub) => {
    await tryEachLength(page, async (length) => {
      const forged = extend(
        'md5',
        pub.tag,
        Buffer.from(pub.message),
        length,
        Buffer.from(pub.append),
      );
      await fill(page, 'Message', forged.message.toString('hex'));
      await fill(page, 'Tag (hex)', forged.tag);
    });
  },
  'length-extension/sha512-query': async (page, pub) => {
    await tryEachLength(page, async (length) => {
      const forged = extend(
        'sha512',
        pub.tag,
        Buffer.from(pub.query),
        length,
        Buffer.from(pub.append),
      );
      await fill(page, 'Query string', percentEncode(forged.message));
      await fill(page, 'Tag (hex)', forged.tag);
    });
  },
  'randomness/next-reset-key': async (page, pub) => {
    await fill(page, 'Key', nextKeyAfter(pub.outputs, pub.alphabet, pub.length));
    await check(page);
  },
  'randomness/earlier-admin-key': async (page, pub) => {
    await fill(page, 'Key', keyBefore(pub.outputs, pub.alphabet, pub.length));
    await check(page);
  },
  'randomness/time-seeded': async (page, pub) => {
    const seed = findSeed(pub.window, pub.alphabet, pub.yourKey);
    const [yours, admins] = keysFromSeed(seed, pub.alphabet, pub.length, 2);
    expect(yours).toBe(pub.yourKey);
    await fill(page, 'Key', admins!);
    await check(page);
  },
  'untrusted-data/posix-system': async (page, pub) => {
    const pickle = reducePickle('posix', 'system', pub.command);
    // Typed as C escapes, as a learner copies it from Python's repr.
    const escaped = pickle.toString('latin1').replaceAll('\n', '\\n');
    await fill(page, 'Pickle', escaped, 'C escapes');
    await check(page);
  },
  'untrusted-data/past-naive-scanner': async (page, pub) => {
    const pickle = reducePickle('subprocess', 'getoutput', pub.command);
    expect(pickle.includes('system')).toBe(false);
    await fill(page, 'Pickle', pickle.toString('hex'), 'Hex');
    await check(page);
  },
  'untrusted-data/merge-admin': async (page) => {
    await fill(page, 'Request body (JSON)', '{"__proto__": {"isAdmin": true}}');
    await check(page);
  },
};

test('the spec’s own length extension agrees with node:crypto on secrets it knows', () => {
  for (const algorithm of ['md5', 'sha512'] as const)
    for (const length of [1, 13, 55, 56, 64]) {
      const secret = Buffer.alloc(length, 0x5a);
      const signed = Buffer.from('user=eve1&role=user');
      const tag = createHash(algorithm)
        .update(Buffer.concat([secret, signed]))
        .digest('hex');
      const forged = extend(algorithm, tag, signed, length, Buffer.from('&role=admin'));
      expect(forged.tag).toBe(
        createHash(algorithm)
          .update(Buffer.concat([secret, forged.message]))
          .digest('hex'),
      );
    }
});

/**
 * Challenges not in SOLVERS, each with the test that covers it instead:
 * - timing/neighbouring-vm: its attack spends tens of thousands of timed requests, too many to
 *   drive through the form: e2e/challenge-script.spec.ts solves it with a script run in the page's
 *   sandbox, and here a wrong tag gets its reason and spends the budget ("the neighbouring-vm
 *   server refuses …").
 * - code/every-attack-fails: the battery takes seconds per run, so it has its own test with a refused
 *   and an accepted module ("the code challenge runs the module in the page’s sandbox …").
 */
const SOLVED_IN_THEIR_OWN_TESTS = ['timing/neighbouring-vm', 'code/every-attack-fails'];

test('every challenge in the catalogue has a solver in this spec', () => {
  expect([...Object.keys(SOLVERS), ...SOLVED_IN_THEIR_OWN_TESTS].sort()).toEqual(
    CATALOGUE.map((c) => c.id).sort(),
  );
});

test('the neighbouring-vm server refuses a wrong tag with its reason, and each request spends its budget', async ({
  page,
}) => {
  await openChallenge(page, 'timing/neighbouring-vm');
  await expect(usedText(page, 0)).toBeVisible();
  await fill(page, 'The tag (hex)', '00000000');
  expect(await check(page)).toContain(
    'The server refuses this tag: it is not the one the server holds.',
  );
  await expect(page.getByText('; 1 used, 99999 left.')).toBeVisible();
  // A malformed request is refused at its field and costs nothing.
  await page.getByLabel('Request (JSON)', { exact: true }).fill('{"guess": "zz"}');
  await page.getByRole('button', { name: 'Send the request' }).click();
  await expect(page.getByText(/guess/).and(page.locator('.field__error'))).toBeVisible();
  await expect(usedText(page, 1)).toBeVisible();
  const { times } = await askServer(page, { guess: '00000000', repeat: 3 }, 4);
  expect(times).toHaveLength(1);
  expect(times[0].ns).toHaveLength(3);
  expect(times[0].accepted).toBe(false);
  await expect(page.getByText('; 4 used, 99996 left.')).toBeVisible();
});

test('the code challenge runs the module in the page’s sandbox: the HMAC module passes, MD5 does not, and the CLI agrees', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await openChallenge(page, 'code/every-attack-fails');
  const source = page.getByLabel('Your module’s source', { exact: true });
  await source.fill(PRESETS.md5.code);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(verdict(page)).toContainText('✗ Refused', { timeout: 90_000 });
  // The reason names the attacks that got through, the first with its evidence: the forgery.
  await expect(verdict(page)).toContainText(/attacks? gets? through: length extension/);
  await expect(verdict(page)).toContainText(/Length extension: .*Forged/);
  await source.fill(PRESETS.hmac.code);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(verdict(page)).toContainText('✓ Accepted', { timeout: 90_000 });
  await expect(verdict(page)).toContainText('Every attack failed against your module');
  await expect(page.getByLabel('Status: Solved')).toBeVisible();
  // The same answer, handed to the instructor's CLI, runs in its isolated child and passes too.
  const file = testInfo.outputPath('answer.json');
  writeFileSync(file, JSON.stringify({ code: PRESETS.hmac.code, language: 'typescript' }));
  expect(
    cli(
      'challenge',
      'check',
      '--id',
      'code/every-attack-fails',
      '--seed',
      'any-seed',
      '--answer-file',
      file,
    ),
  ).toMatchObject({ solved: true });
});

for (const [id, solve] of Object.entries(SOLVERS))
  test(`${id}: solved through the form with an answer computed here`, async ({ page }) => {
    const pub = await openChallenge(page, id);
    await solve(page, pub);
    await expectSolved(page);
    await page.goto('./#/challenges');
    const row = page.getByRole('row').filter({ hasText: titleOf(id) });
    await expect(row.getByText('Solved', { exact: true })).toBeVisible();
  });

test('a wrong answer gets the reason that fits it', async ({ page }) => {
  let pub = await openChallenge(page, 'length-extension/known-length');
  await fill(page, 'Message', pub.message, 'Text (UTF-8)');
  await fill(page, 'Tag (hex)', pub.tag);
  expect(await check(page)).toContain(
    'The tag checks out, but the message does not end with &role=admin: the server read role=user last.',
  );
  await expect(page.getByLabel('Status: Attempted')).toBeVisible();

  pub = await openChallenge(page, 'randomness/time-seeded');
  await fill(page, 'Key', pub.yourKey);
  expect(await check(page)).toContain('That is your own key.');
  await fill(page, 'Key', 'abc');
  expect(await check(page)).toContain(
    `The shop's keys have ${pub.length} characters; this one has 3.`,
  );

  await openChallenge(page, 'untrusted-data/posix-system');
  await fill(page, 'Pickle', reducePickle('posix', 'system', 'id').toString('hex'), 'Hex');
  expect(await check(page)).toContain('right function, but the watcher is waiting for exactly');
});

test('hints open in order, "Show me" marks the challenge shown, and progress survives a reload', async ({
  page,
}) => {
  const id = nextResetKey.id;
  const hints = nextResetKey.hints;
  await openChallenge(page, id);
  await expect(page.getByLabel('Status: New')).toBeVisible();
  const list = page.getByRole('region', { name: 'Hints' }).getByRole('listitem');
  await page.getByRole('button', { name: `Show hint 1 of ${hints.length}` }).click();
  await expect(list).toHaveText([hints[0]]);
  await page.getByRole('button', { name: `Show hint 2 of ${hints.length}` }).click();
  await expect(list).toHaveText([hints[0], hints[1]]);
  await page.reload();
  await expect(list).toHaveText([hints[0], hints[1]]);
  // Reading hints is not trying: the status stays New until an answer or a request.
  await expect(page.getByLabel('Status: New')).toBeVisible();

  // "Show me" runs the attack on this instance: its key is the one computed here.
  const pub = JSON.parse((await page.getByLabel('Instance as JSON').textContent())!) as Public;
  const key = nextKeyAfter(pub.outputs, pub.alphabet, pub.length);
  await page.getByRole('button', { name: 'Show me' }).click();
  await expect(page.getByRole('region', { name: 'Shown answer' })).toContainText(key);
  await expect(page.getByLabel('Status: Shown')).toBeVisible();
  await expect(page.getByLabel('Key', { exact: true })).toHaveValue(key);
  // The shown answer is accepted, but it does not count as solved.
  expect(await check(page)).toContain('counts as shown, not solved');
  await expect(page.getByLabel('Status: Shown')).toBeVisible();

  await page.goto('./#/challenges');
  const row = page.getByRole('row').filter({ hasText: titleOf(id) });
  await expect(row.getByText('Shown', { exact: true })).toBeVisible();
  await expect(row).toContainText(`2 of ${hints.length}`);

  // A new instance, solved by hand, counts.
  const fresh = await openChallenge(page, id);
  expect(fresh).not.toEqual(pub);
  await expect(page.getByRole('region', { name: 'Shown answer' })).toHaveCount(0);
  await SOLVERS[id]!(page, fresh);
  await expectSolved(page);
  await page.reload();
  await expect(page.getByLabel('Status: Solved')).toBeVisible();
  // The lab lists its challenges near its end, with the same status.
  await page.goto('./#/randomness');
  const box = page.getByRole('region', { name: 'Challenges: do it yourself' });
  await expect(
    box
      .getByRole('row')
      .filter({ hasText: titleOf(id) })
      .getByText('Solved', { exact: true }),
  ).toBeVisible();
});

test('progress exports to JSON and imports back; a damaged file is refused and changes nothing', async ({
  page,
}) => {
  await openChallenge(page, 'untrusted-data/merge-admin');
  await SOLVERS['untrusted-data/merge-admin']!(page, null);
  await expectSolved(page);
  await page.goto('./#/challenges');
  await expect(page.getByText(`1 of ${CATALOGUE.length} solved`).first()).toBeVisible();
  const row = () =>
    page.getByRole('row').filter({ hasText: 'Become admin through a settings merge' });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress (JSON)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('security-playground-progress.json');
  const exported = readFileSync((await file.path())!, 'utf8');
  expect(JSON.parse(exported)).toMatchObject({
    format: 'security-playground/challenge-progress',
    version: 1,
    challenges: { 'untrusted-data/merge-admin': { solved: true, shown: false, attempts: 1 } },
  });

  const importer = page.getByLabel('Import progress…');
  await importer.setInputFiles({
    name: 'damaged.json',
    mimeType: 'application/json',
    buffer: Buffer.from(exported.slice(0, exported.length / 2)),
  });
  await expect(page.getByRole('alert')).toContainText('damaged.json: This file is not valid JSON');
  await expect(page.getByRole('alert')).toContainText('Nothing was changed.');
  await expect(row().getByText('Solved', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Reset progress…' }).click();
  await page.getByRole('button', { name: 'Erase progress' }).click();
  await expect(row().getByText('New', { exact: true })).toBeVisible();
  await expect(page.getByText(`0 of ${CATALOGUE.length} solved`).first()).toBeVisible();

  await importer.setInputFiles({
    name: 'progress.json',
    mimeType: 'application/json',
    buffer: Buffer.from(exported),
  });
  await expect(
    page.getByText('Imported the progress on 1 challenges from progress.json.'),
  ).toBeVisible();
  await expect(row().getByText('Solved', { exact: true })).toBeVisible();
  await page.reload();
  await expect(row().getByText('Solved', { exact: true })).toBeVisible();
});

test('an embedded challenge posts its hints and its solution to the course page', async ({
  page,
  baseURL,
}) => {
  const id = 'untrusted-data/merge-admin';
  // The README's listener, recording what it receives.
  await page.setContent(`<!doctype html><html><body><h1>Course notes</h1>
<iframe src="${baseURL}#/embed/challenge/${id}" title="Challenge" style="width:100%;height:900px;border:0"></iframe>
<script>
window.received = [];
addEventListener('message', function (e) {
  if (e.origin !== '${new URL(baseURL!).origin}' || !e.data) return;
  var d = e.data;
  if (d.type === 'security-playground:solved') window.received.push(d);
  if (d.type === 'security-playground:hint') window.received.push(d);
});
</script></body></html>`);
  const frame = page.frameLocator('iframe');
  await expect(
    frame.getByRole('heading', { level: 1, name: 'Become admin through a settings merge' }),
  ).toBeVisible();
  await expect(frame.getByRole('navigation', { name: 'Labs' })).toHaveCount(0);
  await frame.getByRole('button', { name: 'Show hint 1 of 3' }).click();
  await frame.getByLabel('Request body (JSON)').fill('{"isAdmin": true}');
  await frame.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(frame.getByRole('region', { name: 'Verdict' })).toContainText(
    'settings object only',
  );
  await frame
    .getByLabel('Request body (JSON)')
    .fill('{"constructor": {"prototype": {"isAdmin": 1}}}');
  await frame.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(frame.getByRole('region', { name: 'Verdict' })).toContainText('✓ Accepted');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { received: unknown[] }).received))
    .toEqual([
      {
        type: 'security-playground:hint',
        challenge: id,
        lab: 'untrusted-data',
        hint: 1,
        hintsUsed: 1,
      },
      {
        type: 'security-playground:solved',
        challenge: id,
        lab: 'untrusted-data',
        attempts: 2,
        hintsUsed: 1,
      },
    ]);
});

test('an instructor’s instance from a link: the learner gets the answer to hand in, and `challenge check` judges it', async ({
  page,
}) => {
  const id = nextResetKey.id;
  const seed = 'course-2026/alice';
  const made = cli('challenge', 'make', '--id', id, '--seed', seed) as { public: Public };
  const param = Buffer.from(JSON.stringify(made.public)).toString('base64url');
  await page.goto(`./#/challenges/${id}?instance=${param}`);
  await expect(page.getByText('Your instructor’s instance')).toBeVisible();
  const json = page.getByLabel('Instance as JSON');
  await expect(json).toContainText('{');
  const pub = JSON.parse((await json.textContent())!) as Public;
  expect(pub).toEqual(made.public);
  await expect(page.getByRole('button', { name: 'Show me' })).toHaveCount(0);

  await fill(page, 'Key', nextKeyAfter(pub.outputs, pub.alphabet, pub.length));
  await page.getByRole('button', { name: 'Prepare the answer to hand in' }).click();
  const handIn = page.getByRole('region', { name: 'Answer to hand in' });
  await expect(handIn).toContainText('challenge check --seed');
  const file = join(mkdtempSync(join(tmpdir(), 'challenge-')), 'alice.json');
  writeFileSync(file, (await handIn.locator('pre').textContent())!);
  expect(
    cli('challenge', 'check', '--id', id, '--seed', seed, '--answer-file', file),
  ).toMatchObject({
    solved: true,
  });
  // Another student's seed makes another instance: the same answer does not pass there.
  expect(
    cli('challenge', 'check', '--id', id, '--seed', 'course-2026/bob', '--answer-file', file),
  ).toMatchObject({ solved: false });
  await expect(page.getByLabel('Status: New')).toBeVisible();

  await page.goto(`./#/challenges/${id}?instance=not%20base64!`);
  await expect(page.getByRole('alert')).toContainText('This instructor link does not open');
  await expect(page.getByRole('alert')).toContainText('is not base64url');
  const wrong = Buffer.from(JSON.stringify({ ...made.public, outputs: 'none' })).toString(
    'base64url',
  );
  await page.goto(`./#/challenges/${id}?instance=${wrong}`);
  await expect(page.getByRole('alert')).toContainText(
    'instance.outputs should be an array, but it is a string.',
  );
});

test('bad input is reported at its field; a pasted megabyte is refused and the page stays usable', async ({
  page,
}) => {
  await openChallenge(page, 'length-extension/known-length');
  await fill(page, 'Message', '61zz', 'Hex');
  await expect(page.getByText('"z" is not a hex digit')).toBeVisible();
  await fill(page, 'Tag (hex)', 'abc');
  await expect(
    page.getByText('Hex needs two digits per byte, but 3 digits were given'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(verdict(page)).toHaveCount(0);
  // A tag of the wrong size is the server's field check: shown under the tag.
  await fill(page, 'Message', '61');
  await fill(page, 'Tag (hex)', 'abcd');
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(
    page.getByText('tag: MD5 tags are 16 bytes (32 hex digits), but this one is 2 bytes.'),
  ).toBeVisible();
  await expect(page.getByLabel('Status: New')).toBeVisible();

  await openChallenge(page, 'untrusted-data/posix-system');
  await fill(page, 'Pickle', 'gASV$', 'Base64');
  await expect(page.getByText('"$" is not a base64 character')).toBeVisible();

  await openChallenge(page, 'randomness/next-reset-key');
  // Pasted: the whole megabyte arrives in one input event, as a paste delivers it.
  await page.getByLabel('Key', { exact: true }).evaluate((input: HTMLInputElement) => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setter.call(input, 'x'.repeat(1_000_000));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(page.getByText('1,000,000 characters is too long')).toBeVisible();
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await page.getByRole('button', { name: 'Show hint 1 of 3' }).click();
  await expect(page.getByRole('region', { name: 'Hints' }).getByRole('listitem')).toHaveCount(1);
  await expect(verdict(page)).toHaveCount(0);
});
