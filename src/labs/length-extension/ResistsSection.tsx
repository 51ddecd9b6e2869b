/** The same forgery against hashes that do not allow it, each verified by the victim for real. */
import { Verdict } from '../../ui/Callout';
import type { JobState } from '../../ui/use-worker-job';
import type { ResistRow } from './core/resists';
import { JobError } from '../../ui/JobControls';

export function ResistsSection({
  resists,
  canTry,
  onTry,
}: {
  resists: JobState<ResistRow[]>;
  canTry: boolean;
  onTry: () => void;
}) {
  return (
    <section className="card" aria-labelledby="le-resists-heading">
      <h2 id="le-resists-heading">Hashes that resist it</h2>
      <p>
        The same server, keyed the same naive way, with hashes whose tag is not their whole state.
        The attacker does its best (it is even told the secret’s length) and the server checks each
        forgery.
      </p>
      <button
        type="button"
        className="button"
        disabled={resists.status === 'running' || !canTry}
        onClick={onTry}
      >
        Try SHA-3, BLAKE2 and truncated SHA-2
      </button>
      <JobError state={resists} />
      {resists.status === 'done' && <ResistsList rows={resists.value} />}
      <p className="field__hint">
        Resisting length extension does not make H(secret ‖ message) a good MAC design: use HMAC (or
        KMAC for SHA-3, keyed BLAKE2), which are built and proven for it.
      </p>
    </section>
  );
}

/** One card per hash (a table with prose in it does not fit a phone); the reasons fold away. */
function ResistsList({ rows }: { rows: readonly ResistRow[] }) {
  return (
    <ul
      className="length-extension__resists"
      aria-label="The forgery against each hash"
      id="le-resists-list"
    >
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
          {/* Collapsed, so the whole list fits one screen beside the step that shows it. */}
          <details className="length-extension__resists-why">
            <summary>{row.accepted ? 'How it got through' : 'Why it failed'}</summary>
            <p>
              {row.attempt} {row.reason}
            </p>
            <p className="field__hint">
              Forged tag <span className="digest">{row.forgedTagHex}</span>
            </p>
          </details>
        </li>
      ))}
    </ul>
  );
}
