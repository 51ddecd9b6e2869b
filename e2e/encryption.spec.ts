import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { ENCRYPTION } from '../src/labs/encryption/lab';
import { passPrediction } from './support/step-proof';

const MESSAGE_B = 'The vault password is amber-falcon-7. Burn this note after use.';

test('CTR without a MAC: one flipped ciphertext byte and the server pays 900', async ({ page }) => {
  await page.goto('./#/encryption');
  const flip = page.getByRole('region', { name: 'Change the amount without the key' });
  const wire = flip.getByLabel('Ciphertext in transit (hex)');
  await expect(wire).toHaveValue(/^[0-9a-f]{134}$/); // 16-byte counter block + 51 bytes
  const before = await wire.inputValue();

  // Delivered untouched, the order is paid as sent.
  await flip.getByRole('button', { name: 'Deliver to the payment server' }).click();
  await expect(flip.getByText(/pays amount=100 to mallory, as the bank sent it/)).toBeVisible();

  await flip.getByRole('button', { name: 'Flip the bytes' }).click();
  const after = await wire.inputValue();
  // Exactly one byte changed ('1' ⊕ '9' = 08), at wire offset 16 + 40.
  const changed = [...Array(before.length / 2).keys()].filter(
    (i) => before.slice(2 * i, 2 * i + 2) !== after.slice(2 * i, 2 * i + 2),
  );
  expect(changed).toEqual([56]);
  expect(parseInt(before.slice(112, 114), 16) ^ parseInt(after.slice(112, 114), 16)).toBe(0x08);

  await flip.getByRole('button', { name: 'Deliver to the payment server' }).click();
  await expect(flip.getByText('Accepted, and changed')).toBeVisible();
  await expect(
    flip.getByText(/pays amount=900 to mallory; the bank sent amount=100/),
  ).toBeVisible();
  await expect(flip.getByText('to=mallory&memo=invoice 42, rent&amount=900&cur=EUR')).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export results (JSON)' }).click();
  const data = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  expect(data.results.flip).toMatchObject({
    scheme: 'ctr',
    ciphertextHex: after,
    flip: { maskHex: '080000', flipped: [56], garbledBlocks: [] },
    delivered: { accepted: true, amount: '900', to: 'mallory' },
  });
  expect(data.results.ecb.ecb.distinct).toBe(data.results.ecb.plain.distinct);
});

test('CBC without a MAC: the amount flips and the memo block before it is garbled', async ({
  page,
}) => {
  await page.goto('./#/encryption?scheme=cbc&want=901');
  const flip = page.getByRole('region', { name: 'Change the amount without the key' });
  await expect(flip.getByLabel('Ciphertext in transit (hex)')).toHaveValue(/^[0-9a-f]{160}$/);
  await flip.getByRole('button', { name: 'Flip the bytes' }).click();
  await expect(
    flip.getByText(/plaintext block 1 will decrypt to random-looking bytes/),
  ).toBeVisible();
  await flip.getByRole('button', { name: 'Deliver to the payment server' }).click();
  await expect(
    flip.getByText(/pays amount=901 to mallory; the bank sent amount=100/),
  ).toBeVisible();
  const decrypted = flip.getByRole('img', { name: /What the payment server decrypted/ });
  await expect(decrypted).toHaveAccessibleName(/garbled by the flip bytes 16 to 31/);
  const text = await flip.getByText(/^As text:/).innerText();
  expect(text).toMatch(/^As text: to=mallory&memo=.+&amount=901&cur=EUR$/);
  expect(text).not.toContain('invoice 42, rent');
});

test('AES-GCM refuses the same flip with OperationError', async ({ page }) => {
  await page.goto('./#/encryption?scheme=gcm');
  const flip = page.getByRole('region', { name: 'Change the amount without the key' });
  // 12-byte nonce + 51 bytes + 16-byte tag.
  await expect(flip.getByLabel('Ciphertext in transit (hex)')).toHaveValue(/^[0-9a-f]{158}$/);
  await flip.getByRole('button', { name: 'Flip the bytes' }).click();
  await flip.getByRole('button', { name: 'Deliver to the payment server' }).click();
  await expect(flip.getByText('✓ Refused')).toBeVisible();
  await expect(flip.getByText(/^OperationError/)).toBeVisible();
  await expect(flip.getByText(/pays amount=/)).toHaveCount(0);
});

