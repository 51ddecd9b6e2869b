/** The report card: each attack with its verdict (a word and a symbol), the evidence, and the fix. */
import type { ReactNode } from 'react';
import { ByteMap } from '../../ui/ByteMap';
import { CopyButton } from '../../ui/CopyButton';
import { TableScroll } from '../../ui/TableScroll';
import {
  ATTACK_FIXES,
  ATTACK_TITLES,
  VERDICT_WORDS,
  type AttackResult,
  type KeysPerUseEvidence,
  type LengthExtensionEvidence,
  type TamperingEvidence,
  type TokenEvidence,
  type Verdict,
  type VerifyCall,
} from './core/report';
import type { TimingMeasurement } from './core/timing';
import { TimingChart } from './TimingChart';

export function AttackVerdict({ verdict }: { verdict: Verdict }) {
  const { symbol, word } = VERDICT_WORDS[verdict];
  const tone =
    verdict === 'pass'
      ? 'ok'
      : verdict === 'fail'
        ? 'bad'
        : verdict === 'unmeasured'
          ? 'warn'
          : verdict;
  return (
    <span className={`verdict verdict--${tone}`}>
      <span aria-hidden="true">{symbol}</span> {word}
    </span>
  );
}

/** verify's answer; `expected` says which answer is the right one (accepting is right for a genuine tag). */
function Answer({ call, expected = false }: { call: VerifyCall; expected?: boolean }) {
  const good = call.accepted === expected;
  return (
    <>
      <span className={`verdict verdict--${good ? 'ok' : 'bad'}`}>
        {good ? '✓' : '✗'} {call.accepted ? 'accepted' : 'rejected'}
      </span>
      {call.note && <div className="field__hint">{call.note}</div>}
    </>
  );
}

