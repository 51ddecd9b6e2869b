import type { RecapQuestion } from '../../core/recap';

export const RECAP: readonly RecapQuestion[] = [
  {
    id: 'statistical-tests',
    question:
      'Python’s random passes the standard statistical test suites. Is it safe for reset keys?',
    options: [
      {
        text: 'Yes: its output cannot be told apart from random.',
        right: false,
        why: 'Statistical tests look for patterns, not for someone who knows the algorithm: 624 outputs of MT19937 give its whole state, and every later output.',
      },
      {
        text: 'No: passing statistical tests says nothing about predictability.',
        right: true,
        why: 'Right. Secrets need a cryptographic generator: Python’s secrets module, os.urandom, crypto.getRandomValues.',
      },
      {
        text: 'Yes, if the outputs are never shown to users.',
        right: false,
        why: 'They usually are, indirectly: order numbers, IDs and tokens all come from the same generator, as in the lab’s shop.',
      },
    ],
  },
  {
    id: 'seed-time',
    question: 'Does random.seed(int(time.time())) make the keys unpredictable?',
    options: [
      {
        text: 'Yes: the time changes every second.',
        right: false,
        why: 'An attacker who knows roughly when the key was made tries every second in that window: a day is 86,400 seeds.',
      },
      {
        text: 'Yes, if the seed uses milliseconds.',
        right: false,
        why: 'A day of milliseconds is 86 million seeds: minutes of work. A seed must have at least 128 bits nobody can guess.',
      },
      {
        text: 'No: the seed has only as much uncertainty as the time, a few thousand guesses.',
        right: true,
        why: 'Right: the lab finds the seed in the window and makes the admin key again.',
      },
    ],
  },
  {
    id: 'python-token',
    question: 'Which of these should make a session token in Python?',
    options: [
      {
        text: "''.join(random.choice(alphabet) for _ in range(32))",
        right: false,
        why: 'However long, it comes from MT19937: predictable from earlier outputs.',
      },
      {
        text: 'secrets.token_urlsafe(32)',
        right: true,
        why: 'Right: the secrets module draws from the operating system’s generator.',
      },
      {
        text: 'str(uuid.uuid1())',
        right: false,
        why: 'uuid1 is made from the time and the machine’s address: largely guessable. (uuid4 uses os.urandom, but secrets says what you mean.)',
      },
    ],
  },
];
