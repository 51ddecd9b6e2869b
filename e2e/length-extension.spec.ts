import { createHash } from 'node:crypto';
import { test, expect } from './fixtures';
import { LENGTH_EXTENSION } from '../src/labs/length-extension/lab';
import { passPrediction } from './support/step-proof';
import { parseCEscaped } from '../src/core/bytes';
import { extend, percentEncode } from './challenge-solvers';

const unhex = (hex: string) => Buffer.from(hex.trim(), 'hex');

test('forges against the hidden-length MD5 victim, which accepts it for real', async ({ page }) => {
  await page.goto('./#/length-extension');
  const tag = page.getByLabel("Server's tag");
  await expect(tag).toHaveText(/^[0-9a-f]{32}$/);
  await page.getByRole('button', { name: 'Forge', exact: true }).click();

  const attack = page.getByRole('region', { name: 'The attack' });
  await expect(attack.getByText('Forgery accepted')).toBeVisible();
  await expect(attack.getByText(/It now acts on/)).toContainText('role=admin');
  const verdict = await attack
    .getByText(/The server accepted a message it never signed/)
    .innerText();
  const length = Number(/secret length (\d+)\)/.exec(verdict)![1]);
  expect(length).toBeGreaterThanOrEqual(1);
  expect(length).toBeLessThanOrEqual(64);
  // Every earlier length was tried and rejected; the accepted one is listed too.
  await expect(attack.getByText(`Each try: ${length} sent, 1 accepted`)).toBeVisible();

  // The byte map hides the secret as ??.
  await expect(
    attack.getByRole('img', { name: /What the server hashes to check the forgery/ }),
  ).toContainText('??');

  // Reveal the secret and check the forgery independently with node:crypto.
  await attack.getByRole('button', { name: 'Reveal the secret (teaching only)' }).click();
  const revealed = await attack.getByText(/Revealed for teaching/).innerText();
  expect(revealed).toContain(`the secret was ${length} bytes`);
  const secret = unhex(/bytes, ([0-9a-f]+)/.exec(revealed)![1]!);
  expect(secret.length).toBe(length);
  const sent = await attack.locator('code', { hasText: 'user=alice&role=user' }).innerText();
  const forgedMessage = parseCEscaped(sent);
  if (!forgedMessage.ok) throw new Error(forgedMessage.error.message);
  const forgedTag = await attack
    .getByText(/^Forged tag:/)
    .innerText()
    .then((t) => t.replace('Forged tag:', '').trim());
  expect(createHash('md5').update(secret).update(forgedMessage.value).digest('hex')).toBe(
    forgedTag,
  );
  // The tag the server published is MD5(secret ‖ message).
  await expect(tag).toHaveText(
    createHash('md5').update(secret).update('user=alice&role=user').digest('hex'),
  );

  // The step-through shows recorded rounds.
  const steps = page.getByRole('region', { name: 'Step through the forgery' });
  await steps.getByRole('button', { name: 'Next round ▶' }).click();
  await expect(steps.getByRole('table', { name: 'Registers after round 1' })).toBeVisible();
  await expect(steps.getByText(`Forged tag: ${forgedTag}`)).toBeVisible();

  // Tool mode, fed the same message and tag, prints the same forgery for that length.
  await page.getByRole('button', { name: 'Send to tool mode' }).click();
  const tool = page.getByRole('region', { name: 'Tool mode (hash_extender, HashPump)' });
  await expect(tool.getByLabel('Signature (hex)')).toHaveValue(await tag.innerText());
  await expect(
    tool.getByLabel(`New signature for secret length ${length}`, { exact: true }),
  ).toHaveText(forgedTag);
});

test('the same attack against HMAC-SHA256 is rejected for every length', async ({ page }) => {
  await page.goto('./#/length-extension?preset=cookie');
  await page.getByRole('radio', { name: 'HMAC-SHA256' }).check();
  await expect(page.getByText('tag = HMAC-SHA256(secret, message)')).toBeVisible();
  await expect(page.getByLabel("Server's tag")).toHaveText(/^[0-9a-f]{64}$/);
  const attack = page.getByRole('region', { name: 'The attack' });
  await expect(attack.getByLabel('Data to append')).toHaveValue(';admin=true');
  await attack.getByRole('button', { name: 'Forge', exact: true }).click();
  await expect(attack.getByText('Forgery rejected')).toBeVisible();
  await expect(attack.getByText(/All 64 tries were rejected/)).toBeVisible();
  await expect(attack.getByText('Each try: 64 sent, 0 accepted')).toBeVisible();
  await expect(attack.getByText(/outer hash/)).toBeVisible();
});

