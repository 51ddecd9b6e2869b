import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { expectOk } from '../../../core/result';
import { AskShop, parseKeyGuess, predictNextReset } from './ask-shop';
import { pythonRandomVictim, secretsVictim } from './clone-scenario';
import { PythonRandom, seedWords } from './python-random';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'pass']);
    return true;
  } catch {
    return false;
  }
}

describe('asking the shop for reset keys', () => {
  it('compares each guess with the key the shop really draws next, after the guess', () => {
    const shop = new AskShop(PythonRandom.fromSeedWords(seedWords(12345)), ALPHABET, 16);
    const first = expectOk(predictNextReset(shop.orderNumbers, 0, ALPHABET, 16));
    const second = expectOk(predictNextReset(shop.orderNumbers, 1, ALPHABET, 16));
    const a = shop.reset(first).resets.at(-1)!;
    expect(a).toMatchObject({ number: 1, matched: true, key: first, rightPrefix: 16 });
    const wrong = (second[0] === 'a' ? 'b' : 'a') + second.slice(1);
    const b = shop.reset(wrong).resets.at(-1)!;
    expect(b).toMatchObject({ number: 2, matched: false, key: second, rightPrefix: 0 });
  });

  it.runIf(hasPython())(
    'agrees with CPython: seed, admin key, 624 getrandbits(32), then the choice line',
    () => {
      const script = [
        'import random',
        'r = random.Random(12345)',
        `''.join(r.choice('${ALPHABET}') for _ in range(16))`,
        '[r.getrandbits(32) for _ in range(624)]',
        `print(''.join(r.choice('${ALPHABET}') for _ in range(16)))`,
      ].join('\n');
      const expected = execFileSync('python3', ['-c', script]).toString().trim();
      const shop = new AskShop(pythonRandomVictim(seedWords(12345)), ALPHABET, 16);
      expect(shop.reset(expected).resets[0]!.matched).toBe(true);
    },
  );

  it('against secrets the prediction fails', () => {
    const bytes = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));
    const shop = new AskShop(secretsVictim(bytes), ALPHABET, 32);
    const guess = expectOk(predictNextReset(shop.orderNumbers, 0, ALPHABET, 32));
    expect(shop.reset(guess).resets[0]!.matched).toBe(false);
  });

  it('refuses guesses of the wrong length or with characters outside the alphabet', () => {
    expect(expectOk(parseKeyGuess('abc', ALPHABET, 3))).toBe('abc');
    const short = parseKeyGuess('ab', ALPHABET, 3);
    expect(short.ok || short.error.message).toMatch(/3 characters long; this guess is 2/);
    const stray = parseKeyGuess('ab!', ALPHABET, 3);
    expect(stray.ok || stray.error.message).toMatch(/“!” is not in the shop’s alphabet/);
  });
});
