/** The talk's advice, made current: what to use instead of encrypting by hand. Static text. */
export function AdviceSection() {
  return (
    <section className="card" aria-labelledby="enc-advice-heading">
      <h2 id="enc-advice-heading">What to use instead</h2>
      <p>
        The talk’s advice stands: ask why you need encryption, then use something whole, built and
        reviewed by people who do this for a living.
      </p>
      <dl className="encryption__facts" id="enc-advice">
        <dt>In transit</dt>
        <dd>
          TLS (HTTPS) with certificate checks, which are on by default: Python’s <code>urllib</code>{' '}
          and <code>http.client</code> verify since 3.4.3 (PEP 476), <code>requests</code> always
          has, and so do Node’s <code>https</code> and <code>fetch</code>.
        </dd>
        <dt>At rest, a whole disk</dt>
        <dd>The operating system: BitLocker, FileVault, LUKS / dm-crypt.</dd>
        <dt>At rest, a value or a file</dt>
        <dd>
          A vetted library’s sealed box, which picks the nonce and authenticates for you:
          libsodium’s <code>crypto_secretbox_easy</code> (XSalsa20-Poly1305; PyNaCl’s{' '}
          <code>nacl.secret.SecretBox</code>), Python <code>cryptography</code>’s{' '}
          <code>Fernet</code> (AES-CBC with HMAC-SHA256, encrypt-then-MAC), or <code>age</code> for
          files.
        </dd>
        <dt>If you must use a mode directly</dt>
        <dd>
          Only an authenticated one, AES-GCM or ChaCha20-Poly1305, with a fresh random nonce from
          the OS for every message (Web Crypto’s <code>AES-GCM</code>, <code>cryptography</code>’s{' '}
          <code>AESGCM</code>). Never ECB; never CTR or CBC without a MAC; never a nonce twice.
        </dd>
      </dl>
    </section>
  );
}