test('keys per use: the reset link replays as a session only without a per-use key', async ({
  page,
}) => {
  await page.goto('./#/length-extension');
  const section = page.getByRole('region', { name: 'Keys per use: a reset link is not a session' });
  const session = section.getByRole('row', { name: /^Session cookie/ });
  await expect(session).toContainText('✗ Accepted logged in as alice');
  await section.getByRole('radio', { name: 'HKDF with info' }).check();
  await expect(session.getByText('✓ Rejected')).toBeVisible();
  await expect(section.getByRole('row', { name: /^Password-reset link/ })).toContainText(
    '✓ Accepted its own link',
  );
  await section.getByRole('radio', { name: 'Django-style salt' }).check();
  await expect(session).toContainText('SHA-256("myapp.sessions.cookie" ‖ SECRET_KEY)');
  await expect(session.getByText('✓ Rejected')).toBeVisible();
});

test('SHA-3, BLAKE2 and truncated SHA-2 reject the forgery; the SHA-256 control accepts', async ({
  page,
}) => {
  await page.goto('./#/length-extension');
  const section = page.getByRole('region', { name: 'Hashes that resist it' });
  await section.getByRole('button', { name: /Try SHA-3, BLAKE2 and truncated SHA-2/ }).click();
  await expect(section.getByRole('listitem', { name: 'SHA-256 (control)' })).toContainText(
    '✗ Accepted',
  );
  for (const name of ['SHA-224', 'SHA-384', 'SHA-512/256', 'SHA3-256', 'BLAKE2s-256'])
    await expect(section.getByRole('listitem', { name, exact: true })).toContainText('✓ Rejected');
});

test('tool mode reproduces hash_extender and explains bad input beside each field', async ({
  page,
}) => {
  await page.goto('./#/length-extension');
  const tool = page.getByRole('region', { name: 'Tool mode (hash_extender, HashPump)' });
  await expect(tool.getByLabel('New signature for secret length 6')).toHaveText(
    '6ee582a1669ce442f3719c47430dadee',
  );
  const signature = tool.getByLabel('Signature (hex)');
  await signature.fill('6036708eba0d11f6ef52ad44e8b74d5');
  await expect(signature).toHaveAttribute('aria-invalid', 'true');
  await expect(tool.getByRole('alert')).toContainText('Hex needs two digits per byte');
  await signature.fill('6036708eba0d11f6ef52ad44e8b74d5b00');
  await expect(tool.getByRole('alert')).toContainText('A 17-byte tag (34 hex digits) fits none');

  // HashPump's README example, data given as base64, a range of lengths.
  await signature.fill('6d5f807e23db210bc254a28be2d6759a0f5f5d99');
  await expect(tool.getByText('Guessed from its length: SHA-1.')).toBeVisible();
  await tool.getByRole('radio', { name: 'Base64' }).first().check();
  const data = tool.getByLabel('Signed data');
  await data.fill('not base64!');
  await expect(data).toHaveAttribute('aria-invalid', 'true');
  await expect(tool.getByRole('alert')).toContainText('is not a base64 character');
  await data.fill(
    Buffer.from('count=10&lat=37.351&user_id=1&long=-119.827&waffle=eggo').toString('base64'),
  );
  await tool.getByLabel('Data to append').fill('&waffle=liege');
  await tool.getByLabel('Secret length from').fill('10');
  await tool.getByLabel('Secret length to').fill('20');
  await expect(tool.getByLabel('New signature for secret length 14')).toHaveText(
    '0e41270260895979317fff3898ab85668953aaa2',
  );
  await tool.getByRole('radio', { name: 'C escapes' }).last().check();
  await expect(tool.getByLabel('New data for secret length 14')).toContainText(
    'waffle=eggo\\x80\\x00',
  );
  await tool.getByLabel('Secret length to').fill('5');
  await expect(tool.getByRole('alert')).toContainText('The range 10–5 is empty');
});

