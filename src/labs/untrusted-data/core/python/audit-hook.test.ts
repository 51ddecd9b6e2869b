import { describe, expect, it } from 'vitest';
import { MAX_EVENTS, MAX_TEXT, parsePickleLoadReport } from './audit-hook';

const good = {
  events: [
    { event: 'pickle.find_class', args: ['posix', 'system'], refused: false },
    { event: 'os.system', args: ['id'], refused: true },
  ],
  eventsDropped: 0,
  result: null,
  error: 'PermissionError: os.system was refused by the audit hook',
};

describe('parsePickleLoadReport', () => {
  it('reads a report as the loader prints it', () => {
    expect(parsePickleLoadReport(JSON.stringify(good))).toEqual({ ok: true, value: good });
    const data = { events: [], eventsDropped: 0, result: "{'a': 1}", error: null };
    expect(parsePickleLoadReport(JSON.stringify(data))).toEqual({ ok: true, value: data });
  });

  it('accepts nested arguments as the hook makes them safe', () => {
    const report = {
      ...good,
      events: [
        { event: 'subprocess.Popen', args: ['ls', ['ls', '-l'], null, null], refused: true },
        { event: 'x', args: [1.5, true, [[['<tuple of 9 items>']]]], refused: true },
      ],
    };
    expect(parsePickleLoadReport(JSON.stringify(report)).ok).toBe(true);
  });

  it('refuses anything else with one clear message', () => {
    const cases: unknown[] = [
      'not json',
      [],
      { ...good, events: 'x' },
      { ...good, events: [{ event: 'a', args: 'b', refused: true }] },
      { ...good, events: [{ event: 'a', args: [], refused: 'yes' }] },
      { ...good, events: [{ event: 'a', args: [{ object: 1 }], refused: true }] },
      { ...good, events: [{ event: 'a', args: ['x'.repeat(MAX_TEXT + 100)], refused: true }] },
      { ...good, events: [{ event: 'a', args: [[[[['too deep']]]]], refused: true }] },
      { ...good, events: Array(MAX_EVENTS + 1).fill(good.events[0]) },
      { ...good, eventsDropped: -1 },
      { ...good, result: 'both', error: 'both' },
      { ...good, result: null, error: null },
      { ...good, result: 5 },
    ];
    for (const value of cases) {
      const parsed = parsePickleLoadReport(
        typeof value === 'string' ? value : JSON.stringify(value),
      );
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error.message).toMatch(/^The Python loader's report .+\.$/);
    }
  });
});
