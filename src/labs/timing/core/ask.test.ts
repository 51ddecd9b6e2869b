import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../core/bytes';
import { expectOk } from '../../../core/result';
import { askBatch, MAX_BATCH, openAskServer, parseBatchSize, parseGuess } from './ask';
import { playAttack, seededSetup } from './scenario';
import { SIGNED_MESSAGE } from './server';

const scenario = { tagBytes: 4, perByteNs: 100, jitterNs: 0, compare: 'early-exit' as const };

describe('asking the timing server yourself', () => {
  it('holds the seeded attack’s key: the tag node:crypto computes is accepted, and is what the attack finds', () => {
    const server = openAskServer(scenario, { seed: 7 });
    const tag = createHmac('sha256', seededSetup(7).key)
      .update(SIGNED_MESSAGE)
      .digest()
      .subarray(0, 4);
    const right = askBatch(server, tag, 3);
    expect(right.accepted).toBe(true);
    expect(right.queries.map((q) => q.index)).toEqual([1, 2, 3]);
    const attack = playAttack(scenario, { ...seededSetup(7), maxQueries: 1_000_000 });
    expect(attack.secretHex).toBe(bytesToHex(tag));
  });

  it('answers a guess with one more right leading byte one byte’s cost later (no noise)', () => {
    const server = openAskServer(scenario, { seed: 7 });
    const tag = server.revealTag();
    const wrongFirst = Uint8Array.of(tag[0]! ^ 1, 0, 0, 0);
    const rightFirst = Uint8Array.of(tag[0]!, tag[1]! ^ 1, 0, 0);
    const a = askBatch(server, wrongFirst, 5);
    const b = askBatch(server, rightFirst, 5);
    expect(a.accepted || b.accepted).toBe(false);
    expect(b.medianNs - a.medianNs).toBe(100);
    expect(b.queries[0]!.index).toBe(6);
  });

  it('against constant time, every wrong guess costs the same', () => {
    const server = openAskServer({ ...scenario, compare: 'constant-time' }, { seed: 7 });
    const tag = server.revealTag();
    const a = askBatch(server, Uint8Array.of(tag[0]! ^ 1, 0, 0, 0), 3);
    const b = askBatch(server, Uint8Array.of(tag[0]!, tag[1]!, tag[2]!, tag[3]! ^ 1), 3);
    expect(a.medianNs).toBe(b.medianNs);
  });

  it('refuses malformed guesses and batch sizes with a reason', () => {
    expect(bytesToHex(expectOk(parseGuess('de ad be ef', 4)))).toBe('deadbeef');
    const short = parseGuess('dead', 4);
    expect(short.ok || short.error.message).toMatch(/4 bytes \(8 hex digits\); this guess is 2/);
    const odd = parseGuess('dea', 4);
    expect(odd.ok || odd.error.code).toBe('hex/odd-length');
    expect(expectOk(parseBatchSize('10'))).toBe(10);
    const big = parseBatchSize(String(MAX_BATCH + 1));
    expect(big.ok || big.error.message).toMatch(/choose from 1 to 1000/);
  });
});
