import { describe, expect, it } from 'vitest';
import { parseHex } from '../../../../core/bytes';
import { expectOk } from '../../../../core/result';
import { findSample } from '../pickle/samples';
import { scanPickle } from '../pickle/symbolic';
import type { PickleLoadReport } from './audit-hook';
import { comparePrediction, predictAuditEvents } from './compare';

const scanOf = (id: string) => scanPickle(expectOk(parseHex(findSample(id)!.hex)));
const refusedSystem = (command: string): PickleLoadReport => ({
  events: [
    { event: 'pickle.find_class', args: ['posix', 'system'], refused: false },
    { event: 'os.system', args: [command], refused: true },
  ],
  eventsDropped: 0,
  result: null,
  error: 'PermissionError: os.system was refused by the audit hook',
});

describe('the prediction of audit events', () => {
  it("os.system('id'): find_class with the names as written, then os.system refused", () => {
    expect(predictAuditEvents(scanOf('reduce'))).toMatchObject({
      events: [
        { event: 'pickle.find_class', args: ['posix', 'system'], refused: false },
        { event: 'os.system', args: ['id'], refused: true },
      ],
      stopsBecause: null,
      error: 'PermissionError',
    });
    // Protocol 2 writes __builtin__; find_class is audited before the rename to builtins.
    expect(predictAuditEvents(scanOf('eval')).events[0]).toMatchObject({
      args: ['__builtin__', 'eval'],
    });
  });
});

describe('comparePrediction', () => {
  it('agrees with the report real Python gives', () => {
    const comparison = comparePrediction(scanOf('reduce'), refusedSystem('id'));
    expect(comparison.differences).toEqual([]);
    expect(comparison.rows.every((row) => row.same)).toBe(true);
  });

  it('flags another argument, an extra event, a missing event and another outcome', () => {
    expect(comparePrediction(scanOf('reduce'), refusedSystem('whoami')).differences).toEqual([
      'Event 2: Python raised os.system("whoami"), the prediction os.system("id").',
    ]);
    const extra = refusedSystem('id');
    extra.events.push({ event: 'open', args: ['/etc/passwd', 'r', 0], refused: true });
    expect(comparePrediction(scanOf('reduce'), extra).differences).toEqual([
      'Event 3: Python raised open("/etc/passwd", "r", 0), which the prediction does not list.',
    ]);
    const none: PickleLoadReport = { events: [], eventsDropped: 0, result: 'None', error: null };
    expect(comparePrediction(scanOf('reduce'), none).differences).toHaveLength(2);
    expect(
      comparePrediction(scanOf('session'), { ...none, result: null, error: 'EOFError: x' })
        .differences,
    ).toEqual(['Python raised EOFError: x; the prediction is that the load returns.']);
  });

  it('a name missing from the interpreter stops the real load sooner, without a difference', () => {
    const comparison = comparePrediction(scanOf('instance'), {
      events: [{ event: 'pickle.find_class', args: ['__main__', 'Point'], refused: false }],
      eventsDropped: 0,
      result: null,
      error: "AttributeError: module '__main__' has no attribute 'Point'",
    });
    expect(comparison.differences).toEqual([]);
    expect(comparison.stoppedSooner).toMatch(/does not exist in this Python/);
  });
});
