/** The pickles after the first: pickle.loads ignores them, a loop of pickle.load reads them. */
import { Verdict } from '../../ui/Callout';
import { TableScroll } from '../../ui/TableScroll';
import type { PickleScan } from './core/pickle/symbolic';

function whatItDoes(p: PickleScan): string {
  const danger = p.events.find((e) => e.kind === 'call' && e.category === 'dangerous');
  const does =
    danger?.kind === 'call'
      ? `calls ${danger.expr}`
      : p.calls.length > 0
        ? `calls ${p.calls.slice(0, 4).join(', ')}${p.calls.length > 4 ? ', …' : ''}`
        : p.imports.length > 0
          ? `imports ${p.imports.slice(0, 4).join(', ')}${p.imports.length > 4 ? ', …' : ''}`
          : p.result !== null
            ? `builds ${p.result.length > 80 ? p.result.slice(0, 80) + '…' : p.result}`
            : '';
  const raises = p.error ? `raises ${p.error.exception}: ${p.error.message}` : '';
  return [does, raises].filter(Boolean).join('; then ');
}

export function FollowingPickles({
  trailing,
  pickles,
  dropped,
}: {
  trailing: number;
  pickles: readonly PickleScan[];
  dropped: number;
}) {
  return (
    <div className="stack">
      <h3>After the first pickle</h3>
      <p>
        {trailing} bytes follow its STOP. pickle.loads ignores them, but a file written by several
        pickle.dump calls is read back by a loop of pickle.load, one pickle at a time:
      </p>
      <TableScroll label="Pickles that follow the first">
        <table>
          <thead>
            <tr>
              <th scope="col">Bytes</th>
              <th scope="col">Verdict</th>
              <th scope="col">What a pickle.load there does</th>
            </tr>
          </thead>
          <tbody>
            {pickles.map((p) => (
              <tr
                key={p.start}
                className={p.verdict === 'dangerous' ? 'untrusted-data-danger' : undefined}
              >
                <td className="mono">
                  {p.start}–{p.end}
                </td>
                <td>
                  {p.verdict === 'data' ? (
                    <span className="field__hint">{p.error ? 'fails' : 'data'}</span>
                  ) : (
                    <Verdict ok={false} yes="" no={p.verdict} />
                  )}
                </td>
                <td>{whatItDoes(p)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {dropped > 0 && (
        <p className="field__hint">…and {dropped} more pickles, scanned but not listed.</p>
      )}
    </div>
  );
}
