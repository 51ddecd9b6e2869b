import { describe, expect, it } from 'vitest';
import { scanPythonVerifyCompare } from './python-compare-scan';

const SIGN = `import hashlib, hmac

def sign(secret: bytes, message: bytes) -> str:
    return hashlib.md5(secret + message).hexdigest()
`;

describe('scanPythonVerifyCompare', () => {
  it('reads the talk’s sig == sig2 as an early exit', () => {
    const source = `${SIGN}
def verify(secret: bytes, message: bytes, sig: str) -> bool:
    sig2 = sign(secret, message)
    return sig == sig2
`;
    expect(scanPythonVerifyCompare(source)).toEqual({
      kind: 'early-exit',
      where: 'verify',
      how: '==',
    });
  });

  it('reads hmac.compare_digest, in verify or in a helper, as constant time', () => {
    const direct = `${SIGN}
def verify(secret, message, tag):
    return hmac.compare_digest(sign(secret, message), tag)
`;
    expect(scanPythonVerifyCompare(direct)).toEqual({
      kind: 'constant-time-api',
      where: 'verify',
      api: 'hmac.compare_digest',
    });
    const helper = `${SIGN}
def same(a, b):
    return secrets.compare_digest(a, b)

def verify(secret, message, tag):
    return same(sign(secret, message), tag)
`;
    expect(scanPythonVerifyCompare(helper)).toMatchObject({
      kind: 'constant-time-api',
      where: 'same',
    });
  });

  it('reads the talk’s XOR loop as constant time, and a loop that returns early as not', () => {
    const xor = `${SIGN}
def verify(secret, message, tag):
    expected = sign(secret, message)
    if len(expected) != len(tag):
        return False
    result = 0
    for x, y in zip(expected, tag):
        result |= ord(x) ^ ord(y)
    return result == 0
`;
    expect(scanPythonVerifyCompare(xor)).toEqual({ kind: 'accumulate', where: 'verify' });
    const early = `${SIGN}
def verify(secret, message, tag):
    expected = sign(secret, message)
    for x, y in zip(expected, tag):
        if x != y:
            return False
    return True
`;
    expect(scanPythonVerifyCompare(early)).toMatchObject({ kind: 'early-exit' });
  });

  it('ignores comments and strings, and is unknown without a verify', () => {
    const commented = `${SIGN}
def verify(secret, message, tag):
    # hmac.compare_digest(a, b) would be better
    return check(tag, "compare_digest(") and tag
`;
    expect(scanPythonVerifyCompare(commented)).toEqual({ kind: 'unknown' });
    expect(scanPythonVerifyCompare(SIGN)).toEqual({ kind: 'unknown' });
  });
});
