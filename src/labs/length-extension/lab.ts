/** The length-extension lab's contract: its address parameters, actions, guided steps and points. */
import { choice, defineLab, text } from '../../ui/lab-contract';

const ENCODINGS = ['text', 'hex', 'base64', 'url', 'c'] as const;

export const LENGTH_EXTENSION = defineLab({
  id: 'length-extension',
  title: 'Length extension and HMAC',
  summary:
    'Forge a signed message without the secret against hash(secret ‖ message); watch HMAC and per-use keys stop it.',
  points: [
    {
      advice:
        'Signing with md5(secret + message) lets anyone who saw one signed message sign another: use HMAC.',
      today:
        "HMAC-SHA256 (Python hmac.new(key, msg, 'sha256'), Node crypto.createHmac, Web Crypto HMAC), checked with hmac.compare_digest or crypto.timingSafeEqual.",
    },
    {
      advice: 'Salt the key per use, so a value signed in one place cannot be replayed in another.',
      today:
        'Derive a key per purpose: HKDF with an info string, or Django’s signing salt (salted_hmac).',
    },
    {
      advice: 'Don’t use MD5; avoid SHA-1; SHA-256 is fine, inside HMAC.',
      today:
        'SHA-256 or SHA-512 in HMAC; SHA-3 and BLAKE2 (keyed mode) do not length-extend at all.',
    },
  ],
  params: {
    preset: choice(['api', 'cookie', 'download'], 'api'),
    scheme: choice(['md5', 'sha1', 'sha256', 'sha512', 'hmac-sha256'], 'md5'),
    secret: choice(['hidden', 'chosen'], 'hidden'),
    format: choice(['none', 'whole-message', 'per-field'], 'none'),
    secretLength: text('16'),
    /** Its default is the chosen preset's suggested extension (this one is the api preset's). */
    append: text('&role=admin'),
    appendAs: choice(ENCODINGS, 'text'),
    tryMin: text('1'),
    tryMax: text('64'),
    pace: choice(['instant', 'network'], 'instant'),
    derivation: choice(['none', 'django', 'hkdf'], 'none'),
    toolSig: text('6036708eba0d11f6ef52ad44e8b74d5b'),
    toolData: text('data'),
    toolDataAs: choice(ENCODINGS, 'text'),
    toolAppend: text('append'),
    toolAppendAs: choice(ENCODINGS, 'text'),
    toolAlg: choice(['auto', 'md5', 'sha1', 'sha256', 'sha512'], 'auto'),
    toolMin: text('6'),
    toolMax: text('6'),
    toolOut: choice(['hex', 'url', 'base64', 'c'], 'hex'),
    /** Ask the server yourself: the message and tag the learner sends. */
    askMsg: text(''),
    askMsgAs: choice(ENCODINGS, 'text'),
    askTag: text(''),
  },
  actions: ['forge', 'resists', 'replay'],
  targets: [
    'le-victim-heading',
    'le-attack-heading',
    'le-steps-heading',
    'le-resists-heading',
    'le-salted-heading',
    'le-victim-facts',
    'le-accepted-try',
    'le-forgery-map',
    'le-verdict',
    'le-resists-list',
    'le-replay-table',
  ],
  steps: [
    {
      title: 'A server signs with MD5(secret ‖ message)',
      text: 'The server, in a worker, drew a secret of 1 to 64 random bytes and signed user=alice&role=user. You are the attacker: you see the message and its tag, not the secret, not even its length.',
      params: { preset: 'api', scheme: 'md5' },
      target: 'le-victim-heading',
      proof: 'le-victim-facts',
    },
    {
      title: 'Forge: append &role=admin',
      text: 'For each secret length from 1 to 64 the attacker computes the glue padding, reads the tag back into MD5’s state and hashes on over &role=admin, then asks the server. Each try is a real verify against the real secret.',
      params: { preset: 'api', scheme: 'md5', pace: 'network' },
      action: 'forge',
      target: 'le-attack-heading',
      proof: 'le-accepted-try',
      predict: {
        question:
          'The attacker knows neither the secret nor its length. Will the server accept a forged tag for a message that ends in &role=admin?',
        options: ['Yes', 'No: without the secret the tag cannot be right'],
        answer: 0,
        why: 'An MD5 tag is MD5’s whole state after secret ‖ message: hashing on from it needs no secret, and each secret length costs one request.',
      },
    },
    {
      title: 'Accepted: look inside',
      text: 'The server accepted and now reads role=admin. The byte map shows the secret (??), the message, the glue padding with its length field, and the appended data; the step-through shows the tag turning back into state words and the rounds over the attacker’s block.',
      params: { preset: 'api', scheme: 'md5' },
      action: 'forge',
      target: 'le-steps-heading',
      proof: 'le-forgery-map',
    },
    {
      title: 'The fix: HMAC-SHA256',
      text: 'The same server now signs with HMAC-SHA256 through Web Crypto. The attacker tries every length again; every forgery is rejected, because the tag comes out of an outer hash that starts with the key. The talk called HMAC “essentially hash(secret + hash(message))”; that is a simplification: HMAC is H(K ⊕ opad ‖ H(K ⊕ ipad ‖ message)), with the key in both passes.',
      params: { preset: 'api', scheme: 'hmac-sha256' },
      action: 'forge',
      target: 'le-attack-heading',
      proof: 'le-verdict',
      predict: {
        question: 'Against HMAC-SHA256, will the server accept any of the forgeries?',
        options: ['Yes, at the right secret length', 'No, it rejects every one'],
        answer: 1,
        why: 'The tag comes out of a second hash keyed again, so it never reveals the state the attacker would need to hash on from.',
      },
    },
    {
      title: 'Hashes that do not leak their state',
      text: 'SHA-3, BLAKE2 and SHA-512/256 resist the same trick even keyed naively: the tag hides part of the state, or the last block was finalised. SHA-224 only hides 32 bits of state, about four billion guesses: it slows the attack, it does not stop it. Only the full SHA-256 control is accepted.',
      params: { preset: 'api', scheme: 'md5' },
      action: 'resists',
      target: 'le-resists-heading',
      proof: 'le-resists-list',
    },
    {
      title: 'One key for two features',
      text: 'Password-reset links and session cookies both sign with HMAC and the same secret. Alice’s reset link, replayed as a session cookie, is accepted: a login for whoever saw the link.',
      params: { derivation: 'none' },
      action: 'replay',
      target: 'le-salted-heading',
      proof: 'le-replay-table',
    },
    {
      title: 'A key per use',
      text: 'Derive each feature’s key from the secret with HKDF and an info string (or Django’s salt). The same replay is now rejected.',
      params: { derivation: 'hkdf' },
      action: 'replay',
      target: 'le-salted-heading',
      proof: 'le-replay-table',
    },
  ],
});
