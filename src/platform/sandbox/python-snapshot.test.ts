import { loadPyodide, type PyodideAPI } from 'pyodide';
import { describe, expect, it } from 'vitest';
import {
  MAX_SNAPSHOT_BYTES,
  MIN_SNAPSHOT_BYTES,
  RESEED_SOURCE,
  isSnapshotBytes,
  parseStartAnswer,
  parseStartRequest,
} from './python-snapshot';

describe('python.start, as the sandbox and the page read it', () => {
  it('a request asks for a snapshot only with makeSnapshot: true', () => {
    expect(parseStartRequest({ makeSnapshot: true })).toEqual({ makeSnapshot: true });
    for (const payload of [null, undefined, 'make', {}, { makeSnapshot: 'true' }, [true]])
      expect(parseStartRequest(payload)).toEqual({ makeSnapshot: false });
    // An inherited property is not the request's own.
    expect(parseStartRequest(Object.create({ makeSnapshot: true }))).toEqual({
      makeSnapshot: false,
    });
  });

  it('an answer is checked: version, how it started, and a snapshot only of a snapshot’s size', () => {
    const snapshot = new ArrayBuffer(MIN_SNAPSHOT_BYTES);
    const good = { version: '3.14.0 (main)', restored: false, snapshot, refused: null };
    expect(parseStartAnswer(good)).toEqual({ ok: true, value: good });
    expect(parseStartAnswer({ version: '3.14.0', restored: true })).toEqual({
      ok: true,
      value: { version: '3.14.0', restored: true, snapshot: null, refused: null },
    });
    const refused = parseStartAnswer({ ...good, refused: 'x'.repeat(1000) });
    expect(refused.ok && refused.value.refused?.length).toBe(300);
    for (const bad of [
      null,
      '3.14.0',
      { restored: false },
      { version: '', restored: false },
      { version: '3.14.0', restored: 'no' },
      { ...good, snapshot: new Uint8Array(MIN_SNAPSHOT_BYTES) },
      { ...good, snapshot: new ArrayBuffer(16) },
      { ...good, refused: 42 },
    ])
      expect(parseStartAnswer(bad).ok).toBe(false);
    expect(isSnapshotBytes(new ArrayBuffer(MIN_SNAPSHOT_BYTES - 1))).toBe(false);
    expect(isSnapshotBytes({ byteLength: MAX_SNAPSHOT_BYTES })).toBe(false);
  });
});

describe('a snapshot of the bare interpreter, in real Pyodide', () => {
  const draw = (pyodide: PyodideAPI) =>
    pyodide.runPython('import random\nrandom.getrandbits(64)').toString() as string;

  it('restored twice it draws the same numbers until RESEED_SOURCE reseeds random; Pyodide refuses damaged bytes', async () => {
    const maker = await loadPyodide({ _makeSnapshot: true });
    // random is imported while CPython boots: its state is in the snapshot.
    expect(maker.runPython("import sys\n'random' in sys.modules")).toBe(true);
    const snapshot = maker.makeMemorySnapshot();
    expect(isSnapshotBytes(snapshot.buffer)).toBe(true);

    const [a, b] = [
      await loadPyodide({ _loadSnapshot: snapshot.slice() }),
      await loadPyodide({ _loadSnapshot: snapshot.slice() }),
    ];
    expect(draw(a)).toBe(draw(b));
    a.runPython(RESEED_SOURCE);
    b.runPython(RESEED_SOURCE);
    expect(draw(a)).not.toBe(draw(b));

    // What the sandbox relies on to fall back: a damaged snapshot is refused before it is used.
    const damaged = snapshot.slice();
    damaged.fill(7, 0, 64);
    await expect(loadPyodide({ _loadSnapshot: damaged })).rejects.toThrow(/magic/);
  }, 120_000);
});