test('bad appended data blocks the attack with a clear message, and Cancel stops a run', async ({
  page,
}) => {
  await page.goto('./#/length-extension');
  const attack = page.getByRole('region', { name: 'The attack' });
  await attack.getByRole('radio', { name: 'Hex' }).check();
  const append = attack.getByLabel('Data to append');
  await append.fill('26726f6c653d61646d696');
  await expect(append).toHaveAttribute('aria-invalid', 'true');
  await expect(attack.getByRole('alert')).toContainText('Hex needs two digits per byte');
  await expect(attack.getByRole('button', { name: 'Forge', exact: true })).toBeDisabled();
  await append.fill('26726f6c653d61646d696e');

  // A long, slow run (the secret is 200 bytes, outside the range) can be cancelled.
  await page.getByRole('radio', { name: 'Chosen' }).check();
  await page.getByLabel('Secret length in bytes').fill('200');
  await attack.getByLabel('Try secret lengths from').fill('1');
  await attack.getByLabel('to', { exact: true }).fill('4000');
  await attack.getByRole('radio', { name: /25 ms/ }).check();
  const before = await page.getByLabel("Server's tag").innerText();
  await attack.getByRole('button', { name: 'Forge', exact: true }).click();
  const bar = attack.getByRole('progressbar', { name: 'Trying secret lengths' });
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow').catch(() => '0')))
    .toBeGreaterThan(0);
  await attack.getByRole('button', { name: 'Cancel' }).click();
  await expect(attack.getByText(/Stopped\. The server restarted with a new secret/)).toBeVisible();
  await expect(page.getByLabel("Server's tag")).not.toHaveText(before);
  await expect(attack.getByRole('button', { name: 'Forge', exact: true })).toBeEnabled();
});

test('the guided steps forge, switch to HMAC, and show per-use keys holding', async ({ page }) => {
  await page.goto('./#/length-extension');
  await page.getByRole('button', { name: /Guided steps/ }).click();
  const bar = page.getByRole('region', { name: 'Guided steps' });
  const attack = page.getByRole('region', { name: 'The attack' });
  await bar.getByRole('button', { name: 'Next →' }).click();
  await expect(bar.getByText('Forge: append &role=admin')).toBeVisible();
  await passPrediction(page, LENGTH_EXTENSION.steps, 2, false);
  await expect(attack.getByText('Forgery accepted')).toBeVisible();
  await bar.getByRole('button', { name: 'Next →' }).click();
  await expect(attack.getByText('Forgery accepted')).toBeVisible();
  await bar.getByRole('button', { name: 'Next →' }).click();
  await passPrediction(page, LENGTH_EXTENSION.steps, 4, false);
  await expect(page.getByText('tag = HMAC-SHA256(secret, message)')).toBeVisible();
  await expect(attack.getByText('Forgery rejected')).toBeVisible();
  await bar.getByRole('button', { name: 'Next →' }).click();
  const resists = page.getByRole('region', { name: 'Hashes that resist it' });
  await expect(resists.getByRole('listitem', { name: 'SHA3-256' })).toContainText('✓ Rejected');
  const session = page
    .getByRole('region', { name: 'Keys per use: a reset link is not a session' })
    .getByRole('row', { name: /^Session cookie/ });
  await bar.getByRole('button', { name: 'Next →' }).click();
  await expect(session).toContainText('✗ Accepted logged in as alice');
  await bar.getByRole('button', { name: 'Next →' }).click();
  await expect(session).toContainText('✓ Rejected');
});

