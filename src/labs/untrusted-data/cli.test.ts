import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli';

interface Entry {
  name: string;
  protocol: number | null;
  hex: string;
  ops: [number, string, unknown][];
  error?: unknown;
}
const entries = (
  JSON.parse(readFileSync(new URL('./core/vectors/pickles.json', import.meta.url), 'utf8')) as {
    entries: Entry[];
  }
).entries;
const find = (name: string, protocol: number | null) =>
  entries.find((e) => e.name === name && e.protocol === protocol)!;

describe('cli pickle-dis', () => {
  it('prints pickletools’ opcodes and positions for a file, as one JSON value', () => {
    const entry = find('huge ints', 2);
    const dir = mkdtempSync(join(tmpdir(), 'pickle-'));
    const file = join(dir, 'data.pkl');
    writeFileSync(file, Buffer.from(entry.hex, 'hex'));
    const { code, stdout, stderr } = runCli('pickle-dis', '--file', file, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const ops = (JSON.parse(stdout) as { ops: { pos: number; name: string; arg: unknown }[] }).ops;
    expect(ops.map((op) => [op.pos, op.name])).toEqual(entry.ops.map(([pos, name]) => [pos, name]));
    // Big ints come out as decimal strings, small ones as numbers.
    expect(ops.find((op) => op.name === 'LONG1')!.arg).toBe((2n ** 1000n).toString());
    expect(ops[0]).toEqual({ pos: 0, name: 'PROTO', arg: 2 });
  });

  it('takes base64 and types every kind of argument', () => {
    const entry = find('STRING escapes', null);
    const base64 = Buffer.from(entry.hex, 'hex').toString('base64');
    const out = JSON.parse(runCli('pickle-dis', '--base64', base64, '--json').stdout);
    expect(out).toEqual({
      ops: [
        { pos: 0, name: 'STRING', arg: "a\x00\n\\b'\tA\x07\\q" },
        { pos: 26, name: 'STOP', arg: null },
      ],
    });
    const bytes = JSON.parse(
      runCli('pickle-dis', '--hex', '80058e03000000000000006162632e', '--json').stdout,
    );
    expect(bytes.ops[1]).toEqual({ pos: 2, name: 'BINBYTES8', arg: { bytes: '616263' } });
  });

  it('reports a truncated pickle on stderr with the byte offset, and no stack trace', () => {
    const { code, stdout, stderr } = runCli('pickle-dis', '--hex', '8004950a00', '--json');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: FRAME at byte 2: not enough data in stream to read uint8\n$/);
  });
});

describe('cli pickle-scan', () => {
  const scan = (hex: string) => JSON.parse(runCli('pickle-scan', '--hex', hex, '--json').stdout);

  it('calls data data, and names the imports and dangerous callables of a payload', () => {
    expect(scan(find('nested', 4).hex)).toEqual({ verdict: 'data', calls: [] });
    expect(scan(find("reduce: os.system('id')", 4).hex)).toEqual({
      verdict: 'dangerous',
      calls: ['posix.system'],
      imports: ['posix.system'],
    });
    expect(scan(find('getattr chain', null).hex)).toMatchObject({
      verdict: 'dangerous',
      calls: ['builtins.__import__', 'builtins.getattr', 'os.system'],
    });
    expect(scan(find('class instance', 2).hex)).toEqual({
      verdict: 'calls',
      calls: ['__main__.Point.__new__', '__main__.Point.__setstate__'],
      imports: ['__main__.Point'],
    });
  });

  it('still reports the calls of a payload that breaks afterwards, with what pickle.loads raises', () => {
    expect(scan('636f730a73797374656d0a2853276964270a7452ff')).toEqual({
      verdict: 'dangerous',
      calls: ['os.system'],
      imports: ['os.system'],
      error: "invalid load key, '\\xff'.",
      raises: {
        exception: 'UnpicklingError',
        message: "invalid load key, '\\xff'.",
        pos: 20,
        op: null,
      },
    });
  });

  it('scans the pickles that follow the first, as a loop of pickle.load reads them', () => {
    // None, then a protocol 0 pickle that calls builtins.eval('1').
    const out = scan(Buffer.from("N.cbuiltins\neval\n(S'1'\ntR.", 'latin1').toString('hex'));
    expect(out).toEqual({
      verdict: 'dangerous',
      calls: [],
      trailing: {
        bytes: 24,
        pickles: [
          {
            start: 2,
            end: 26,
            verdict: 'dangerous',
            calls: ['builtins.eval'],
            imports: ['builtins.eval'],
          },
        ],
      },
    });
    const text = runCli(
      'pickle-scan',
      '--hex',
      Buffer.from("N.cbuiltins\neval\n(S'1'\ntR.", 'latin1').toString('hex'),
    ).stdout;
    expect(text).toMatch(/^verdict: dangerous \(Runs dangerous code\)$/m);
    expect(text).toMatch(/^ {2}pickle at bytes 2–26: dangerous$/m);
  });

  it('shows both reads of a FRAME that lies about its length', () => {
    // PROTO 4, FRAME(2), then a BINBYTES whose length the frame end splits: in memory it swallows
    // GLOBAL os.system…REDUCE; a stream reader drops the split byte and runs them.
    const hidden = Buffer.from("\x00cos\nsystem\nS'id'\n\x85R0", 'latin1');
    const pickle = Buffer.concat([
      Buffer.from([0x80, 0x04, 0x95, 2, 0, 0, 0, 0, 0, 0, 0, 0x42, hidden.length, 0, 0, 0]),
      hidden,
      Buffer.from('.'),
    ]);
    const out = scan(pickle.toString('hex'));
    expect(out).toMatchObject({
      verdict: 'dangerous',
      calls: [],
      stream: {
        partsAt: 12,
        verdict: 'dangerous',
        pickles: [{ start: 0, verdict: 'dangerous', calls: ['os.system'] }],
      },
    });
  });

  it('asks for exactly one input', () => {
    const { code, stderr } = runCli('pickle-scan', '--json');
    expect(code).toBe(2);
    expect(stderr).toMatch(/Give exactly one of --file, --base64 or --hex/);
    expect(runCli('pickle-scan', '--base64', '!!', '--json').code).toBe(1);
  });
});

describe('cli install-matrix', () => {
  it('prints the computed outcomes', () => {
    const out = JSON.parse(runCli('install-matrix', '--json').stdout);
    const row = (attacker: string) =>
      out.rows.find((r: { attacker: string }) => r.attacker === attacker).outcomes;
    expect(row('onpath').md5).toBe('compromised');
    expect(row('mirror').lock).toBe('blocked');
    expect(row('wifi')['tls-verify']).toBe('blocked');
  });
});
