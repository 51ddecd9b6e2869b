/** A FRAME that lies: the opcodes pickle.loads reads and those pickle.load reads from a stream, side by side. */
import { Verdict } from '../../ui/Callout';
import { TableScroll } from '../../ui/TableScroll';
import type { ReadView } from './core/pickle/inspect';

const TITLES = {
  memory: 'pickle.loads (and pickletools): one opcode after another',
  stream: 'pickle.load from a stream: frame by frame',
} as const;

const VERDICTS = {
  data: 'Data only',
  calls: 'Imports or calls code',
  dangerous: 'Runs dangerous code',
};

function ReadTable({ read }: { read: ReadView }) {
  const title = TITLES[read.reader];
  return (
    <section className="untrusted-data-read" aria-label={title}>
      <h4>{title}</h4>
      <p>
        <Verdict ok={read.verdict === 'data'} yes={VERDICTS.data} no={VERDICTS[read.verdict]} />
      </p>
      <TableScroll label={`Opcodes read by ${title}`}>
        <table>
          <thead>
            <tr>
              <th scope="col">Pos</th>
              <th scope="col">Opcode</th>
              <th scope="col">Effect</th>
            </tr>
          </thead>
          <tbody>
            {read.rows.map((row, i) =>
              row.note ? (
                <tr key={i} className="untrusted-data-read__note">
                  <td className="mono">{row.pos}</td>
                  <td colSpan={2}>{row.note}</td>
                </tr>
              ) : (
                <tr key={i} className={row.danger ? 'untrusted-data-danger' : undefined}>
                  <td className="mono">{row.pos}</td>
                  <td className="mono">
                    {row.name} <span className="untrusted-data-arg">{row.arg}</span>
                  </td>
                  <td>{row.effect && `${row.danger ? '⚠ ' : ''}${row.effect}`}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </TableScroll>
      {read.more && <p className="field__hint">…and it reads on.</p>}
    </section>
  );
}

export function PickleReads({ reads, partsAt }: { reads: [ReadView, ReadView]; partsAt: number }) {
  return (
    <div className="stack">
      <h3>Two readers, two programs</h3>
      <p>
        A FRAME announces how many bytes follow it, and this one lies. pickle.loads only checks that
        those bytes exist and reads on opcode by opcode; pickle.load on a stream (an io.BytesIO, a
        socket, a frame bigger than a file’s buffer) reads the frame into its buffer, drops what an
        opcode does not use when it needs more, and reads on from the file. From byte {partsAt} on
        they read different opcodes from the same bytes, so a scanner that reads one way can be
        shown one program while the other way runs another.
      </p>
      <div className="untrusted-data-reads">
        <ReadTable read={reads[0]} />
        <ReadTable read={reads[1]} />
      </div>
    </div>
  );
}
