import type { RecapQuestion } from '../../core/recap';

export const RECAP: readonly RecapQuestion[] = [
  {
    id: 'virtualenv',
    question: 'Does installing into a virtualenv make pip install safe?',
    options: [
      {
        text: 'Yes: the package is kept apart from the system.',
        right: false,
        why: 'A virtualenv separates which packages are imported, not what they can do: setup.py (or a build backend) runs with all of your user’s rights.',
      },
      {
        text: 'No: installing runs the package’s code as you.',
        right: true,
        why: 'Right. Check what you install (hashes pinned in a lock file, pip --require-hashes, signatures) and prefer wheels, which install without running code.',
      },
      {
        text: 'Yes, as long as pip is not run as root.',
        right: false,
        why: 'Your user can read your SSH keys and tokens and change your shell’s start-up files: enough for an attacker.',
      },
    ],
  },
  {
    id: 'deny-list',
    question: 'A service refuses pickles that contain the word "system". Is it safe now?',
    options: [
      {
        text: 'Yes: os.system is what runs commands.',
        right: false,
        why: 'subprocess.getoutput, os.popen, subprocess.check_output and many more run commands too; a deny-list misses every name it does not list.',
      },
      {
        text: 'No: do not unpickle untrusted data; if you must load something, allow only what builds values.',
        right: true,
        why: 'Right: an allow-list of harmless callables, or better JSON with a schema, or an HMAC checked before loading.',
      },
      {
        text: 'Yes, if it also refuses "eval" and "exec".',
        right: false,
        why: 'Still a deny-list: the lab’s challenge gets past it with subprocess.',
      },
    ],
  },
  {
    id: 'json-merge',
    question:
      'JSON.parse only builds data. Is deep-merging a parsed request body into an object safe?',
    options: [
      {
        text: 'Yes: JSON cannot contain code.',
        right: false,
        why: 'It can contain the key "__proto__": a naive merge then writes to Object.prototype, and every object in the server inherits the value.',
      },
      {
        text: 'No: keys such as "__proto__" and "constructor" lead the merge to Object.prototype.',
        right: true,
        why: 'Right: skip those keys, merge into Object.create(null), or use a Map.',
      },
      {
        text: 'It is only unsafe when the body is passed to eval.',
        right: false,
        why: 'No eval is needed: prototype pollution comes from the merge’s own assignments.',
      },
    ],
  },
];
