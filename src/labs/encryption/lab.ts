/** The encryption lab's contract: its address parameters, actions, guided steps and points. */
import { choice, defineLab, text } from '../../ui/lab-contract';
import { formatPlacements } from './core/nonce-reuse';
import { DEFAULT_TRANSFER } from './core/transfer';

/**
 * Each step carries the state of the steps before it, so a step changes only what it is about and
 * the page above its target does not move while the step's results arrive.
 */
const RECOVERED = formatPlacements([
  { side: 'b', position: 10, text: 'password' },
  { side: 'a', position: 0, text: 'Meet me at the north gate at nine tonight.' },
  { side: 'b', position: 38, text: 'Burn this note after use.' },
]);

export const ENCRYPTION = defineLab({
  id: 'encryption',
  title: 'Homemade encryption',
  summary:
    'Flip a ciphertext so amount=100 reads 900, watch ECB draw a picture and a reused nonce give up two messages; AES-GCM refuses.',
  points: [
    {
      advice:
        'You should not be implementing encryption: real AES, used by hand, lets ciphertext be changed and leaks through modes and nonces.',
      today:
        'TLS in transit; at rest the OS (BitLocker, FileVault, LUKS) or a vetted library: libsodium’s secretbox, Python cryptography’s Fernet, age.',
    },
    {
      advice:
        'Encryption is not integrity: without a MAC, flipping ciphertext bits flips plaintext bits.',
      today:
        'Authenticated encryption (AES-GCM, ChaCha20-Poly1305) with a fresh nonce per message, never reused.',
    },
  ],
  params: {
    scheme: choice(['ctr', 'cbc', 'gcm'], 'ctr'),
    transfer: text(DEFAULT_TRANSFER),
    want: text('900'),
    nonceMode: choice(['ctr', 'gcm'], 'ctr'),
    guess: text('password'),
    cribs: text(''),
  },
  actions: ['send', 'flip-deliver', 'picture'],
  targets: [
    'enc-flip-heading',
    'enc-flip-result',
    'enc-ecb-heading',
    'enc-crib-heading',
    'enc-recovered-heading',
    'enc-gcm-nonce',
    'enc-advice-heading',
    'enc-wire',
    'enc-verdict',
    'enc-pictures',
    'enc-crib-hits',
    'enc-check',
    'enc-advice',
  ],
  steps: [
    {
      title: 'A bank encrypts with AES-CTR, no MAC',
      text: 'The bank, in a worker, draws a random AES key and nonce and encrypts the transfer order with real AES-CTR (Web Crypto). You are Mallory on the network: you see only the bytes on the wire.',
      params: { scheme: 'ctr' },
      action: 'send',
      target: 'enc-flip-heading',
      proof: 'enc-wire',
    },
    {
      title: 'Flip: amount=100 becomes amount=900',
      text: 'CTR XORs the message with a keystream. Mallory XORs "100" ⊕ "900" into the ciphertext at the amount’s position and delivers it. The payment server really decrypts it, and pays 900.',
      params: { scheme: 'ctr', want: '900' },
      action: 'flip-deliver',
      target: 'enc-flip-result',
      proof: 'enc-verdict',
    },
    {
      title: 'CBC: the same, for the price of one block',
      text: 'In CBC each plaintext block is XORed with the previous ciphertext block. Flipping that block changes the amount and garbles the memo block before it; the parser does not care.',
      params: { scheme: 'cbc', want: '900' },
      action: 'flip-deliver',
      target: 'enc-flip-result',
      proof: 'enc-verdict',
    },
    {
      title: 'ECB draws the picture',
      text: 'ECB encrypts each 16-byte block alone: equal blocks of pixels give equal ciphertext blocks, and the padlock’s outline shows through. GCM’s ciphertext is noise.',
      params: { scheme: 'cbc', want: '900' },
      action: 'picture',
      target: 'enc-ecb-heading',
      proof: 'enc-pictures',
    },
    {
      title: 'One nonce, two messages',
      text: 'Two messages under one key and one nonce: XOR the ciphertexts and the key is gone. Guess "password": at position 10 the other message reads " the nor".',
      params: { scheme: 'cbc', want: '900', nonceMode: 'ctr', guess: 'password' },
      target: 'enc-crib-heading',
      proof: 'enc-crib-hits',
    },
    {
      title: 'Recover the messages from guesses',
      text: '"password" sits in message B at 10, so message A has " the nor" there. Guess the rest of A’s sentence, then B’s end, and both messages are recovered, checked with the sender.',
      params: {
        scheme: 'cbc',
        want: '900',
        nonceMode: 'ctr',
        guess: 'password',
        cribs: RECOVERED,
      },
      target: 'enc-recovered-heading',
      proof: 'enc-check',
    },
    {
      title: 'The fix: AES-GCM refuses the flip',
      text: 'The same flip against AES-GCM (Web Crypto). The ciphertext changes exactly as before, but the tag no longer verifies: decrypt throws OperationError and nothing is paid.',
      params: {
        scheme: 'gcm',
        want: '900',
        nonceMode: 'ctr',
        guess: 'password',
        cribs: RECOVERED,
      },
      action: 'flip-deliver',
      target: 'enc-flip-result',
      proof: 'enc-verdict',
      predict: {
        question:
          'Mallory flips the same bits in an AES-GCM ciphertext. What does the payment server’s decrypt do?',
        options: ['Reads amount=900', 'Reads garbled text', 'Throws: the tag does not verify'],
        answer: 2,
        why: 'GCM authenticates the ciphertext: any changed bit fails the tag check, and decrypt returns nothing at all.',
      },
    },
    {
      title: 'GCM needs unique nonces too',
      text: 'Reuse a GCM nonce and the XOR leaks exactly as with CTR (the same guesses recover both messages); worse, the two tags let the attacker solve for GCM’s hash key and forge tags.',
      params: { scheme: 'gcm', want: '900', nonceMode: 'gcm', guess: 'password', cribs: RECOVERED },
      target: 'enc-gcm-nonce',
      proof: 'enc-gcm-nonce',
    },
    {
      title: 'What to use instead',
      text: 'TLS in transit; the OS or a vetted library at rest: libsodium’s secretbox, Fernet, age. They choose the nonce and authenticate for you.',
      params: { scheme: 'gcm', want: '900', nonceMode: 'gcm', guess: 'password', cribs: RECOVERED },
      target: 'enc-advice-heading',
      proof: 'enc-advice',
    },
  ],
});
