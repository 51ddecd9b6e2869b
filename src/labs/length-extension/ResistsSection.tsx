/** The same forgery against hashes that do not allow it, each verified by the victim for real. */
import { Verdict } from '../../ui/Callout';
import type { ResistRow } from './core/resists';

/** One card per hash (a table with prose in it does not fit a phone). */
export function ResistsList({ rows }: { rows: readonly ResistRow[] }) {
  return (
    <ul className="length-extension__resists" aria-label="The forgery against each hash">
      {rows.map((row) => (
        <li key={row.id} aria-label={row.label}>
          <div className="length-extension__resists-head">
            <strong>{row.label}</strong>
            {row.accepted ? (
              <Verdict ok={false} yes="" no="Accepted" />
            ) : (
              <Verdict ok yes="Rejected" no="" />
            )}
            <span className="field__hint">
              {row.hiddenBits === 0
                ? `the tag shows all ${row.stateBits} state bits`
                : `${row.hiddenBits} of ${row.stateBits} state bits hidden`}
            </span>
          </div>
          <p>
            {row.attempt} {row.reason}
          </p>
          <p className="field__hint">
            Forged tag <span className="digest">{row.forgedTagHex}</span>
          </p>
        </li>
      ))}
    </ul>
  );
}
