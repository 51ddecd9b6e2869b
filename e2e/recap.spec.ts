import { readFileSync } from 'node:fs';
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

test('recap answers are kept in progress: a reload keeps them, the progress view counts them, export, reset and import carry them', async ({
  page,
}) => {
  await page.goto('./#/timing');
  const recap = page.getByRole('region', { name: /^Recap/ });
  const [length, jitter] = RECAPS.timing!;
  const right = length!.options.find((o) => o.right)!;
  const wrong = jitter!.options.find((o) => !o.right)!;
  await recap
    .getByRole('group', { name: length!.question })
    .getByRole('radio', { name: right.text })
    .check();
  await recap
    .getByRole('group', { name: jitter!.question })
    .getByRole('radio', { name: wrong.text })
    .check();

  await page.reload();
  const first = page
    .getByRole('region', { name: /^Recap/ })
    .getByRole('group', { name: length!.question });
  await expect(first.getByRole('radio', { name: right.text })).toBeChecked();
  await expect(first.getByRole('status')).toHaveText(`Right. ${right.why}`);

  await page.goto('./#/challenges');
  const recaps = page.getByRole('table', { name: 'Recaps at the end of each lab' });
  const timingRow = recaps.getByRole('row', { name: /^Timing attacks/ });
  const questions = RECAPS.timing!.length;
  await expect(timingRow.getByRole('cell')).toHaveText([`2 of ${questions}`, '1']);
  await expect(recaps.getByRole('row', { name: /^Hashes/ }).getByRole('cell')).toHaveText([
    `0 of ${RECAPS.hashes!.length}`,
    '0',
  ]);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress (JSON)' }).click();
  const exported = readFileSync((await (await download).path())!, 'utf8');
  const rightIndex = length!.options.indexOf(right);
  const wrongIndex = jitter!.options.indexOf(wrong);
  expect(JSON.parse(exported)).toMatchObject({
    recaps: {
      [`timing/${length!.id}`]: { option: rightIndex, right: true },
      [`timing/${jitter!.id}`]: { option: wrongIndex, right: false },
    },
  });

  await page.getByRole('button', { name: 'Reset progress…' }).click();
  await page.getByRole('button', { name: 'Erase progress' }).click();
  await expect(timingRow.getByRole('cell')).toHaveText([`0 of ${questions}`, '0']);

  // A damaged recap answer: refused with the reason, nothing changed.
  const importer = page.getByLabel('Import progress…');
  const damaged = JSON.parse(exported) as { recaps: Record<string, unknown> };
  damaged.recaps[`timing/${length!.id}`] = { option: 'one', right: true };
  await importer.setInputFiles({
    name: 'damaged.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(damaged)),
  });
  await expect(page.getByRole('alert')).toContainText(
    `damaged.json: Recap answer "timing/${length!.id}".option must be a whole number`,
  );
  await expect(timingRow.getByRole('cell')).toHaveText([`0 of ${questions}`, '0']);

  await importer.setInputFiles({
    name: 'progress.json',
    mimeType: 'application/json',
    buffer: Buffer.from(exported),
  });
  await expect(
    page.getByText('Imported the progress on 0 challenges and 2 recap answers from progress.json.'),
  ).toBeVisible();
  await expect(timingRow.getByRole('cell')).toHaveText([`2 of ${questions}`, '1']);
  await page.goto('./#/timing');
  await expect(
    page
      .getByRole('region', { name: /^Recap/ })
      .getByRole('group', { name: jitter!.question })
      .getByRole('radio', { name: wrong.text }),
  ).toBeChecked();
});
