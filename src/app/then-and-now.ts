/**
 * "Then and now": what changed, per lab, since the talk (PyCon 2012). Each change names its source;
 * the README's "Then and now" section lists the same sources (a test checks that every one is
 * there), so a presenter can cite them.
 */

export interface Change {
  /** When it changed (a year, or a release with its year). */
  when: string;
  /** What is different now, in one sentence. */
  what: string;
  source: { title: string; url: string };
}

export const THEN_AND_NOW: Readonly<Record<string, readonly Change[]>> = {
  hashes: [
    {
      when: '2017',
      what: 'SHA-1 fell too: SHAttered published two different PDFs with the same SHA-1 (an identical-prefix collision); MD5 collisions now take seconds on a laptop.',
      source: { title: 'SHAttered (Stevens et al., 2017)', url: 'https://shattered.io/' },
    },
    {
      when: '2015',
      what: 'SHA-3 became a standard (FIPS 202); Python 3.6 added hashlib.sha3_* and BLAKE2 (hashlib.blake2b), and 3.11 added hashlib.file_digest for files.',
      source: {
        title: 'What’s New in Python 3.6: hashlib',
        url: 'https://docs.python.org/3/whatsnew/3.6.html#hashlib',
      },
    },
  ],
  'length-extension': [
    {
      when: 'Python 3.7 (2018)',
      what: 'HMAC, already the answer in 2012, got a one-shot hmac.digest(key, msg, "sha256"); SHA-3 and BLAKE2, which do not extend, are in hashlib since 3.6.',
      source: {
        title: 'Python docs: hmac.digest',
        url: 'https://docs.python.org/3/library/hmac.html#hmac.digest',
      },
    },
    {
      when: 'Python 3.3 (2012)',
      what: 'hmac.compare_digest compares tags in constant time, so the fix for length extension does not open a timing leak.',
      source: {
        title: 'Python docs: hmac.compare_digest',
        url: 'https://docs.python.org/3/library/hmac.html#hmac.compare_digest',
      },
    },
  ],
  encryption: [
    {
      when: '2018',
      what: 'TLS 1.3 keeps only authenticated encryption (AEAD) and forward-secret key exchange; with free certificates (Let’s Encrypt, 2015) encryption in transit is the default, not a project.',
      source: { title: 'RFC 8446: TLS 1.3', url: 'https://www.rfc-editor.org/rfc/rfc8446' },
    },
    {
      when: 'today',
      what: 'At rest, use a vetted construction with a MAC built in: Python’s cryptography Fernet, libsodium’s secretbox, or age for files.',
      source: {
        title: 'cryptography: Fernet',
        url: 'https://cryptography.io/en/latest/fernet/',
      },
    },
  ],
  randomness: [
    {
      when: 'Python 3.6 (2016)',
      what: 'The secrets module (PEP 506) is the standard way to make tokens and keys; random stays for simulations.',
      source: { title: 'PEP 506: the secrets module', url: 'https://peps.python.org/pep-0506/' },
    },
    {
      when: 'Python 3.6 (2016)',
      what: 'os.urandom uses getrandom() and waits until the kernel’s pool is seeded (PEP 524), the boot-time weakness the talk warned about.',
      source: {
        title: 'PEP 524: make os.urandom() blocking on Linux',
        url: 'https://peps.python.org/pep-0524/',
      },
    },
    {
      when: '2015',
      what: 'V8 replaced its Math.random with xorshift128+; faster and statistically better, and still recoverable from a few outputs.',
      source: {
        title: 'V8 blog: There’s Math.random(), and then there’s Math.random()',
        url: 'https://v8.dev/blog/math-random',
      },
    },
  ],
  timing: [
    {
      when: 'Python 3.3 (2012)',
      what: 'hmac.compare_digest: the constant-time compare the talk asked for, in the standard library.',
      source: {
        title: 'Python docs: hmac.compare_digest',
        url: 'https://docs.python.org/3/library/hmac.html#hmac.compare_digest',
      },
    },
    {
      when: 'Node.js 6.6 (2016)',
      what: 'crypto.timingSafeEqual does the same in Node; Web Crypto’s HMAC verify compares for you.',
      source: {
        title: 'Node.js docs: crypto.timingSafeEqual',
        url: 'https://nodejs.org/api/crypto.html#cryptotimingsafeequala-b',
      },
    },
  ],
  'untrusted-data': [
    {
      when: 'pip 8 (2016)',
      what: 'Python checks TLS certificates by default (PEP 476), and pip added hash-checking mode (--require-hashes), so an index or mirror cannot swap a pinned file.',
      source: {
        title: 'pip: secure installs (hash-checking mode)',
        url: 'https://pip.pypa.io/en/stable/topics/secure-installs/',
      },
    },
    {
      when: 'Python 2.7.9 / 3.4.3 (2014–2015)',
      what: 'Certificate verification on by default for the standard library’s HTTP clients.',
      source: {
        title: 'PEP 476: enabling certificate verification by default',
        url: 'https://peps.python.org/pep-0476/',
      },
    },
    {
      when: '2023',
      what: 'PyPI stopped accepting PGP signatures: few were ever checked, and most keys could not be found. Signing moved to the publishing workflow instead.',
      source: {
        title: 'PyPI blog: Removing PGP from PyPI',
        url: 'https://blog.pypi.org/posts/2023-05-23-removing-pgp/',
      },
    },
    {
      when: '2024',
      what: 'Trusted Publishing (2023) lets CI upload without long-lived tokens, and PyPI accepts digital attestations (PEP 740) that tie each file to the workflow that built it.',
      source: {
        title: 'PyPI blog: PyPI now supports digital attestations',
        url: 'https://blog.pypi.org/posts/2024-11-14-pypi-now-supports-digital-attestations/',
      },
    },
    {
      when: 'PyTorch 2.6 (2025)',
      what: 'Pickle is still loaded everywhere models are shared, so torch.load now defaults to weights_only=True, and formats that cannot hold code (safetensors) replace it.',
      source: {
        title: 'PyTorch docs: torch.load',
        url: 'https://pytorch.org/docs/stable/generated/torch.load.html',
      },
    },
  ],
  code: [
    {
      when: '2017',
      what: 'Web Crypto became a W3C Recommendation: HMAC, HKDF and random bytes are built into every browser, so hand-written signing code is no longer needed there.',
      source: {
        title: 'W3C: Web Cryptography API',
        url: 'https://www.w3.org/TR/WebCryptoAPI/',
      },
    },
  ],
};
