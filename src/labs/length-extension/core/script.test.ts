import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasPython, runScriptOk } from '../../../../scripts/run-exported-script';
import { bytesToHex, concatBytes, utf8ToBytes } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import { forgeExtension } from './forge';
import { EXTENDABLE_ALGORITHMS, type ExtendableAlgorithm } from './merkle-damgard';
import { forgeryNodeScript, forgeryPythonScript, type ForgeryScriptInput } from './script';

interface Printed {
  secretLength: number;
  glue: string;
  message: string;
  tag: string;
}

/** The blocks the scripts print, one per secret length. */
function parse(output: string): Printed[] {
  const blocks = output.split(/^(?=secret length:)/m).filter((b) => b.trim() !== '');
  return blocks.map((block) => {
    const field = (label: string) => {
      const match = new RegExp(`^${label.replace(/[()]/g, '\\$&')}:\\s+(\\S*)$`, 'm').exec(block);
      if (!match) throw new Error(`no "${label}" in:\n${block}`);
      return match[1]!;
    };
    return {
      secretLength: Number(field('secret length')),
      glue: field('glue padding (hex)'),
      message: field('forged message (hex)'),
      tag: field('forged tag'),
    };
  });
}

const LANGUAGES = [
  { language: 'python' as const, make: forgeryPythonScript, skip: !hasPython },
  { language: 'node' as const, make: forgeryNodeScript, skip: false },
];

const secretOf = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 0xff);

/** What the server would compute for the bytes it receives: node:crypto, not the lab's engines. */
const serverTag = (algorithm: ExtendableAlgorithm, secret: Uint8Array, message: Uint8Array) =>
  createHash(algorithm).update(concatBytes(secret, message)).digest('hex');

/** Runs the script, and checks every forgery it prints against the core's. */
function checkAgainstCore(language: 'python' | 'node', input: ForgeryScriptInput): Printed[] {
  const script = language === 'python' ? forgeryPythonScript(input) : forgeryNodeScript(input);
  const printed = parse(runScriptOk(language, script));
  expect(printed.map((p) => p.secretLength)).toEqual(
    Array.from(
      { length: input.maxSecretLength - input.minSecretLength + 1 },
      (_, i) => input.minSecretLength + i,
    ),
  );
  for (const p of printed) {
    const core = expectOk(forgeExtension({ ...input, secretLength: p.secretLength }));
    expect(p.glue).toBe(bytesToHex(core.gluePadding));
    expect(p.message).toBe(bytesToHex(core.forgedMessage));
    expect(p.tag).toBe(bytesToHex(core.forgedTag));
  }
  return printed;
}

describe.each(LANGUAGES)('the $language forgery script', ({ language, skip }) => {
  it.skipIf(skip).each(EXTENDABLE_ALGORITHMS)(
    '%s: forges what the core forges, and the server (node:crypto) accepts the right length',
    (algorithm) => {
      const secret = secretOf(13);
      const message = utf8ToBytes('user=alice&role=user');
      const input = {
        algorithm,
        tag: Uint8Array.from(Buffer.from(serverTag(algorithm, secret, message), 'hex')),
        message,
        append: utf8ToBytes('&role=admin'),
        minSecretLength: 11,
        maxSecretLength: 15,
      };
      const printed = checkAgainstCore(language, input);
      const right = printed.find((p) => p.secretLength === 13)!;
      expect(right.tag).toBe(serverTag(algorithm, secret, Buffer.from(right.message, 'hex')));
      // A wrong guess of the length is a forgery the server refuses.
      const wrong = printed.find((p) => p.secretLength === 12)!;
      expect(wrong.tag).not.toBe(serverTag(algorithm, secret, Buffer.from(wrong.message, 'hex')));
    },
  );

  it.skipIf(skip)(
    'carries any bytes: quotes, backslashes, NUL, 0x80–0xff, an empty message, a multi-block append',
    () => {
      const awkward = Uint8Array.from([0x27, 0x22, 0x5c, 0, 0x0a, 0x0d, 0x09, 0x7f, 0x80, 0xff]);
      const cases: [ExtendableAlgorithm, Uint8Array, Uint8Array, number][] = [
        ['md5', awkward, Uint8Array.from({ length: 300 }, (_, i) => i & 0xff), 0],
        ['sha1', new Uint8Array(0), awkward, 55],
        ['sha256', utf8ToBytes('naïve ‘quotes’ \u{1f600}'), new Uint8Array(0), 64],
        ['sha512', Uint8Array.from({ length: 200 }, (_, i) => 255 - i), awkward, 111],
      ];
      for (const [algorithm, message, append, secretLength] of cases) {
        const secret = secretOf(secretLength);
        const tag = Uint8Array.from(Buffer.from(serverTag(algorithm, secret, message), 'hex'));
        const input = {
          algorithm,
          tag,
          message,
          append,
          minSecretLength: secretLength,
          maxSecretLength: secretLength + 1,
        };
        const [right] = checkAgainstCore(language, input);
        expect(right!.tag).toBe(serverTag(algorithm, secret, Buffer.from(right!.message, 'hex')));
      }
    },
  );
});

describe('the forgery scripts as text', () => {
  const input: ForgeryScriptInput = {
    algorithm: 'sha256',
    tag: new Uint8Array(32).fill(0xab),
    message: utf8ToBytes("it's \\ here"),
    append: Uint8Array.of(0, 0x80),
    minSecretLength: 16,
    maxSecretLength: 16,
  };

  it('name the inputs as a reader would write them, in plain ASCII', () => {
    const python = forgeryPythonScript(input);
    expect(python).toContain(`TAG = bytes.fromhex('${'ab'.repeat(32)}')`);
    expect(python).toContain(String.raw`MESSAGE = b'it\'s \\ here'`);
    expect(python).toContain(String.raw`APPEND = b'\x00\x80'`);
    expect(python).toContain('SECRET_LENGTHS = range(16, 17)');
    const node = forgeryNodeScript(input);
    expect(node).toContain(`const MESSAGE = Buffer.from("it's \\\\ here");`);
    expect(node).toContain(`const APPEND = Buffer.from('0080', 'hex');`);
    for (const script of [python, node]) expect(script).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it('carry only the compression the algorithm needs', () => {
    expect(forgeryPythonScript(input)).toContain('0x428a2f98');
    expect(forgeryPythonScript({ ...input, algorithm: 'md5', tag: new Uint8Array(16) })).toContain(
      '0xd76aa478',
    );
    expect(
      forgeryPythonScript({ ...input, algorithm: 'md5', tag: new Uint8Array(16) }),
    ).not.toContain('0x428a2f98');
  });
});