test('bad input gets a message at its field, and nothing is sent', async ({ page }) => {
  await page.goto('./#/encryption?scheme=cbc');
  const flip = page.getByRole('region', { name: 'Change the amount without the key' });
  const wire = flip.getByLabel('Ciphertext in transit (hex)');
  await expect(wire).toHaveValue(/^[0-9a-f]+$/);
  const deliver = flip.getByRole('button', { name: 'Deliver to the payment server' });

  await wire.fill('00112233zz');
  await expect(wire).toHaveAttribute('aria-invalid', 'true');
  await expect(flip.getByRole('alert')).toContainText('"z" is not a hex digit');
  await expect(deliver).toBeDisabled();

  await wire.fill('00'.repeat(16 + 17));
  await expect(flip.getByRole('alert')).toContainText(
    'there are 17 bytes, which is not a multiple of 16',
  );

  await wire.fill('00'.repeat(20));
  await expect(flip.getByRole('alert')).toContainText('AES-CBC, no MAC needs at least 32 bytes');

  await wire.fill('ab'.repeat(500_000));
  await expect(flip.getByRole('alert')).toContainText(
    'That paste is 1,000,000 characters; this lab takes at most 4,096 bytes',
  );
  await expect(deliver).toBeDisabled();

  // A different-length amount cannot be flipped in place.
  await wire.fill('');
  const want = flip.getByLabel('Amount Mallory wants');
  await want.fill('9000');
  await expect(want).toHaveAttribute('aria-invalid', 'true');
  await expect(flip.getByRole('alert')).toContainText('as long as the known one (3 bytes), not 4');
  await expect(flip.getByRole('button', { name: 'Flip the bytes' })).toBeDisabled();

  const order = flip.getByLabel('Transfer order');
  await order.fill('to=mallory&memo=rent');
  await expect(flip.getByRole('alert').first()).toContainText('needs an amount=… field');

  const crib = page.getByRole('region', { name: 'One nonce, two messages' });
  const guess = crib.getByLabel('Guessed word');
  await guess.fill('x'.repeat(1_000_000));
  await expect(guess).toHaveAttribute('aria-invalid', 'true');
  await expect(crib.getByRole('alert')).toContainText('the messages are only 63 bytes long');
});

test('ECB keeps the picture’s outline; GCM turns it to noise', async ({ page }) => {
  await page.goto('./#/encryption');
  const ecb = page.getByRole('region', { name: 'ECB draws the picture' });
  const plain = ecb.getByRole('img', { name: /^The picture:/ });
  const label = (await plain.getAttribute('aria-label'))!;
  const distinct = /2,304 blocks, (\d+) different/.exec(label)![1]!;
  expect(Number(distinct)).toBeLessThan(200);
  await expect(ecb.getByRole('img', { name: /^AES-ECB ciphertext:/ })).toHaveAccessibleName(
    new RegExp(`2,304 blocks, ${distinct} different`),
  );
  await expect(ecb.getByRole('img', { name: /^AES-GCM ciphertext:/ })).toHaveAccessibleName(
    /2,304 blocks, 2,304 different/,
  );
  // The ECB canvas really repeats: its first two 16-pixel-wide stretches of background match.
  const repeats = await ecb.getByRole('img', { name: /^AES-ECB ciphertext:/ }).evaluate((node) => {
    const data = (node as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 32, 1).data;
    return data.slice(0, 64).join() === data.slice(64, 128).join();
  });
  expect(repeats).toBe(true);
});