function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="code-facts">
      {items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function LengthExtensionDetails({ evidence }: { evidence: LengthExtensionEvidence }) {
  const forgery = evidence.forgery;
  return (
    <div className="stack">
      <Facts
        items={[
          ['Signed message', <code key="m">{evidence.message}</code>],
          [
            'Its tag',
            <span key="t">
              <code className="code-break">{evidence.tag}</code> ({evidence.tagFormat})
            </span>,
          ],
          ['Appended', <code key="a">{evidence.append}</code>],
          [
            'Secret lengths tried',
            `${evidence.minSecretLength}–${evidence.maxSecretLength} bytes (the attacker does not know it)`,
          ],
        ]}
      />
      <TableScroll label="Hashes tried">
        <table>
          <thead>
            <tr>
              <th scope="col">Hash</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {evidence.tried.map((t) => (
              <tr key={t.algorithm}>
                <th scope="row">{t.algorithm}</th>
                <td>
                  {t.outcome === 'not-applicable' ? (
                    <span className="field__hint">not applicable: {t.note}</span>
                  ) : (
                    <>
                      <span
                        className={`verdict verdict--${t.outcome === 'accepted' ? 'bad' : 'ok'}`}
                      >
                        {t.outcome === 'accepted' ? '✗ forgery accepted' : '✓ all rejected'}
                      </span>{' '}
                      {t.note}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {forgery && (
        <>
          <Facts
            items={[
              [
                'Forged message',
                <span key="f">
                  <code className="code-break">{forgery.forgedMessageEscaped}</code>{' '}
                  <CopyButton value={forgery.forgedMessageHex} label="Copy forged message (hex)" />
                </span>,
              ],
              [
                'Forged tag',
                <span key="g">
                  <code className="code-break">{forgery.forgedTag}</code>{' '}
                  <CopyButton value={forgery.forgedTag} label="Copy forged tag" />
                </span>,
              ],
              [
                'verify said',
                <strong key="v">
                  true: accepted, without the secret ever leaving the battery
                </strong>,
              ],
              [
                'Secret length',
                `the forgery assumed ${forgery.secretLength} bytes; the real secret was ${evidence.realSecretLength} bytes`,
              ],
            ]}
          />
          <ByteMap
            caption="What verify hashed: secret (unknown to the attacker), the signed message, the glue padding its hash had added, and the appended data"
            bytes={forgery.layout.bytes}
            regions={forgery.layout.spans}
            blockSize={forgery.layout.blockSize}
          />
        </>
      )}
    </div>
  );
}

function TriesDetails({ evidence, what }: { evidence: TamperingEvidence; what: string }) {
  return (
    <div className="stack">
      <Facts
        items={[
          ['Signed message', <code key="m">{evidence.message}</code>],
          [
            'Its tag',
            <code key="t" className="code-break">
              {evidence.tag}
            </code>,
          ],
        ]}
      />
      <TableScroll label={what}>
        <table>
          <thead>
            <tr>
              <th scope="col">Sent to verify</th>
              <th scope="col">Answer</th>
            </tr>
          </thead>
          <tbody>
            {evidence.tries.map((t) => (
              <tr key={t.label}>
                <td className="code-break">{t.label}</td>
                <td>
                  <Answer call={t} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

function KeysDetails({ evidence }: { evidence: KeysPerUseEvidence }) {
  return (
    <div className="stack">
      <Facts
        items={[
          [
            'Signed',
            <code key="s">{`sign(secret, “${evidence.message}”, “${evidence.signedFor}”)`}</code>,
          ],
          [
            'Tag',
            <code key="t" className="code-break">
              {evidence.tag}
            </code>,
          ],
        ]}
      />
      <TableScroll label="Purposes">
        <table>
          <tbody>
            {[evidence.ownPurpose, evidence.otherPurpose].map((call, i) => (
              <tr key={call.label}>
                <td className="code-break">
                  <code>{call.label}</code>
                </td>
                <td>
                  <Answer call={call} expected={i === 0} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

function TimingDetails({ evidence }: { evidence: TimingMeasurement }) {
  const a = evidence.analysis;
  return (
    <div className="stack">
      <TimingChart summary={evidence.summary} unit={evidence.unit} leak={a.leak} />
      <Facts
        items={[
          [
            'Tag',
            `${evidence.tagLength} ${evidence.unit}s; ${evidence.positions.length} prefix lengths measured`,
          ],
          [
            'Samples',
            `${evidence.rounds} rounds × ${evidence.positions.length} positions, each a batch of ${evidence.batchSize} calls (${(evidence.elapsedMs / 1000).toFixed(1)} s)`,
          ],
          [
            'Clock step',
            `${(evidence.resolutionMs * 1000).toFixed(evidence.resolutionMs < 0.01 ? 2 : 0)} µs, as measured`,
          ],
          [
            'Slope',
            `${a.slopeNsPerUnit.toFixed(2)} ns per correct ${evidence.unit} (Theil–Sen on the medians)`,
          ],
          [
            'Trend test',
            `Spearman’s rho ${a.rho.toFixed(3)}, one-sided p ≈ ${a.pValue < 0.001 ? a.pValue.toExponential(1) : a.pValue.toFixed(3)}`,
          ],
        ]}
      />
    </div>
  );
}

function TokenDetails({ evidence }: { evidence: TokenEvidence }) {
  const p = evidence.prediction;
  const calls = evidence.perToken;
  return (
    <div className="stack">
      <Facts
        items={[
          ['Collected', `${evidence.collected} tokens, ${evidence.duplicates} repeated`],
          [
            'For example',
            <code key="s" className="code-break">
              {evidence.sample.join('  ')}
            </code>,
          ],
          [
            'Each token drew',
            [
              `${calls.mathRandom} Math.random`,
              `${calls.pythonRandom} Python random`,
              calls.getRandomValues === null
                ? null
                : `${calls.getRandomValues} crypto.getRandomValues`,
            ]
              .filter(Boolean)
              .join(', ') + ' calls',
          ],
        ]}
      />
      <TableScroll label="Predictors tried">
        <table>
          <thead>
            <tr>
              <th scope="col">Predictor</th>
              <th scope="col">Fits?</th>
            </tr>
          </thead>
          <tbody>
            {evidence.decoders.map((d) => (
              <tr key={d.name}>
                <th scope="row">{d.name}</th>
                <td>
                  {d.fits ? 'yes: ' : 'no: '}
                  {d.note}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {p && (
        <TableScroll label="Predicted tokens">
          <table>
            <caption className="code-caption">
              {p.model}. {p.method}
              {p.offset ? ` The real tokens lined up after skipping ${p.offset}.` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Predicted first</th>
                <th scope="col">Then makeToken returned</th>
                <th scope="col">Predicted right?</th>
              </tr>
            </thead>
            <tbody>
              {p.actual.map((actual, i) => (
                <tr key={i}>
                  <td>
                    <code className="code-break">{p.predicted[i] ?? '—'}</code>
                  </td>
                  <td>
                    <code className="code-break">{actual}</code>
                  </td>
                  <td>
                    <span className={`verdict verdict--${p.matches[i] ? 'bad' : 'ok'}`}>
                      {p.matches[i] ? '✗ yes' : '✓ no'}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}

function Evidence({ result }: { result: AttackResult }) {
  switch (result.id) {
    case 'length-extension':
      return result.evidence ? <LengthExtensionDetails evidence={result.evidence} /> : null;
    case 'tampering':
      return result.evidence ? (
        <TriesDetails evidence={result.evidence} what="Altered inputs" />
      ) : null;
    case 'truncation':
      return result.evidence ? (
        <TriesDetails evidence={result.evidence} what="Shortened tags" />
      ) : null;
    case 'keys-per-use':
      return result.evidence ? <KeysDetails evidence={result.evidence} /> : null;
    case 'timing':
      return result.evidence ? <TimingDetails evidence={result.evidence} /> : null;
    case 'tokens':
      return result.evidence ? <TokenDetails evidence={result.evidence} /> : null;
  }
}

export function AttackEntry({ result }: { result: AttackResult }) {
  const title = ATTACK_TITLES[result.id];
  return (
    <li
      className={`code-report__item code-report__item--${result.verdict}`}
      aria-label={`${title}: ${VERDICT_WORDS[result.verdict].word}`}
    >
      {result.id === 'length-extension' ? (
        // The forgery's verdict: the proof of the guided step "A forgery, accepted".
        <div id="code-forgery-verdict">
          <AttackHead title={title} result={result} />
        </div>
      ) : (
        <AttackHead title={title} result={result} />
      )}
      {result.notes.map((note) => (
        <p key={note} className="field__hint">
          {note}
        </p>
      ))}
      {result.evidence && (
        <details className="code-report__evidence" open={result.verdict === 'fail'}>
          <summary>Evidence</summary>
          <Evidence result={result} />
        </details>
      )}
      {(result.verdict === 'fail' ||
        result.verdict === 'warn' ||
        result.verdict === 'unmeasured') && (
        <p className="code-report__fix">
          <strong>How to fix: </strong>
          {ATTACK_FIXES[result.id]}
        </p>
      )}
    </li>
  );
}

function AttackHead({ title, result }: { title: string; result: AttackResult }) {
  return (
    <>
      <div className="code-report__head">
        <h3>{title}</h3>
        <AttackVerdict verdict={result.verdict} />
      </div>
      <p className="code-report__headline">{result.headline}</p>
    </>
  );
}
