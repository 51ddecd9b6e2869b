/** Sign a pickle with HMAC, let an attacker change it, and see the check refuse it before loading. */
import { useMemo, useState } from 'react';
import { bytesToHex, parseHex } from '../../core/bytes';
import { expectOk } from '../../core/result';
import { ByteMap } from '../../ui/ByteMap';
import { Callout, Verdict } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { useLabChoice } from '../../ui/lab-context';
import { UNTRUSTED_DATA } from './lab';
import { findSample } from './core/pickle/samples';
import { signedDemo, TAG_BYTES, TAMPER_LABELS, TAMPERS } from './core/pickle/signing';

const SESSION = expectOk(parseHex(findSample('session')!.hex));
const PAYLOAD = expectOk(parseHex(findSample('classic')!.hex));

const randomKey = () => crypto.getRandomValues(new Uint8Array(32));

export function SignedPickle() {
  const [tamper, setTamper] = useLabChoice(UNTRUSTED_DATA, 'tamper');
  // The server's key stays in this page's memory only: never in the address.
  const [key, setKey] = useState(randomKey);
  const [attackerKey] = useState(randomKey);
  const demo = useMemo(
    () => signedDemo(key, SESSION, tamper, { payload: PAYLOAD, attackerKey }),
    [key, tamper, attackerKey],
  );
  const { verified } = demo;
  const marks = useMemo(() => new Set(demo.changed), [demo.changed]);

  return (
    <section className="card untrusted-data-section" aria-labelledby="sign-heading" id="sign">
      <h2 id="sign-heading">If you must use pickle: sign it, verify before loading</h2>
      <p>
        The server sends <code>HMAC-SHA256(key, pickle) ‖ pickle</code>. The receiver recomputes the
        tag and compares it in constant time (<code>hmac.compare_digest</code>) before the pickle
        reaches any parser: a refused message is never read, so its opcodes never run. JSON avoids
        the need for all this.
      </p>
      <div className="row">
        <Choice
          label="On the way, the attacker"
          value={tamper}
          onChange={setTamper}
          options={TAMPERS.map((t) => ({ value: t, label: TAMPER_LABELS[t] }))}
        />
        <button type="button" className="button button--ghost" onClick={() => setKey(randomKey())}>
          New server key
        </button>
      </div>
      <p className="field__hint">
        Server key (random, kept in this page only):{' '}
        <span className="digest">{bytesToHex(key)}</span>
      </p>
      <p>{demo.description}</p>
      <ByteMap
        caption="What arrived"
        bytes={demo.received}
        regions={[
          { start: 0, end: TAG_BYTES, kind: 'length', label: 'HMAC tag' },
          { start: TAG_BYTES, end: demo.received.length, kind: 'message', label: 'pickle' },
        ]}
        marks={marks}
        markLabel="changed by the attacker"
      />
      <div className="stack" id="sign-result">
        <ol className="untrusted-data-log" aria-label="Verification steps">
          {verified.steps.map((step) => (
            <li key={step.label}>
              <Verdict ok={step.ok} yes={step.label} no={step.label} />
              <div className="untrusted-data-step__detail">{step.detail}</div>
            </li>
          ))}
        </ol>
        <p>
          <strong>Opcodes read by the loader: {verified.opsRead}</strong>
        </p>
        {verified.accepted && verified.scan ? (
          <Callout tone="success" title="Accepted">
            The tag matches, so these are the bytes the key holder produced.{' '}
            {verified.scan.summary[0]}
          </Callout>
        ) : (
          <Callout tone="success" title="Refused before loading">
            Without the key, the attacker cannot make a tag that matches changed bytes: the payload
            never reached pickle.
          </Callout>
        )}
      </div>
    </section>
  );
}
