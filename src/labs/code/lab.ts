/** The code lab's contract: its address parameters, actions, guided steps and points. */
import { choice, defineLab, text } from '../../ui/lab-contract';
import { MODULE_LANGUAGES } from './core/languages';
import { PRESET_IDS } from './core/presets';

export const CODE = defineLab({
  id: 'code',
  title: 'Your code, attacked',
  summary:
    'Write sign, verify and makeToken in the browser; the playground runs the talk’s attacks on them.',
  points: [
    {
      advice:
        'The obvious way should be the right way: make the safe function the one that is easiest to reach.',
      today:
        "HMAC-SHA256 for signing (hmac.new(key, msg, 'sha256'), crypto.createHmac), with a key per purpose (HKDF, Django's salted_hmac).",
    },
    {
      advice:
        'Always verify your assumptions: attack your own code, and compare the way an attacker would measure.',
      today: 'hmac.compare_digest (Python), crypto.timingSafeEqual (Node) for every tag and token.',
    },
    {
      advice: 'Tokens and keys come from the operating system’s generator, never from Math.random.',
      today:
        'secrets.token_urlsafe() (Python), crypto.getRandomValues or crypto.randomUUID (JavaScript).',
    },
  ],
  params: {
    preset: choice(PRESET_IDS, 'md5'),
    lang: choice(MODULE_LANGUAGES, 'typescript'),
    /** The learner's module, shared in a link. */
    code: text(''),
    /** A shared report card. */
    report: text(''),
    /** Seconds each phase of a run may take. */
    limit: text('5'),
  },
  actions: ['run'],
  targets: [
    'code-module-heading',
    'code-run-heading',
    'code-report-heading',
    'code-editor',
    'code-report-summary',
    'code-forgery-verdict',
  ],
  steps: [
    {
      title: 'The obvious way: md5(secret + message)',
      text: 'The editor holds the module a hurried developer would ship: sign hashes the secret followed by the message, verify recomputes and compares. It looks fine. Reading it will not tell you whether it is; attacking it will.',
      params: { preset: 'md5' },
      target: 'code-module-heading',
      proof: 'code-editor',
    },
    {
      title: 'Run the attack battery',
      text: 'The code runs in a sandbox (a process of its own: no network, no storage, no page, a time limit); the battery runs outside it, holds a secret, asks sign for tags, and then plays the attacker: every verdict is an answer of your own verify.',
      params: { preset: 'md5' },
      action: 'run',
      target: 'code-run-heading',
      proof: 'code-report-summary',
      predict: {
        question:
          'This module signs with md5(secret + message). Will the battery get its verify to accept a message it never signed?',
        options: ['Yes', 'No: the secret stays secret'],
        answer: 0,
        why: 'The MD5 tag is the hash’s state after secret ‖ message: the battery hashes on from it (length extension), no secret needed.',
      },
    },
    {
      title: 'A forgery, accepted',
      text: 'Length extension: from one signed message and its tag, the battery appended &role=admin and computed a new MD5 tag without the secret. verify said yes. Keys per use fails too: the same secret signs everything.',
      params: { preset: 'md5' },
      action: 'run',
      target: 'code-report-heading',
      proof: 'code-forgery-verdict',
    },
    {
      title: 'The fix: HMAC with a key per use',
      text: 'HMAC-SHA256 under a key derived per purpose with HKDF, a constant-time compare (like hmac.compare_digest or crypto.timingSafeEqual), and tokens from crypto.getRandomValues.',
      params: { preset: 'hmac' },
      target: 'code-module-heading',
      proof: 'code-editor',
    },
    {
      title: 'Every attack fails',
      text: 'The same battery, the same attacker: forgeries, flipped bits, shortened tags and cross-purpose tags are all rejected, the timing shows no slope and no predictor fits the tokens. The right way can be the easy way.',
      params: { preset: 'hmac' },
      action: 'run',
      target: 'code-report-heading',
      proof: 'code-report-summary',
    },
  ],
});