for (const mode of ['AES-CTR, one nonce', 'AES-GCM, one nonce']) {
  test(`a reused nonce (${mode}): crib dragging recovers both messages`, async ({ page }) => {
    await page.goto('./#/encryption');
    const section = page.getByRole('region', { name: 'One nonce, two messages' });
    await section.getByRole('radio', { name: mode }).check();
    await expect(section.getByLabel('XOR of the two ciphertexts')).toHaveText(/^[0-9a-f]{126}$/);

    const guess = section.getByLabel('Guessed word');
    await guess.fill('password');
    const hits = section.getByRole('region', { name: 'Where “password” gives readable text' });
    await expect(hits.getByRole('row').nth(1)).toContainText(/^10\s*the nor/);
    await hits.getByRole('button', { name: 'Place “password” at 10 in message B' }).click();
    await expect(section.getByLabel('Recovered message A')).toHaveText(
      '··········' + ' the nor' + '·'.repeat(45),
    );

    await guess.fill('Meet me at the north gate at nine tonight.');
    await section
      .getByRole('button', {
        name: 'Place “Meet me at the north gate at nine tonight.” at 0 in message A',
      })
      .click();
    await expect(section.getByLabel('Recovered message B')).toHaveText(
      'The vault password is amber-falcon-7. Burn' + '·'.repeat(21),
    );
    await guess.fill('Burn this note after use.');
    await section
      .getByRole('button', { name: 'Place “Burn this note after use.” at 38 in message B' })
      .click();
    await expect(section.getByLabel('Recovered message B')).toHaveText(MESSAGE_B);
    await expect(section.getByText('Both messages recovered')).toBeVisible();
    await expect(section.getByText(/Message B: 63 of 63 bytes right/)).toBeVisible();
    if (mode.startsWith('AES-GCM'))
      await expect(section.getByText(/solve for H and then forge/)).toBeVisible();
  });
}

test('the automatic drag proposes real words; a wrong placement is caught by the check', async ({
  page,
}) => {
  await page.goto('./#/encryption');
  const section = page.getByRole('region', { name: 'One nonce, two messages' });
  await section.getByRole('button', { name: 'Drag common words for me' }).click();
  const auto = section.getByRole('region', {
    name: 'Common words that give English-looking text',
  });
  await expect(auto.getByRole('row', { name: /vault\s*4\s*me a/ })).toBeVisible();
  // "vault" at 4 belongs in B (A reads " me a" there); placing it in A is wrong, and the check says so.
  await auto.getByRole('button', { name: 'Place “vault” at 4 in message A' }).click();
  await section.getByRole('button', { name: 'Check with the sender (teaching only)' }).click();
  await expect(section.getByText(/Message A: 0 of 63 bytes right \(5 wrong\)/)).toBeVisible();
  await section.getByRole('button', { name: 'Remove “vault” at 4' }).click();
  await auto.getByRole('button', { name: 'Place “vault” at 4 in message B' }).click();
  await section.getByRole('button', { name: 'Check with the sender (teaching only)' }).click();
  await expect(section.getByText(/Message A: 5 of 63 bytes right\./)).toBeVisible();
});

for (const prefix of ['', 'present/']) {
  test(`the guided steps${prefix ? ' in presenter mode' : ''} bring each step’s proof into view at 1280×720`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`./#/${prefix}encryption`);
    if (prefix) await page.keyboard.press('ArrowRight');
    else await page.getByRole('button', { name: /Guided steps/ }).click();
    const bar = page.getByRole('region', { name: 'Guided steps' });
    await expect(bar.getByText('Step 1 of 9')).toBeVisible();
    const flip = page.getByRole('region', { name: 'Change the amount without the key' });
    const next = async () =>
      prefix
        ? page.keyboard.press('ArrowRight')
        : bar.getByRole('button', { name: 'Next →' }).click();
    const proofs = [
      flip.getByText(/pays amount=900 to mallory; the bank sent amount=100/),
      flip.getByText(/plaintext block 1 will decrypt/),
      page.getByRole('img', { name: /^AES-ECB ciphertext:/ }),
      page.getByRole('row', { name: /^10\s*the nor/ }),
      page.getByText('Both messages recovered'),
      flip.getByText(/^OperationError/),
      page.getByText(/solve for H/),
      page.getByRole('heading', { name: 'What to use instead' }),
    ];
    for (const [i, proof] of proofs.entries()) {
      await next();
      await expect(bar.getByText(`Step ${i + 2} of 9`)).toBeVisible();
      await passPrediction(page, ENCRYPTION.steps, i + 2, prefix !== '');
      await expect(proof).toBeInViewport({ ratio: 1 });
    }
    await expect(page.getByLabel('Recovered message B')).toHaveText(MESSAGE_B);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      1280,
    );
  });
}
