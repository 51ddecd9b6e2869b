import type { RecapQuestion } from '../../core/recap';

export const RECAP: readonly RecapQuestion[] = [
  {
    id: 'encryption-integrity',
    question: 'Does encrypting a message with AES stop an attacker from changing it?',
    options: [
      {
        text: 'Yes: without the key nobody can make a ciphertext that decrypts.',
        right: false,
        why: 'In counter mode every ciphertext decrypts to something: the keystream is XORed in, so flipping a ciphertext bit flips the same plaintext bit.',
      },
      {
        text: 'No: encryption hides the message; only a MAC (or authenticated encryption) detects changes.',
        right: true,
        why: 'Right: amount=100 became amount=900 by XORing two bytes of ciphertext, without the key.',
      },
      {
        text: 'Yes, with AES-256 instead of AES-128.',
        right: false,
        why: 'The key size protects the key, not the message: bit flipping works the same with any key length.',
      },
    ],
  },
  {
    id: 'nonce-reuse',
    question:
      'What happens when two messages are encrypted with AES-CTR under the same key and nonce?',
    options: [
      {
        text: 'Nothing serious: the key stays secret.',
        right: false,
        why: 'The key stays secret, but the keystream repeats: C1 ⊕ C2 = P1 ⊕ P2, and known or guessed words in one message reveal the other (crib dragging).',
      },
      {
        text: 'The XOR of the two ciphertexts is the XOR of the two plaintexts.',
        right: true,
        why: 'Right. A nonce must never repeat under one key; AES-GCM-SIV and XChaCha20 make that easier to get right.',
      },
      {
        text: 'Only the first block is exposed.',
        right: false,
        why: 'Every block: the counter runs through the same sequence for both messages.',
      },
    ],
  },
  {
    id: 'what-instead',
    question: 'What should a web service use to encrypt a cookie?',
    options: [
      {
        text: 'AES-CBC with a random IV.',
        right: false,
        why: 'CBC is malleable too (flip the IV or the previous block), and its padding errors have leaked plaintexts (padding oracles).',
      },
      {
        text: 'AES-CTR, then SHA-256 of the ciphertext appended.',
        right: false,
        why: 'An unkeyed hash can be recomputed by anyone who changes the ciphertext. The check needs a key: encrypt-then-MAC with HMAC, or an AEAD.',
      },
      {
        text: 'Authenticated encryption: AES-GCM or ChaCha20-Poly1305, or a library box such as Fernet.',
        right: true,
        why: 'Right: any change to the ciphertext makes decryption fail instead of returning altered plaintext.',
      },
    ],
  },
];
