/**
 * The supply-chain challenge: the fewest defences that stop all four attackers. Every answer is
 * judged by running the simulated `pip install` (install.ts) against each attacker with exactly
 * the defences chosen, so which attacker still wins is computed, as it is in the lab's matrix.
 * Each instance takes away some of the defences (no lock file, an unsigned release, no log), so
 * the answer differs between instances; the fewest that work is found by trying every set of the
 * defences left, smallest first.
 */
import {
  defineChallenge,
  onlyFields,
  type ChallengeRng,
  type Verdict,
} from '../../../../core/challenge';
import { fail, ok, type Result } from '../../../../core/result';
import { DEFENCE_COLUMNS } from './matrix';
import {
  ATTACKER_INFO,
  ATTACKERS,
  NO_DEFENCES,
  runInstall,
  type AttackerId,
  type Defences,
} from './install';

/** The defences a learner can pick: the matrix's single columns. */
export const DEFENCE_IDS = [
  'tls',
  'tls-verify',
  'md5',
  'sha256',
  'lock',
  'signature',
  'log',
] as const;
export type DefenceId = (typeof DEFENCE_IDS)[number];

const LABELS = Object.fromEntries(DEFENCE_COLUMNS.map((c) => [c.id, c.label])) as Record<
  DefenceId,
  string
>;

/** Defences that exclude each other: one transport, one hash on the page. */
const EXCLUSIVE: readonly (readonly [DefenceId, DefenceId])[] = [
  ['tls', 'tls-verify'],
  ['md5', 'sha256'],
];

/** Why an instance may lack a defence. */
const MISSING: Partial<Record<DefenceId, string>> = {
  lock: 'The team installs from a bare requirements list and will not maintain a lock file of hashes.',
  signature: 'The publisher of tinyutils does not sign its releases: there is no key to pin.',
  log: 'This package index publishes no transparency log.',
};

const THREATS = ATTACKERS.filter((a): a is Exclude<AttackerId, 'none'> => a !== 'none');

export interface SupplyPublic {
  project: string;
  attackers: { id: AttackerId; label: string; where: string }[];
  /** The defences this team can switch on. */
  defences: { id: DefenceId; label: string }[];
  /** The ones it cannot, and why. */
  unavailable: { id: DefenceId; label: string; why: string }[];
}

export interface SupplyAnswer {
  defences: DefenceId[];
}

function defencesOf(ids: readonly DefenceId[]): Defences {
  const d: Defences = { ...NO_DEFENCES };
  for (const id of ids)
    if (id === 'tls' || id === 'tls-verify') d.transport = id;
    else if (id === 'md5' || id === 'sha256') d.pageHash = id;
    else if (id === 'lock') d.lockFile = true;
    else if (id === 'signature') d.signature = true;
    else d.log = true;
  return d;
}

interface Outcome {
  attacker: Exclude<AttackerId, 'none'>;
  compromised: boolean;
  blockedBy: string | null;
}

/** Runs the simulated install against each attacker with these defences. */
export function runAgainstAll(ids: readonly DefenceId[]): Outcome[] {
  const defences = defencesOf(ids);
  return THREATS.map((attacker) => {
    const result = runInstall({ attacker, defences, privilege: 'root' });
    return {
      attacker,
      compromised: result.outcome === 'compromised',
      blockedBy: result.blockedBy,
    };
  });
}

/** Every allowed set of these defences (no two exclusive ones), smallest first. */
function setsBySize(available: readonly DefenceId[]): DefenceId[][] {
  let sets: DefenceId[][] = [[]];
  for (const id of available)
    sets = sets.concat(
      sets
        .filter(
          (s) =>
            !EXCLUSIVE.some(([a, b]) => (id === a && s.includes(b)) || (id === b && s.includes(a))),
        )
        .map((s) => [...s, id]),
    );
  return sets.sort((x, y) => x.length - y.length);
}

/** The smallest sets of the available defences that stop every attacker (the size, and one). */
export function fewestDefences(available: readonly DefenceId[]): DefenceId[] | null {
  for (const set of setsBySize(available))
    if (runAgainstAll(set).every((o) => !o.compromised)) return set;
  return null;
}

function makeSupply(rng: ChallengeRng): SupplyPublic {
  // Take away none, one or two of the three defences that pin something out of band.
  const pinned: DefenceId[] = ['lock', 'signature', 'log'];
  const missing: DefenceId[] = [];
  for (let n = rng.below(3); n > 0; n--) {
    const left = pinned.filter((d) => !missing.includes(d));
    missing.push(rng.pick(left));
  }
  return {
    project: 'tinyutils',
    attackers: THREATS.map((id) => ({
      id,
      label: ATTACKER_INFO[id].label,
      where: ATTACKER_INFO[id].where,
    })),
    defences: DEFENCE_IDS.filter((d) => !missing.includes(d)).map((id) => ({
      id,
      label: LABELS[id],
    })),
    unavailable: DEFENCE_IDS.filter((d) => missing.includes(d)).map((id) => ({
      id,
      label: LABELS[id],
      why: MISSING[id]!,
    })),
  };
}