test('a server strict about format refuses the glue, and one that checks field by field lets the forgery through', async ({
  page,
}) => {
  await page.goto('./#/length-extension?format=whole-message');
  const server = page.getByRole('region', { name: 'The server' });
  await expect(server.getByText('Strict: every byte printable').last()).toBeVisible();
  await expect(page.getByLabel("Server's tag")).toHaveText(/^[0-9a-f]{32}$/);
  await page.getByRole('button', { name: 'Forge', exact: true }).click();
  const attack = page.getByRole('region', { name: 'The attack' });
  await expect(attack.getByText('Refused by the format check, not by the signature')).toBeVisible();
  // The first byte refused is MD5's padding 0x80, right after the 20-byte signed message.
  await expect(attack.getByText(/Byte 20 is 0x80, not a printable character/)).toBeVisible();
  await expect(attack.getByText('Forgery accepted')).toHaveCount(0);

  await server.getByRole('radio', { name: 'Strict per field: malformed fields dropped' }).check();
  await expect(page.getByLabel("Server's tag")).toHaveText(/^[0-9a-f]{32}$/);
  await page.getByRole('button', { name: 'Forge', exact: true }).click();
  await expect(attack.getByText('Forgery accepted')).toBeVisible();
  await expect(attack.getByText(/It now acts on/)).toContainText('role=admin');
  await expect(attack.getByText(/dropped .* as malformed, glue and all/)).toContainText(
    'role=user\\x80',
  );
});

test('ask the server yourself: a forgery made by the test is accepted, a wrong tag and bad hex are not', async ({
  page,
}) => {
  // A known secret length; the forgery is computed here with the test's own MD padding.
  await page.goto('./#/length-extension?secret=chosen&secretLength=16');
  const tag = page.getByLabel("Server's tag");
  await expect(tag).toHaveText(/^[0-9a-f]{32}$/);
  const forged = extend(
    'md5',
    await tag.innerText(),
    Buffer.from('user=alice&role=user'),
    16,
    Buffer.from('&role=admin'),
  );
  const ask = page.getByRole('region', { name: 'Ask the server yourself' });
  const form = ask.getByRole('form', { name: 'Your request to the server' });
  await form.getByRole('radio', { name: 'Hex' }).check();
  const message = form.getByLabel('Message to send');
  const tagField = form.getByLabel('Tag to send (hex)');

  // The signed message with its own tag: accepted, and said to be no forgery.
  await ask.getByRole('button', { name: 'Start from the signed message' }).click();
  await form.getByRole('button', { name: 'Send to the server' }).click();
  const own = ask.getByRole('region', { name: 'The server’s answer' });
  await expect(own).toContainText('Accepted: the message it signed');
  await expect(own).toContainText('nothing is forged yet');
  await expect(own).not.toContainText('✗');
  await form.getByRole('radio', { name: 'Hex' }).check();

  // Bad hex: the message says why at the field, and nothing typed is lost.
  await message.fill(forged.message.toString('hex').slice(0, -1));
  await expect(message).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('alert')).toContainText('two digits per byte');
  await expect(form.getByRole('button', { name: 'Send to the server' })).toBeDisabled();
  await tagField.fill('abcd');
  await expect(form.getByRole('alert').last()).toContainText('this one is 2');

  // The right forgery: accepted, and the server reads role=admin last.
  await message.fill(forged.message.toString('hex'));
  await tagField.fill(forged.tag);
  await form.getByRole('button', { name: 'Send to the server' }).click();
  const answer = ask.getByRole('region', { name: 'The server’s answer' });
  await expect(answer).toContainText('✗ Accepted');
  await expect(answer).toContainText('The server read role=admin last');
  const read = answer.getByRole('region', { name: 'Parameters the server read' });
  await expect(read.getByRole('row')).toHaveCount(4); // header, user, role=user\x80…, role=admin
  await expect(read.getByRole('row').last()).toContainText('admin');

  // The same bytes URL-encoded are the same request.
  await form.getByRole('radio', { name: 'URL-encoded' }).check();
  await message.fill(percentEncode(forged.message));
  await form.getByRole('button', { name: 'Send to the server' }).click();
  await expect(answer).toContainText('The server read role=admin last');

  // One digit of the tag wrong: the real verify refuses it.
  const wrong = (forged.tag[0] === '0' ? '1' : '0') + forged.tag.slice(1);
  await tagField.fill(wrong);
  await form.getByRole('button', { name: 'Send to the server' }).click();
  await expect(answer).toContainText('✓ Rejected');
  await expect(answer).toContainText('does not match what the server computes');
  await expect(answer).not.toContainText('role=admin');
});
