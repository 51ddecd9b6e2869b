import { describe, expect, it } from 'vitest';
import { NO_DEFENCES } from './install';
import { computeMatrix, DEFENCE_COLUMNS, runEveryAttacker } from './matrix';

describe('which attackers still win with the defences picked', () => {
  it('agrees with every column of the matrix', () => {
    const matrix = computeMatrix();
    for (const column of DEFENCE_COLUMNS) {
      const outcomes = runEveryAttacker(column.defences, 'root');
      for (const o of outcomes) {
        const cell = matrix.rows
          .find((r) => r.attacker === o.attacker)!
          .cells.find((c) => c.column === column.id)!;
        expect(o, `${o.attacker} × ${column.id}`).toMatchObject({
          outcome: cell.outcome,
          blockedBy: cell.blockedBy,
        });
      }
    }
  });

  it('TLS with a checked certificate and SHA-256 on the page leave only the compromised index', () => {
    const outcomes = runEveryAttacker(
      { ...NO_DEFENCES, transport: 'tls-verify', pageHash: 'sha256' },
      'root',
    );
    expect(outcomes.filter((o) => o.outcome === 'compromised').map((o) => o.attacker)).toEqual([
      'index',
    ]);
    expect(outcomes.map((o) => o.attacker)).toEqual(['wifi', 'onpath', 'mirror', 'index']);
  });
});
