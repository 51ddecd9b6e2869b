/**
 * `npm run bench`: runs every benchmark suite, prints a table and writes bench/results.json.
 * `npm run bench -- --quick` repeats less; `--only <suite>` runs one suite. Budgets that are missed
 * are printed and recorded, never turned into a failure. `--list` only names the suites (the
 * bundle's smoke test, scripts/bench-bundle.test.ts, runs it).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { formatNumber, machine, type Figure, type Suite } from './lib';
import { SUITES } from './suites';

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--list')) {
    console.log(SUITES.map((s) => s.name).join('\n'));
    return;
  }
  const quick = args.includes('--quick');
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
  const suites: Suite[] = SUITES.filter((s) => !only || s.name === only);
  const figures: Figure[] = [];
  const errors: { suite: string; error: string }[] = [];
  const browser = { version: 'not measured' };
  for (const suite of suites) {
    console.error(`\n▶ ${suite.name}`);
    try {
      const result = await suite.run({
        scale: quick ? 0.25 : 1,
        log: (m) => console.error(`  ${m}`),
      });
      figures.push(...result);
      for (const f of result) if (f.note?.startsWith('browser ')) browser.version = f.note.slice(8);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`  ✗ ${suite.name} failed: ${message}`);
      errors.push({ suite: suite.name, error: message });
    }
  }
  printTable(figures);
  const missed = figures.filter((f) => f.budget && !f.budget.met);
  if (missed.length > 0) {
    console.log('\nBudgets missed:');
    for (const f of missed)
      console.log(
        `  ✗ ${f.suite} / ${f.name}: ${formatNumber(f.stats.median)} ${f.unit} (${f.budget!.text}; ${f.budget!.by})`,
      );
  } else if (figures.some((f) => f.budget)) {
    console.log('\nAll budgets met.');
  }
  // With --only, the other suites' figures from the last full run are kept.
  let kept: Figure[] = [];
  if (only && existsSync('bench/results.json')) {
    const previous = JSON.parse(readFileSync('bench/results.json', 'utf8')) as {
      figures: Figure[];
    };
    kept = previous.figures.filter((f) => f.suite !== only);
  }
  const results = {
    date: new Date().toISOString(),
    quick,
    only: only ?? null,
    machine: { ...machine(), browser: browser.version },
    figures: [...kept, ...figures],
    errors,
  };
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
  console.log('\nWrote bench/results.json');
}

function printTable(figures: Figure[]) {
  const rows = figures.map((f) => [
    f.suite,
    f.name,
    `${formatNumber(f.stats.median)} ${f.unit}`,
    `${formatNumber(f.stats.p25)}–${formatNumber(f.stats.p75)}`,
    String(f.stats.runs),
    f.budget
      ? `${f.budget.met ? '✓' : '✗'} ${f.budget.text}${f.budget.met ? '' : ` (${f.budget.by})`}`
      : '',
    f.note?.startsWith('browser ') ? '' : (f.note ?? ''),
  ]);
  const header = ['suite', 'figure', 'median', 'p25–p75', 'runs', 'budget', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log('\n' + line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const row of rows) console.log(line(row));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
