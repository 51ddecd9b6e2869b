import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { timingSafeEqual } from 'node:crypto';
import { constantTimeSteps, earlyExitSteps } from './compares';

const bytes = fc.uint8Array({ maxLength: 40 });

describe('compares', () => {
  it('both agree with equality (and node:crypto.timingSafeEqual) for every input', () => {
    fc.assert(
      fc.property(bytes, bytes, (a, b) => {
        const equal = a.length === b.length && a.every((x, i) => x === b[i]);
        expect(earlyExitSteps(a, b).equal).toBe(equal);
        expect(constantTimeSteps(a, b).equal).toBe(equal);
        if (a.length === b.length) expect(timingSafeEqual(a, b)).toBe(equal);
      }),
    );
  });

  it('early exit stops one past the first difference; constant time always looks at every byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), (a, at) => {
        const k = at % a.length;
        const b = a.slice();
        b[k] = b[k]! ^ 1;
        expect(earlyExitSteps(a, b).steps).toBe(k + 1);
        expect(constantTimeSteps(a, b).steps).toBe(a.length);
        expect(earlyExitSteps(a, a.slice()).steps).toBe(a.length);
      }),
    );
  });

  it('a wrong length is refused before any byte is compared', () => {
    expect(earlyExitSteps(new Uint8Array(4), new Uint8Array(3))).toEqual({
      equal: false,
      steps: 0,
    });
    expect(constantTimeSteps(new Uint8Array(4), new Uint8Array(5))).toEqual({
      equal: false,
      steps: 0,
    });
  });
});
