/**
 * The presets in Python, following the talk's code line by line: `hashlib.md5(secret + message)`,
 * `if sig == sig2`, the talk's constant-time loop (`result |= ord(x) ^ ord(y)`), the reset key
 * `''.join(random.choice(allowed_chars) for i in range(length))`, and the fix: `hmac.new(…)` with
 * a key per purpose, `hmac.compare_digest` and `secrets.token_urlsafe`. One per TypeScript preset
 * (presets.ts), under the same id, so a link's preset means the same exercise in either language.
 */
import type { Preset, PresetId } from './presets';

const TOKEN_GOOD = `
def make_token() -> str:
    # A session token: 32 bytes from the operating system's generator.
    return secrets.token_urlsafe(32)
`;

const RESET_KEY = `
def make_token() -> str:
    # The talk's reset key.
    allowed_chars = string.ascii_letters + string.digits
    length = 32
    return ''.join(random.choice(allowed_chars) for i in range(length))
`;

const HMAC_SIGN = `def sign(secret: bytes, message: bytes, purpose: str = 'default') -> str:
    key = hmac.new(secret, b'signing:' + purpose.encode(), hashlib.sha256).digest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
`;

const PYTHON_PRESET_LIST: Preset[] = [
  {
    id: 'md5',
    label: 'hashlib.md5(secret + message)',
    description:
      'The talk’s first example: a hash of the secret followed by the message, checked with sig == sig2. Anyone who saw one signed message can sign a longer one.',
    code: `import hashlib, secrets

def sign(secret: bytes, message: bytes) -> str:
    return hashlib.md5(secret + message).hexdigest()

def verify(secret: bytes, message: bytes, sig: str) -> bool:
    sig2 = sign(secret, message)
    if sig == sig2:
        return True
    return False
${TOKEN_GOOD}`,
  },
  {
    id: 'sha256-eq',
    label: 'sha256(secret + message) with ==',
    description:
      'A better hash, the same construction, and == on the tags: CPython compares the two strings and stops at the first difference, here in real CPython.',
    code: `import hashlib, secrets

def sign(secret: bytes, message: bytes) -> str:
    return hashlib.sha256(secret + message).hexdigest()

def verify(secret: bytes, message: bytes, sig: str) -> bool:
    sig2 = sign(secret, message)
    return sig == sig2
${TOKEN_GOOD}`,
  },
  {
    id: 'xor-compare',
    label: 'The talk’s XOR loop',
    description:
      'The talk’s constant-time compare: check the length, then OR together the XOR of every pair. The timing leak is gone; hash(secret + message) is still there.',
    code: `import hashlib, secrets

def sign(secret: bytes, message: bytes) -> str:
    return hashlib.sha256(secret + message).hexdigest()

def constant_time_compare(val1: str, val2: str) -> bool:
    if len(val1) != len(val2):
        return False
    result = 0
    for x, y in zip(val1, val2):
        result |= ord(x) ^ ord(y)
    return result == 0

def verify(secret: bytes, message: bytes, sig: str) -> bool:
    return constant_time_compare(sign(secret, message), sig)
${TOKEN_GOOD}`,
  },
  {
    id: 'math-random',
    label: 'Reset key from random.choice',
    description:
      'Signing done right, but the token is the talk’s reset key: random.choice over letters and digits, from the Mersenne Twister.',
    code: `import hashlib, hmac, random, string

${HMAC_SIGN}
def verify(secret: bytes, message: bytes, tag: str, purpose: str = 'default') -> bool:
    return hmac.compare_digest(sign(secret, message, purpose), tag)
${RESET_KEY}`,
  },
  {
    id: 'python-random',
    label: 'Token from random.getrandbits',
    description:
      'Order numbers from random.getrandbits(32): 624 of them give away the Mersenne Twister, and every later one, predicted here with CPython’s own generator.',
    code: `import hashlib, hmac, random

${HMAC_SIGN}
def verify(secret: bytes, message: bytes, tag: str, purpose: str = 'default') -> bool:
    return hmac.compare_digest(sign(secret, message, purpose), tag)

def make_token() -> str:
    # An order number: 32 random bits from Python's random (the Mersenne Twister).
    return str(random.getrandbits(32))
`,
  },
  {
    id: 'no-length-check',
    label: 'The XOR loop without its length check',
    description:
      'HMAC with the talk’s loop, but without len(val1) != len(val2): zip stops at the shorter input, so a shortened tag, even an empty one, gets in.',
    code: `import hashlib, hmac, secrets

${HMAC_SIGN}
def verify(secret: bytes, message: bytes, tag: str, purpose: str = 'default') -> bool:
    result = 0
    for x, y in zip(sign(secret, message, purpose), tag):
        result |= ord(x) ^ ord(y)
    return result == 0
${TOKEN_GOOD}`,
  },
  {
    id: 'hmac',
    label: 'hmac.new with hmac.compare_digest (the fix)',
    description:
      'HMAC-SHA256 under a key derived for each purpose, hmac.compare_digest, and tokens from secrets.token_urlsafe. Every attack should fail.',
    code: `import hashlib, hmac, secrets

# A different key for every purpose: a tag made for one use is useless for another.
${HMAC_SIGN}
def verify(secret: bytes, message: bytes, tag: str, purpose: str = 'default') -> bool:
    # compare_digest checks the length, then every character, whatever they hold.
    return hmac.compare_digest(sign(secret, message, purpose), tag)
${TOKEN_GOOD}`,
  },
  {
    id: 'blank',
    label: 'Start from scratch',
    description:
      'An empty module to fill in: sign, verify and make_token. hashlib, hmac, secrets, random, string, base64 and struct can be imported.',
    code: `# sign returns a tag (str or bytes), verify says whether a tag is right, make_token returns a
# fresh session token. The battery attacks whichever you define. Add purpose: str = 'default'
# to sign and verify to keep a key per use.

def sign(secret: bytes, message: bytes) -> str:
    return ''  # TODO

def verify(secret: bytes, message: bytes, tag: str) -> bool:
    return False  # TODO

def make_token() -> str:
    return ''  # TODO
`,
  },
];

export const PYTHON_PRESETS: Readonly<Record<PresetId, Preset>> = Object.fromEntries(
  PYTHON_PRESET_LIST.map((p) => [p.id, p]),
) as Record<PresetId, Preset>;
