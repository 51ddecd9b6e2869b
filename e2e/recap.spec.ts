import { test, expect } from './fixtures';
import { RECAPS } from '../src/labs/recaps';

test('a lab ends with a recap: a right answer and a wrong one, each explained', async ({
  page,
}) => {
  await page.goto('./#/timing');
  const recap = page.getByRole('region', { name: /^Recap/ });
  await expect(recap).toBeVisible();
  const [length, , delay] = RECAPS.timing!;

  const first = recap.getByRole('group', { name: length!.question });
  const right = length!.options.find((o) => o.right)!;
  await first.getByRole('radio', { name: right.text }).check();
  await expect(first.getByRole('status')).toHaveText(`Right. ${right.why}`);

  const third = recap.getByRole('group', { name: delay!.question });
  const wrong = delay!.options.find((o) => !o.right)!;
  await third.getByRole('radio', { name: wrong.text }).check();
  await expect(third.getByRole('status')).toHaveText(`Not quite. ${wrong.why}`);
  // The first answer's explanation stays; choosing again replaces it.
  await expect(first.getByRole('status')).toHaveText(`Right. ${right.why}`);
  const other = length!.options.find((o) => !o.right)!;
  await first.getByRole('radio', { name: other.text }).check();
  await expect(first.getByRole('status')).toHaveText(`Not quite. ${other.why}`);

  // Another lab asks its own questions, from scratch.
  await page.goto('./#/untrusted-data');
  const next = page.getByRole('region', { name: /^Recap/ });
  await expect(
    next.getByRole('group', { name: RECAPS['untrusted-data']![0]!.question }),
  ).toBeVisible();
  await expect(next.getByRole('group', { name: length!.question })).toHaveCount(0);
});
