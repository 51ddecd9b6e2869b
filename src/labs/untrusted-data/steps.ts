import type { GuidedStep } from '../registry';
import { findSample } from './core/pickle/samples';
import { parseHex, bytesToBase64 } from '../../core/bytes';
import { expectOk } from '../../core/result';

const base64Of = (id: string) => bytesToBase64(expectOk(parseHex(findSample(id)!.hex)));

export const UNTRUSTED_DATA_STEPS: readonly GuidedStep[] = [
  {
    title: 'A pickle is a program',
    text: 'This pickle of a small dict is read opcode by opcode, as pickletools.dis lists them. It only builds data: push strings and ints, then SETITEMS.',
    params: { pickle: base64Of('session') },
    action: 'show-inspect',
  },
  {
    title: 'Loading it runs os.system',
    text: 'Six opcodes: GLOBAL imports os.system, MARK and STRING push the argument, TUPLE packs it, REDUCE calls it, STOP ends the pickle. pickle.loads would run “id” in a shell. The scanner reports it without running anything.',
    params: { pickle: base64Of('classic') },
    action: 'show-inspect',
  },
  {
    title: 'JSON only builds data',
    text: 'The same lesson in JavaScript: JSON.parse refuses code, while eval of the same “JSON” runs it — here in a sandbox that is removed right after.',
    action: 'run-eval',
  },
  {
    title: 'Sign, then verify before loading',
    text: 'The attacker swapped in a payload but kept the tag. The receiver recomputes the HMAC, compares in constant time, and refuses: the loader reads 0 opcodes.',
    params: { tamper: 'swap' },
    action: 'show-sign',
  },
  {
    title: 'pip install on open Wi-Fi',
    text: 'As in 2012: plain HTTP, an MD5 from the same page. The attacker answers the DNS query first, serves its own page and archive with a matching MD5, and its setup.py runs as root.',
    params: { attacker: 'wifi', transport: 'http', pagehash: 'md5' },
    action: 'show-supply',
  },
  {
    title: 'Check the certificate',
    text: 'With TLS and certificate checking, the spoofed DNS answer still arrives, but the attacker cannot show a certificate for pypi.example signed by a trusted CA: the client hangs up.',
    params: { attacker: 'wifi', transport: 'tls-verify', pagehash: 'md5' },
    action: 'show-supply',
  },
  {
    title: 'A compromised index: pin the hash',
    text: 'Certificates cannot help when the index itself lies: its page points to the attacker’s file with a matching SHA-256. A hash pinned in a lock file beforehand refuses it.',
    params: { attacker: 'index', transport: 'tls-verify', pagehash: 'sha256', lock: '1' },
    action: 'show-supply',
  },
];
