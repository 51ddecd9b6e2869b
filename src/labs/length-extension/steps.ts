import type { GuidedStep } from '../registry';

export const LENGTH_EXTENSION_STEPS: readonly GuidedStep[] = [
  {
    title: 'A server signs with MD5(secret ‖ message)',
    text: 'The server, in a worker, drew a secret of 1 to 64 random bytes and signed user=alice&role=user. You are the attacker: you see the message and its tag, not the secret, not even its length.',
    params: { preset: 'api', scheme: 'md5' },
    target: 'le-victim-heading',
  },
  {
    title: 'Forge: append &role=admin',
    text: 'For each secret length from 1 to 64 the attacker computes the glue padding, reads the tag back into MD5’s state and hashes on over &role=admin, then asks the server. Each try is a real verify against the real secret.',
    params: { preset: 'api', scheme: 'md5', pace: 'network' },
    action: 'forge',
    target: 'le-attack-heading',
  },
  {
    title: 'Accepted: look inside',
    text: 'The server accepted and now reads role=admin. The byte map shows the secret (??), the message, the glue padding with its length field, and the appended data; the step-through shows the tag turning back into state words and the rounds over the attacker’s block.',
    params: { preset: 'api', scheme: 'md5' },
    action: 'forge',
    target: 'le-steps-heading',
  },
  {
    title: 'The fix: HMAC-SHA256',
    text: 'The same server now signs with HMAC-SHA256 through Web Crypto. The attacker tries every length again; every forgery is rejected, because the tag comes out of an outer hash that starts with the key. The talk called HMAC “essentially hash(secret + hash(message))”; that is a simplification: HMAC is H(K ⊕ opad ‖ H(K ⊕ ipad ‖ message)), with the key in both passes.',
    params: { preset: 'api', scheme: 'hmac-sha256' },
    action: 'forge',
    target: 'le-attack-heading',
  },
  {
    title: 'Hashes that do not leak their state',
    text: 'SHA-3, BLAKE2 and SHA-512/256 resist the same trick even keyed naively: the tag hides part of the state, or the last block was finalised. SHA-224 only hides 32 bits of state, about four billion guesses: it slows the attack, it does not stop it. Only the full SHA-256 control is accepted.',
    params: { preset: 'api', scheme: 'md5' },
    action: 'resists',
    target: 'le-resists-heading',
  },
  {
    title: 'One key for two features',
    text: 'Password-reset links and session cookies both sign with HMAC and the same secret. Alice’s reset link, replayed as a session cookie, is accepted: a login for whoever saw the link.',
    params: { derivation: 'none' },
    action: 'replay',
    target: 'le-salted-heading',
  },
  {
    title: 'A key per use',
    text: 'Derive each feature’s key from the secret with HKDF and an info string (or Django’s salt). The same replay is now rejected.',
    params: { derivation: 'hkdf' },
    action: 'replay',
    target: 'le-salted-heading',
  },
];
