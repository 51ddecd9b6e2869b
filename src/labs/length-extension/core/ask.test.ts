import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8ToBytes } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import { MAX_ASK_CHARS, parseAskMessage, parseAskTag, readAskVerdict } from './ask';
import { forgeExtension } from './forge';
import { getPreset } from './presets';
import { VictimServer } from './victim';

const subtle = globalThis.crypto.subtle;
const secret = utf8ToBytes('0123456789abcdef');

describe('the learner’s request', () => {
  it('reads the message in every encoding and refuses bad or oversized input with a reason', () => {
    expect(bytesToHex(expectOk(parseAskMessage('a=b', 'text')))).toBe('613d62');
    expect(bytesToHex(expectOk(parseAskMessage('61 3d 62', 'hex')))).toBe('613d62');
    expect(bytesToHex(expectOk(parseAskMessage('a%3Db', 'url')))).toBe('613d62');
    expect(bytesToHex(expectOk(parseAskMessage('YT1i', 'base64')))).toBe('613d62');
    expect(bytesToHex(expectOk(parseAskMessage('a=\\x80', 'c')))).toBe('613d80');
    const odd = parseAskMessage('613', 'hex');
    expect(odd.ok || odd.error.code).toBe('hex/odd-length');
    const long = parseAskMessage('a'.repeat(MAX_ASK_CHARS + 1), 'text');
    expect(long.ok || long.error.code).toBe('ask/too-long');
    const empty = parseAskMessage('', 'text');
    expect(empty.ok || empty.error.code).toBe('ask/empty');
  });

  it('wants a hex tag of the scheme’s length', () => {
    expect(expectOk(parseAskTag('00'.repeat(16), 16)).length).toBe(16);
    const short = parseAskTag('00'.repeat(15), 16);
    expect(short.ok || short.error.message).toMatch(/16 bytes \(32 hex digits\); this one is 15/);
    const bad = parseAskTag('zz', 16);
    expect(bad.ok || bad.error.code).toBe('hex/invalid-character');
  });
});

describe('the server’s verdict, as the page says it', () => {
  it('accepts a real forgery and says what it now acts on; rejects a wrong tag', async () => {
    const preset = getPreset('api');
    const server = await VictimServer.start({ scheme: 'md5', secret, preset: 'api', subtle });
    // The server's tag is MD5(secret ‖ message), as node:crypto computes it.
    expect(bytesToHex(server.tag)).toBe(
      createHash('md5').update(secret).update(preset.message).digest('hex'),
    );
    const forgery = expectOk(
      forgeExtension({
        algorithm: 'md5',
        tag: server.tag,
        message: server.message,
        append: utf8ToBytes('&role=admin'),
        secretLength: secret.length,
      }),
    );
    const accepted = readAskVerdict(
      await server.verify(forgery.forgedMessage, forgery.forgedTag),
      preset,
    );
    expect(accepted).toMatchObject({ accepted: true, forged: true, actsOn: 'role=admin' });

    // The signed message itself, with the server's own tag: accepted, and said to be no forgery.
    const own = readAskVerdict(await server.verify(server.message, server.tag), preset, true);
    expect(own).toMatchObject({ accepted: true, forged: false, actsOn: 'role=user' });
    expect(own.reason).toMatch(/nothing is forged yet/);
    expect(accepted.reason).toContain('read role=admin last');

    const wrong = Uint8Array.from(forgery.forgedTag);
    wrong[0]! ^= 1;
    const rejected = readAskVerdict(await server.verify(forgery.forgedMessage, wrong), preset);
    expect(rejected).toMatchObject({ accepted: false, actsOn: null, headline: 'Rejected' });
    expect(rejected.reason).toMatch(/does not match what the server computes/);
  });

  it('tells a format refusal of a right tag apart from a wrong tag', async () => {
    const preset = getPreset('api');
    const server = await VictimServer.start({
      scheme: 'md5',
      secret,
      preset: 'api',
      subtle,
      format: 'whole-message',
    });
    const forgery = expectOk(
      forgeExtension({
        algorithm: 'md5',
        tag: server.tag,
        message: server.message,
        append: utf8ToBytes('&role=admin'),
        secretLength: secret.length,
      }),
    );
    const refused = readAskVerdict(
      await server.verify(forgery.forgedMessage, forgery.forgedTag),
      preset,
    );
    expect(refused.headline).toBe('Refused by the format check');
    expect(refused.reason).toMatch(
      /^The tag is right, but the format check refused the message. Byte 20 is 0x80/,
    );
  });
});
