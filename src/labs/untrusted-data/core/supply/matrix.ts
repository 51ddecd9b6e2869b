/**
 * The attack × defence matrix, computed by running the simulated install for every pair: each
 * column switches one defence on over plain HTTP (and the last switches them all on).
 */
import {
  ATTACKERS,
  ATTACKER_INFO,
  NO_DEFENCES,
  runInstall,
  type AttackerId,
  type Defences,
  type Outcome,
} from './install';
import type { Privilege } from './setup-runner';

export const DEFENCE_COLUMNS: readonly {
  id: string;
  label: string;
  short: string;
  defences: Defences;
}[] = [
  { id: 'none', label: 'Nothing (plain HTTP)', short: 'Nothing', defences: NO_DEFENCES },
  {
    id: 'tls',
    label: 'TLS, certificate not checked',
    short: 'TLS, no cert check',
    defences: { ...NO_DEFENCES, transport: 'tls' },
  },
  {
    id: 'tls-verify',
    label: 'TLS, certificate checked',
    short: 'TLS + cert check',
    defences: { ...NO_DEFENCES, transport: 'tls-verify' },
  },
  {
    id: 'md5',
    label: 'MD5 from the index page',
    short: 'MD5 on page',
    defences: { ...NO_DEFENCES, pageHash: 'md5' },
  },
  {
    id: 'sha256',
    label: 'SHA-256 from the index page',
    short: 'SHA-256 on page',
    defences: { ...NO_DEFENCES, pageHash: 'sha256' },
  },
  {
    id: 'lock',
    label: 'Hash pinned in a lock file',
    short: 'Lock file',
    defences: { ...NO_DEFENCES, lockFile: true },
  },
  {
    id: 'signature',
    label: 'Signature, pinned key',
    short: 'Signature',
    defences: { ...NO_DEFENCES, signature: true },
  },
  { id: 'log', label: 'Transparency log', short: 'Log', defences: { ...NO_DEFENCES, log: true } },
  {
    id: 'all',
    label: 'All of them',
    short: 'All',
    defences: {
      transport: 'tls-verify',
      pageHash: 'sha256',
      lockFile: true,
      signature: true,
      log: true,
    },
  },
];

export interface MatrixCell {
  column: string;
  outcome: Outcome;
  blockedBy: string | null;
}

export interface MatrixRow {
  attacker: AttackerId;
  label: string;
  cells: MatrixCell[];
  /** Single defences this attacker gets past (the install still ran its code). */
  bypasses: string[];
  /** Single defences that stop it. */
  stoppedBy: string[];
}

export interface Matrix {
  columns: { id: string; label: string; short: string }[];
  rows: MatrixRow[];
}

export function computeMatrix(onProgress?: (done: number, total: number) => void): Matrix {
  const total = ATTACKERS.length * DEFENCE_COLUMNS.length;
  let done = 0;
  const rows = ATTACKERS.map((attacker): MatrixRow => {
    const cells = DEFENCE_COLUMNS.map((column): MatrixCell => {
      const result = runInstall({ attacker, defences: column.defences, privilege: 'root' });
      onProgress?.(++done, total);
      return { column: column.id, outcome: result.outcome, blockedBy: result.blockedBy };
    });
    const single = DEFENCE_COLUMNS.filter((c) => c.id !== 'none' && c.id !== 'all');
    const outcomeOf = (id: string) => cells.find((c) => c.column === id)!.outcome;
    return {
      attacker,
      label: ATTACKER_INFO[attacker].label,
      cells,
      bypasses:
        attacker === 'none'
          ? []
          : single.filter((c) => outcomeOf(c.id) === 'compromised').map((c) => c.label),
      stoppedBy: single.filter((c) => outcomeOf(c.id) === 'blocked').map((c) => c.label),
    };
  });
  return { columns: DEFENCE_COLUMNS.map(({ id, label, short }) => ({ id, label, short })), rows };
}

export interface AttackerOutcome {
  attacker: Exclude<AttackerId, 'none'>;
  label: string;
  outcome: Outcome;
  blockedBy: string | null;
}

/**
 * "Pick defences and see which attackers still win": the install run once per attacker with
 * exactly these defences, as each matrix cell is.
 */
export function runEveryAttacker(defences: Defences, privilege: Privilege): AttackerOutcome[] {
  return ATTACKERS.filter((a): a is Exclude<AttackerId, 'none'> => a !== 'none').map((attacker) => {
    const result = runInstall({ attacker, defences, privilege });
    return {
      attacker,
      label: ATTACKER_INFO[attacker].label,
      outcome: result.outcome,
      blockedBy: result.blockedBy,
    };
  });
}
