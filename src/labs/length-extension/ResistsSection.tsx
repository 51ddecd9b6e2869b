/** The same forgery against hashes that do not allow it, each verified by the victim for real. */
import { Verdict } from '../../ui/Callout';
import type { ResistRow } from './core/resists';

export function ResistsTable({ rows }: { rows: readonly ResistRow[] }) {
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Hash, keyed as H(secret ‖ message)</th>
            <th scope="col">What the attacker did</th>
            <th scope="col">Forged tag</th>
            <th scope="col">Victim</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                {row.label}
                <div className="field__hint">
                  {row.hiddenBits === 0
                    ? `tag shows all ${row.stateBits} state bits`
                    : `${row.hiddenBits} of ${row.stateBits} state bits hidden`}
                </div>
              </th>
              <td>{row.attempt}</td>
              <td className="digest">{row.forgedTagHex}</td>
              <td>
                {row.accepted ? (
                  <Verdict ok={false} yes="" no="Accepted" />
                ) : (
                  <Verdict ok yes="Rejected" no="" />
                )}
              </td>
              <td>{row.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
