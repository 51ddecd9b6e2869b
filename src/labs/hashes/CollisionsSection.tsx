/** Two published collisions, with a suffix of the user's appended to both. */
import { useMemo } from 'react';
import { bytesToHex, parseBytes } from '../../core/bytes';
import { ByteMap } from '../../ui/ByteMap';
import { Callout, Verdict } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { TextField } from '../../ui/Field';
import { useLabChoice, useLabParam } from '../../ui/lab-context';
import { getAlgorithm } from './core/algorithms';
import { COLLISION_PAIRS, getCollisionPair, reportCollision } from './core/collisions';
import { TableScroll } from '../../ui/TableScroll';
import { HASHES } from './lab';

/** The collision maths is instant; this bound keeps a huge paste from drawing megabytes of cells. */
const MAX_SUFFIX = 64 * 1024;

export function CollisionsSection() {
  const [pairId, setPairId] = useLabChoice(HASHES, 'pair');
  const [suffix, setSuffix] = useLabParam(HASHES, 'suffix');
  const [encoding, setEncoding] = useLabChoice(HASHES, 'suffixAs');
  const pair = getCollisionPair(pairId);
  const brokenLabel = getAlgorithm(pair.brokenHash).label;

  const parsed = useMemo(() => {
    const bytes = parseBytes(suffix, encoding);
    if (bytes.ok && bytes.value.length > MAX_SUFFIX) {
      return {
        ok: false as const,
        error: {
          code: 'suffix/too-long',
          message: `Keep the suffix under ${MAX_SUFFIX / 1024} KB.`,
        },
      };
    }
    return bytes;
  }, [suffix, encoding]);
  const report = useMemo(
    () => (parsed.ok ? reportCollision(pairId, parsed.value) : null),
    [pairId, parsed],
  );
  const marks = useMemo(() => new Set(report?.differences ?? []), [report]);

  return (
    <section className="card" aria-labelledby="collisions-heading">
      <h2 id="collisions-heading">Collisions: MD5 and SHA-1 are broken</h2>
      <p>
        Finding two different inputs with the same hash was once called “reasonably hard”. Two
        inputs that start with the same bytes (an <em>identical-prefix</em> collision) now take
        seconds for MD5; two that start with different content, each chosen by the attacker (a{' '}
        <em>chosen-prefix</em> collision, the kind that forges certificates), take much more work.
        SHA-1 has fallen to both, publicly. Below are two published identical-prefix pairs:
        different bytes, same digest.
      </p>
      <ul className="field__hint" aria-label={`Collision attacks on ${brokenLabel}`}>
        {(getAlgorithm(pair.brokenHash).collisionAttacks ?? []).map((attack) => (
          <li key={attack.kind}>
            <strong>{attack.kind}</strong>: {attack.name} ({attack.year}). {attack.cost}{' '}
            <cite>{attack.source}</cite>
          </li>
        ))}
      </ul>
      <div className="row">
        <Choice
          label="Collision pair"
          value={pairId}
          onChange={setPairId}
          options={COLLISION_PAIRS.map((p) => ({
            value: p.id,
            label: p.id === 'md5' ? 'MD5 (2004)' : 'SHA-1 (SHAttered)',
          }))}
        />
        <Choice
          label="Suffix is"
          value={encoding}
          onChange={setEncoding}
          options={[
            { value: 'text', label: 'Text' },
            { value: 'hex', label: 'Hex' },
          ]}
        />
      </div>
      <TextField
        label="Suffix appended to both inputs"
        value={suffix}
        onChange={setSuffix}
        placeholder="type anything, e.g. and then some"
        monospace={encoding === 'hex'}
        error={parsed.ok ? null : parsed.error.message}
        hint="Both inputs reach the same internal chaining state after their last differing block, so any common suffix is processed identically and the digests stay equal. Length extension uses the same fact."
      />
      <p className="field__hint">{pair.source}</p>
      {report && (
        <>
          <TableScroll label="Collision digests" id="collisions-table">
            <table>
              <thead>
                <tr>
                  <th scope="col">Hash</th>
                  <th scope="col">Input A + suffix</th>
                  <th scope="col">Input B + suffix</th>
                  <th scope="col">Verdict</th>
                </tr>
              </thead>
              <tbody>
                {report.digests.map((d) => (
                  <tr key={d.algorithm}>
                    <th scope="row">{getAlgorithm(d.algorithm).label}</th>
                    <td className="digest">{bytesToHex(d.a)}</td>
                    <td className="digest">{bytesToHex(d.b)}</td>
                    <td>
                      {d.equal ? (
                        <Verdict ok={false} yes="" no="Equal: collision" />
                      ) : (
                        <Verdict ok yes="Different" no="" />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <p aria-live="polite">
            The inputs differ in {report.differences.length} of {report.a.length} bytes (offsets{' '}
            {report.differences.slice(0, 12).join(', ')}
            {report.differences.length > 12 ? ', …' : ''}).
          </p>
          <div className="row" style={{ alignItems: 'flex-start' }}>
            <ByteMap
              caption="Input A"
              bytes={report.a}
              marks={marks}
              markLabel="differs from B"
              blockSize={64}
              limit={1024}
            />
            <ByteMap
              caption="Input B"
              bytes={report.b}
              marks={marks}
              markLabel="differs from A"
              blockSize={64}
              limit={1024}
            />
          </div>
          <Callout tone="note" title="What to use instead">
            SHA-256, SHA-512, SHA-3 or BLAKE2 for fingerprints. And for signing messages with a
            secret, not a bare hash at all: HMAC (see the length-extension lab).
          </Callout>
        </>
      )}
    </section>
  );
}
