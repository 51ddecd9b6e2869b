import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPython, runScriptOk } from '../../../../scripts/run-exported-script';
import { bytesToBase64, bytesToHex } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import {
  buildReducePayload,
  parseCallable,
  parsePayloadArgs,
  type PayloadSpec,
} from './pickle/payload';
import { payloadScript } from './script';

/** A spec as the panel makes it, from the text of its fields. */
const spec = (callable: string, args: string, protocol: number): PayloadSpec => ({
  ...expectOk(parseCallable(callable)),
  args: expectOk(parsePayloadArgs(args)),
  protocol,
});

const printed = (s: PayloadSpec) => runScriptOk('python', payloadScript(s)).trim();

describe.skipIf(!hasPython)('the payload script', () => {
  it("prints the lab's default payload, os.system('id'), byte for byte at every protocol", () => {
    for (const protocol of [0, 1, 2, 3, 4, 5]) {
      const s = spec('os.system', '["id"]', protocol);
      expect(printed(s), `protocol ${protocol}`).toBe(
        bytesToBase64(expectOk(buildReducePayload(s))),
      );
    }
  });

  it('agrees with the builder for every kind of argument and callable the builder takes', () => {
    const every =
      '[null, true, false, 0, 255, 65535, -70000, {"int": "-1267650600228229401496703205376"}, 1.5, -0.0, 1.25e-300, "é\'\\"\\\\\\n\\u0000 \\ud83d\\ude00 \\ud800", {"bytes": "00ff5c27"}, {"bytes": ""}]';
    const cases = [
      spec('builtins.print', every, 0),
      spec('builtins.print', every, 2),
      spec('builtins.print', every, 5),
      spec('builtins.eval', "[\"__import__('os').system('id')\"]", 2),
      spec('subprocess.Popen', '["id"]', 1),
      spec('os.path.join', '["a", "b"]', 3),
      spec('pathlib:os.system', '["id"]', 4),
      spec('builtins:str.upper', '["quiet"]', 5),
      spec('builtins.len', '[]', 4),
    ];
    for (const s of cases) {
      const expected = bytesToHex(expectOk(buildReducePayload(s)));
      expect(
        bytesToHex(Buffer.from(printed(s), 'base64')),
        JSON.stringify(s, (_, v) => (typeof v === 'bigint' ? String(v) : v)),
      ).toBe(expected);
    }
  });

  it('never loads the payload, and hostile arguments stay inside their literal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payload-'));
    const marker = join(dir, 'ran');
    try {
      const command = `touch ${marker}`;
      const hostile = spec(
        'os.system',
        JSON.stringify([
          `"""\nimport os; os.system('${command}')\n"""`,
          `');os.system('${command}`,
        ]),
        0,
      );
      const bytes = Buffer.from(printed(hostile), 'base64');
      expect(bytesToHex(bytes)).toBe(bytesToHex(expectOk(buildReducePayload(hostile))));
      const plain = spec('os.system', JSON.stringify([command]), 4);
      expect(printed(plain)).toBe(bytesToBase64(expectOk(buildReducePayload(plain))));
      expect(existsSync(marker)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says so when the callable does not exist on this machine', () => {
    const script = payloadScript(spec('no_such_module.run', '[]', 0));
    expect(() => runScriptOk('python', script)).toThrow(
      /There is no no_such_module\.run here, and pickle only names a callable it can find/,
    );
  });
});

describe('the payload script as text', () => {
  it('names the callable, the arguments and the protocol as Python would write them', () => {
    const script = payloadScript(
      spec('os.system', '["id", 3, 1.5, null, true, {"bytes": "00"}]', 2),
    );
    expect(script).toContain("MODULE, NAME = 'os', 'system'");
    expect(script).toContain(String.raw`ARGS = ('id', 3, 1.5, None, True, b'\x00')`);
    expect(script).toContain('PROTOCOL = 2');
    expect(payloadScript(spec('os.system', '["id"]', 0))).toContain("ARGS = ('id',)");
    expect(payloadScript(spec('os.getpid', '[]', 0))).toContain('ARGS = ()');
    expect(script).not.toMatch(/pickle\.loads\(/);
  });
});