function parseSupplyAnswer(answer: Record<string, unknown>): Result<SupplyAnswer> {
  const fields = onlyFields(answer, ['defences']);
  if (!fields.ok) return fields;
  const value = answer.defences;
  if (value === undefined) return fail('answer/missing', 'The answer has no "defences" field.');
  if (!Array.isArray(value))
    return fail('answer/type', `defences: must be a list of defence ids, such as ["tls-verify"].`);
  const ids: DefenceId[] = [];
  for (const item of value) {
    if (typeof item !== 'string' || !(DEFENCE_IDS as readonly string[]).includes(item)) {
      const shown = typeof item === 'string' ? `"${item.slice(0, 40)}"` : JSON.stringify(item);
      return fail(
        'answer/defence',
        `defences: ${shown} is not a defence; they are ${DEFENCE_IDS.map((d) => `"${d}"`).join(', ')}.`,
      );
    }
    if (ids.includes(item as DefenceId))
      return fail('answer/duplicate', `defences: "${item}" is listed twice.`);
    ids.push(item as DefenceId);
  }
  for (const [a, b] of EXCLUSIVE)
    if (ids.includes(a) && ids.includes(b))
      return fail(
        'answer/exclusive',
        `defences: "${a}" and "${b}" cannot both be on: pick one ${a === 'tls' ? 'transport' : 'hash on the index page'}.`,
      );
  return ok({ defences: ids });
}

const list = (items: string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

function checkSupply(pub: SupplyPublic, answer: SupplyAnswer): Verdict {
  const missing = pub.unavailable.find((u) => answer.defences.includes(u.id));
  if (missing)
    return { solved: false, reason: `${missing.label} is not available here: ${missing.why}` };
  const outcomes = runAgainstAll(answer.defences);
  const winners = outcomes.filter((o) => o.compromised);
  if (winners.length > 0) {
    const [first] = winners;
    const info = ATTACKER_INFO[first!.attacker];
    const others = winners.slice(1).map((w) => `“${ATTACKER_INFO[w.attacker].label}”`);
    return {
      solved: false,
      reason: `${answer.defences.length === 0 ? 'With no defence on, the' : 'The'} attacker “${info.label}” still wins${others.length ? ` (and so ${others.length === 1 ? 'does' : 'do'} ${list(others)})` : ''}. ${info.where}, it ${info.can}; the install ran its setup.py. Which of your checks does its archive still pass?`,
    };
  }
  const fewest = fewestDefences(pub.defences.map((d) => d.id))!;
  const stoppedBy = outcomes.map(
    (o) => `“${ATTACKER_INFO[o.attacker].label}” by ${o.blockedBy ?? 'a check'}`,
  );
  if (answer.defences.length > fewest.length)
    return {
      solved: false,
      reason: `All four attackers are stopped (${list(stoppedBy)}), but with ${answer.defences.length} defences, and fewer will do. What does one defence have to check to stop an attacker who controls the index page itself?`,
    };
  return {
    solved: true,
    reason: `All four attackers are stopped with ${answer.defences.length === 1 ? 'one defence' : `${answer.defences.length} defences`} (${list(stoppedBy)}). Transport security and a hash from the same index page fail against whoever controls that page; a hash, key or log entry that came to you another way does not.`,
  };
}

export const fewestSupplyDefences = defineChallenge<
  SupplyPublic,
  Record<string, never>,
  SupplyAnswer
>({
  id: 'untrusted-data/fewest-defences',
  lab: 'untrusted-data',
  level: 3,
  title: 'The fewest defences that stop all four attackers',
  brief:
    'Your team runs `pip install tinyutils` on its servers. Four attackers want to run their code in that install: one on an open Wi-Fi network (spoofed DNS), one on the path (a hostile router or proxy), one inside the mirror that hosts the files, and one inside the package index itself. Some defences are not available to this team (listed with the reasons).',
  goal: 'Choose the fewest defences, from those available, after which the install of every attacker is blocked.',
  hints: [
    'Start from the strongest attacker: whoever controls the index page can rewrite the link and the hash printed next to it.',
    'A check helps only if what it compares against did not come through the attacker. Certificates prove who you talk to, not that what they serve is genuine.',
    'A hash pinned before the install, a publisher key pinned before the install, or a log the index cannot rewrite each stop the index attacker, and with it every weaker one. The lab’s matrix shows one defence per column.',
  ],
  answerShape: `{ "defences": [<ids among ${DEFENCE_IDS.map((d) => `"${d}"`).join(', ')}>] }`,
  fields: [
    { name: 'defences', label: 'Defences to switch on', kind: 'checkboxes', from: 'defences' },
  ],
  make: (rng) => ({ public: makeSupply(rng), secret: {} }),
  parseAnswer: parseSupplyAnswer,
  check: (pub, _secret, answer) => checkSupply(pub, answer),
  solve: (pub) => ({ defences: fewestDefences(pub.defences.map((d) => d.id)) ?? [] }),
});
