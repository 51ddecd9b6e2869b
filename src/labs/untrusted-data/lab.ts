/** The untrusted-data lab's contract: its address parameters, actions, guided steps and points. */
import { bytesToBase64, parseHex } from '../../core/bytes';
import { expectOk } from '../../core/result';
import { choice, defineLab, text } from '../../ui/lab-contract';
import { SAMPLE_EVAL_TEXT, SAMPLE_MERGE_TEXT } from './core/json/contrast';
import { findSample } from './core/pickle/samples';

const base64Of = (id: string) => bytesToBase64(expectOk(parseHex(findSample(id)!.hex)));
const FLAG = ['0', '1'] as const;

export const UNTRUSTED_DATA = defineLab({
  id: 'untrusted-data',
  title: 'Untrusted data and the supply chain',
  summary:
    'See what loading a pickle would run, without running it; then install a package past four kinds of attacker.',
  points: [
    {
      advice: 'Loading an untrusted pickle is the same as running eval() on it.',
      today: 'JSON (json.loads, JSON.parse) for anything from outside; never pickle.loads it.',
    },
    {
      advice: 'If you must use pickle, sign it and verify the signature before loading.',
      today: 'HMAC-SHA256 (hmac.new) checked with hmac.compare_digest before pickle.loads.',
    },
    {
      advice:
        'A hash downloaded from the same page as the file proves nothing; certificates must be checked.',
      today:
        'pip --require-hashes with a lock file; TLS with certificate verification (pip and requests do it by default).',
    },
    {
      advice: 'sudo pip install runs the package’s code as root.',
      today: 'Install into a virtual environment as yourself; keep a history of hashes.',
    },
  ],
  params: {
    as: choice(['base64', 'hex', 'file'], 'base64'),
    pickle: text(base64Of('reduce')),
    call: text('os.system'),
    args: text('["id"]'),
    proto: choice(['0', '1', '2', '3', '4', '5'], '0'),
    json: text(SAMPLE_EVAL_TEXT),
    merge: text(SAMPLE_MERGE_TEXT),
    tamper: choice(['none', 'flip', 'swap', 'forge', 'truncate'], 'swap'),
    attacker: choice(['none', 'wifi', 'onpath', 'mirror', 'index'], 'wifi'),
    transport: choice(['http', 'tls', 'tls-verify'], 'http'),
    pagehash: choice(['none', 'md5', 'sha256'], 'md5'),
    lock: choice(FLAG, '0'),
    sig: choice(FLAG, '0'),
    log: choice(FLAG, '0'),
    priv: choice(['root', 'user'], 'root'),
  },
  actions: ['run-eval', 'run-merge'],
  /** The sections, each a card with this id. */
  targets: [
    'inspect',
    'build',
    'json',
    'sign',
    'supply',
    'pickle-verdict',
    'json-eval-result',
    'sign-result',
    'supply-outcome',
  ],
  steps: [
    {
      title: 'A pickle is a program',
      text: 'This pickle of a small dict is read opcode by opcode, as pickletools.dis lists them. It only builds data: push strings and ints, then SETITEMS.',
      params: { pickle: base64Of('session') },
      target: 'inspect',
      proof: 'pickle-verdict',
    },
    {
      title: 'Loading it runs os.system',
      text: 'Six opcodes: GLOBAL imports os.system, MARK and STRING push the argument, TUPLE packs it, REDUCE calls it, STOP ends the pickle. pickle.loads would run “id” in a shell. The scanner reports it without running anything.',
      params: { pickle: base64Of('classic') },
      target: 'inspect',
      proof: 'pickle-verdict',
    },
    {
      title: 'JSON only builds data',
      text: 'The same lesson in JavaScript: JSON.parse refuses code, while eval of the same “JSON” runs it — here in a sandbox that is removed right after.',
      action: 'run-eval',
      target: 'json',
      proof: 'json-eval-result',
    },
    {
      title: 'Sign, then verify before loading',
      text: 'The attacker swapped in a payload but kept the tag. The receiver recomputes the HMAC, compares in constant time, and refuses: the loader reads 0 opcodes.',
      params: { tamper: 'swap' },
      target: 'sign',
      proof: 'sign-result',
      predict: {
        question:
          'The attacker swapped in its own pickle and kept the original tag. Will the receiver load it?',
        options: ['Yes: the tag came with it', 'No: it refuses before loading'],
        answer: 1,
        why: 'The tag is an HMAC of the original bytes under a key the attacker does not have: it does not match the new bytes, so nothing is loaded.',
      },
    },
    {
      title: 'pip install on open Wi-Fi',
      text: 'As in 2012: plain HTTP, an MD5 from the same page. The attacker answers the DNS query first, serves its own page and archive with a matching MD5, and its setup.py runs as root.',
      params: { attacker: 'wifi', transport: 'http', pagehash: 'md5' },
      target: 'supply',
      proof: 'supply-outcome',
    },
    {
      title: 'Check the certificate',
      text: 'With TLS and certificate checking, the spoofed DNS answer still arrives, but the attacker cannot show a certificate for pypi.example signed by a trusted CA: the client hangs up.',
      params: { attacker: 'wifi', transport: 'tls-verify', pagehash: 'md5' },
      target: 'supply',
      proof: 'supply-outcome',
    },
    {
      title: 'A compromised index: pin the hash',
      text: 'Certificates cannot help when the index itself lies: its page points to the attacker’s file with a matching SHA-256. A hash pinned in a lock file beforehand refuses it.',
      params: { attacker: 'index', transport: 'tls-verify', pagehash: 'sha256', lock: '1' },
      target: 'supply',
      proof: 'supply-outcome',
    },
  ],
});
