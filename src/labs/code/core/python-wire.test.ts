import { describe, expect, it } from 'vitest';
import { decodePythonAnswer, encodePythonRequest, parsePythonAudit } from './python-wire';
import { parseSignAnswers, parseTokenBatch } from './learner-protocol';

describe('the Python harness’s wire', () => {
  it('sends bytes as {"$bytes"} and leaves texts alone', () => {
    expect(
      JSON.parse(
        encodePythonRequest({ secret: 's', calls: [{ tag: new Uint8Array([0, 255]), m: 'x' }] }),
      ),
    ).toEqual({ secret: 's', calls: [{ tag: { $bytes: '00ff' }, m: 'x' }] });
  });

  it('decodes bytes, large ints and timing samples into what the parsers take', () => {
    const signed = decodePythonAnswer('sign', '[{"tag": {"$bytes": "0aff"}}, {"tag": "ab"}]');
    expect(signed.ok && parseSignAnswers(signed.value, 2)).toEqual({
      ok: true,
      value: [{ tag: new Uint8Array([10, 255]) }, { tag: 'ab' }],
    });
    const tokens = decodePythonAnswer(
      'tokens-collect',
      '{"tokens": [{"$int": "123456789012345678901"}, 5], "problem": null, "calls": {"mathRandom": 0, "pythonRandom": 2, "getRandomValues": null}}',
    );
    expect(tokens.ok && parseTokenBatch(tokens.value, 10)).toMatchObject({
      ok: true,
      value: { tokens: [123456789012345678901n, 5] },
    });
    const samples = decodePythonAnswer('timing-sample', '[1.5, 2]');
    expect(samples.ok && samples.value).toEqual(Float64Array.from([1.5, 2]));
  });

  it('refuses text that is not JSON, and malformed bytes fail the parsers', () => {
    expect(decodePythonAnswer('sign', 'NaN]').ok).toBe(false);
    expect(decodePythonAnswer('sign', 42).ok).toBe(false);
    const bad = decodePythonAnswer('sign', '[{"tag": {"$bytes": "zz"}}]');
    expect(bad.ok && parseSignAnswers(bad.value, 1).ok).toBe(false);
  });

  it('checks the audit events', () => {
    const events = [{ event: 'open', args: ['/tmp/x', 'w', 1], refused: true }];
    expect(parsePythonAudit({ events, eventsDropped: 0 })).toEqual({
      ok: true,
      value: { events, eventsDropped: 0 },
    });
    expect(parsePythonAudit({ events: [{ event: 'open', args: {} }], eventsDropped: 0 }).ok).toBe(
      false,
    );
    expect(parsePythonAudit({ events, eventsDropped: -1 }).ok).toBe(false);
  });
});
