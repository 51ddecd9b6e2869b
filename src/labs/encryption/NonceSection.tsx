/**
 * A reused nonce: the worker encrypts two messages under one key and one nonce; the attacker XORs
 * the ciphertexts, drags guessed words across the result and places the ones that fit. Crib
 * dragging and the recovery are core functions; the worker only checks a recovery at the end.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { bytesToHex, bytesToUtf8 } from '../../core/bytes';
import type { WorkerClient } from '../../platform/worker-client';
import { Callout, Verdict } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { TextField } from '../../ui/Field';
import { TableScroll } from '../../ui/TableScroll';
import { useLabChoice, useLabParam } from '../../ui/lab-context';
import { shownValue, useWorkerJob } from '../../ui/use-worker-job';
import {
  LIKELY_SCORE,
  applyPlacements,
  autoDrag,
  ciphertextOf,
  dragCrib,
  formatPlacements,
  parseGuess,
  parsePlacements,
  recoveredText,
  xorBytes,
  type AutoHit,
  type Placement,
  type RecoveryCheck,
  type Side,
} from './core';
import type { EncryptionApi } from './encryption.worker';
import type { Report } from './EncryptionPanel';
import { ENCRYPTION } from './lab';
import { JobError } from '../../ui/JobControls';

const HITS_SHOWN = 8;

interface SentPair {
  mode: 'ctr' | 'gcm';
  wireA: Uint8Array;
  wireB: Uint8Array;
}

export function NonceSection({
  worker,
  report,
}: {
  worker: WorkerClient<EncryptionApi>;
  report: Report;
}) {
  const [mode, setMode] = useLabChoice(ENCRYPTION, 'nonceMode');
  const [guessText, setGuessText] = useLabParam(ENCRYPTION, 'guess');
  const [cribsText, setCribsText] = useLabParam(ENCRYPTION, 'cribs');
  const sending = useWorkerJob<SentPair>(worker);
  const checking = useWorkerJob<{ a: RecoveryCheck; b: RecoveryCheck }>(worker);
  const [auto, setAuto] = useState<AutoHit[] | null>(null);

  const { start: startSending } = sending;
  const { reset: forgetCheck } = checking;
  const send = useCallback(() => {
    forgetCheck();
    startSending(async () => ({ mode, ...(await worker.call('nonce-send', { scheme: mode })) }));
  }, [worker, mode, startSending, forgetCheck]);
  useEffect(send, [send]);

  // The last pair stays on screen while the next is encrypted, so the page does not jump.
  const ready = shownValue(sending.state);
  // The attacker's only computation on the ciphertexts: C_A ⊕ C_B = P_A ⊕ P_B.
  const xor = useMemo(
    () =>
      ready
        ? xorBytes(ciphertextOf(ready.mode, ready.wireA), ciphertextOf(ready.mode, ready.wireB))
        : null,
    [ready],
  );
  const guess = useMemo(() => (xor ? parseGuess(guessText, xor.length) : null), [guessText, xor]);
  const hits = useMemo(() => (xor && guess?.ok ? dragCrib(xor, guess.value) : []), [xor, guess]);
  const bestHits = useMemo(
    () =>
      [...hits]
        .filter((h) => h.readable)
        .sort((x, y) => y.score - x.score)
        .slice(0, HITS_SHOWN),
    [hits],
  );
  const placements = useMemo(
    () => (xor ? parsePlacements(cribsText, xor.length) : null),
    [cribsText, xor],
  );
  const placed = useMemo<Placement[]>(() => (placements?.ok ? placements.value : []), [placements]);
  const recovery = useMemo(() => (xor ? applyPlacements(xor, placed) : null), [xor, placed]);

  const place = (side: Side, position: number, text: string) => {
    forgetCheck();
    setCribsText(formatPlacements([...placed, { side, position, text }]));
  };
  const remove = (index: number) => {
    forgetCheck();
    setCribsText(formatPlacements(placed.filter((_, i) => i !== index)));
  };

  const { start: startChecking } = checking;
  const checkNow = useCallback(() => {
    if (!recovery) return;
    startChecking(() => worker.call('nonce-check', { a: recovery.a, b: recovery.b }));
  }, [worker, recovery, startChecking]);
  const check = checking.state.status === 'done' ? checking.state.value : null;
  // Once every byte is filled in, the sender says whether the attacker got it right.
  const complete = recovery !== null && recovery.known === recovery.length && recovery.length > 0;
  useEffect(() => {
    if (complete) checkNow();
  }, [complete, checkNow]);

  useEffect(
    () =>
      report('nonceReuse', {
        mode: ready?.mode ?? mode,
        xorHex: xor ? bytesToHex(xor) : null,
        placements: placed,
        recoveredA: recovery ? recoveredText(recovery.a) : null,
        recoveredB: recovery ? recoveredText(recovery.b) : null,
        check,
      }),
    [report, ready, mode, xor, placed, recovery, check],
  );

  return (
    <section className="card" aria-labelledby="enc-nonce-heading">
      <h2 id="enc-nonce-heading">One nonce, two messages</h2>
      <p>
        CTR and GCM turn AES into a keystream that depends only on the key and the nonce, and XOR it
        with the message. A homemade scheme with a fixed nonce (or a counter that restarts) encrypts
        two messages with the same keystream, and then <code>C_A ⊕ C_B = P_A ⊕ P_B</code>: the key
        cancels out.
      </p>
      <div className="row">
        <Choice
          label="Both messages encrypted with"
          value={mode}
          onChange={setMode}
          options={[
            { value: 'ctr', label: 'AES-CTR, one nonce' },
            { value: 'gcm', label: 'AES-GCM, one nonce' },
          ]}
        />
        <button type="button" className="button button--ghost" onClick={send}>
          Send again (new key, one nonce)
        </button>
      </div>
      <JobError state={sending.state} />
      {ready && xor && (
        <dl className="encryption__facts">
          <dt>Message A on the wire</dt>
          <dd className="digest">{bytesToHex(ready.wireA)}</dd>
          <dt>Message B on the wire</dt>
          <dd className="digest">{bytesToHex(ready.wireB)}</dd>
          <dt>Same nonce</dt>
          <dd className="digest">
            {bytesToHex(ready.wireA.subarray(0, ready.mode === 'ctr' ? 16 : 12))}
          </dd>
          <dt>
            C<sub>A</sub> ⊕ C<sub>B</sub> = P<sub>A</sub> ⊕ P<sub>B</sub>
          </dt>
          <dd className="digest" aria-label="XOR of the two ciphertexts">
            {bytesToHex(xor)}
          </dd>
        </dl>
      )}

      {mode === 'gcm' && (
        <div id="enc-gcm-nonce">
          <Callout tone="danger" title="GCM with a repeated nonce">
            <p>
              GCM encrypts with the same counter-mode keystream, so the same XOR leaks, as above. It
              also loses its integrity: the two tags are values of one polynomial in GCM’s hash key
              H, so an attacker who sees two messages under one nonce can solve for H and then forge
              tags for messages of their choice (Joux, “Authentication failures in NIST version of
              GCM”, 2006). NIST SP 800-38D §8 requires that a (key, nonce) pair never repeat. Use
              random 96-bit nonces from the OS for at most about 2<sup>32</sup> messages per key, or
              a mode that survives a repeat (AES-GCM-SIV, RFC 8452).
            </p>
          </Callout>
        </div>
      )}

      <h3 id="enc-crib-heading">Crib dragging</h3>
      <p>
        Guess a word one message may contain. XORed into P<sub>A</sub> ⊕ P<sub>B</sub> at each
        position, it shows what the other message holds there; where that reads as text, the guess
        probably fits.
      </p>
      <div className="row">
        <TextField
          label="Guessed word"
          value={guessText}
          onChange={setGuessText}
          monospace
          error={guess && !guess.ok ? guess.error.message : null}
        />
        <button
          type="button"
          className="button button--ghost"
          disabled={!xor}
          onClick={() => xor && setAuto(autoDrag(xor))}
        >
          Drag common words for me
        </button>
      </div>
      {hits.length > 0 && (
        <div className="encryption__strip" aria-hidden="true">
          {hits.map((hit) => (
            <span
              key={hit.position}
              className={`encryption__cell${hit.score >= LIKELY_SCORE ? ' is-likely' : hit.readable ? ' is-readable' : ''}`}
              title={`${hit.position}: ${bytesToUtf8(hit.revealed)}`}
            >
              {hit.position}
            </span>
          ))}
        </div>
      )}
      {guess?.ok && (
        <HitTable
          id="enc-crib-hits"
          label={`Where “${guessText}” gives readable text`}
          rows={bestHits.map((h) => ({
            crib: guessText,
            position: h.position,
            revealed: bytesToUtf8(h.revealed),
            score: h.score,
          }))}
          total={hits.filter((h) => h.readable).length}
          positions={hits.length}
          onPlace={place}
        />
      )}
      {auto && (
        <HitTable
          label="Common words that give English-looking text"
          rows={auto}
          showCrib
          onPlace={place}
        />
      )}

      <h3 id="enc-recovered-heading">What the attacker has recovered</h3>
      {placements && !placements.ok && (
        <p role="alert" className="field__error">
          {placements.error.message}
        </p>
      )}
      {recovery && (
        <div className="encryption__recovered" aria-live="polite">
          <p>
            <span className="encryption__label">Message A</span>{' '}
            <code aria-label="Recovered message A">{recoveredText(recovery.a)}</code>
          </p>
          <p>
            <span className="encryption__label">Message B</span>{' '}
            <code aria-label="Recovered message B">{recoveredText(recovery.b)}</code>
          </p>
          <p className="field__hint">
            {recovery.known} of {recovery.length} bytes known in each message.
          </p>
        </div>
      )}
      {placed.length > 0 && (
        <ul className="encryption__placed" aria-label="Placed guesses">
          {placed.map((p, i) => (
            <li key={i}>
              <code>{p.text}</code> at {p.position} in message {p.side.toUpperCase()}{' '}
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() => remove(i)}
                aria-label={`Remove “${p.text}” at ${p.position}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <button
          type="button"
          className="button button--ghost"
          disabled={!recovery || recovery.known === 0}
          onClick={checkNow}
        >
          Check with the sender (teaching only)
        </button>
        {placed.length > 0 && (
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              forgetCheck();
              setCribsText('');
            }}
          >
            Clear the guesses
          </button>
        )}
      </div>
      <div id="enc-check" aria-live="polite">
        <JobError state={checking.state} />
        {check && <CheckVerdict check={check} />}
      </div>
    </section>
  );
}

function HitTable({
  id,
  label,
  rows,
  showCrib = false,
  total,
  positions,
  onPlace,
}: {
  id?: string;
  label: string;
  rows: readonly AutoHit[];
  showCrib?: boolean;
  total?: number;
  positions?: number;
  onPlace: (side: Side, position: number, text: string) => void;
}) {
  return (
    <div id={id}>
      {total !== undefined && (
        <p className="field__hint">
          Readable at {total} of {positions} positions; the most English-looking first.
        </p>
      )}
      {rows.length === 0 ? (
        <p>No position gives readable text.</p>
      ) : (
        <TableScroll label={label} className="encryption__hits">
          <table>
            <caption className="encryption__caption">{label}</caption>
            <thead>
              <tr>
                {showCrib && <th scope="col">Word</th>}
                <th scope="col">Position</th>
                <th scope="col">The other message reads</th>
                <th scope="col">Place the word in</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={`${row.crib}@${row.position}`}
                  className={row.score >= LIKELY_SCORE ? 'is-likely' : undefined}
                >
                  {showCrib && (
                    <td>
                      <code>{row.crib}</code>
                    </td>
                  )}
                  <th scope="row">{row.position}</th>
                  <td>
                    <code>{row.revealed}</code>
                  </td>
                  <td>
                    {(['a', 'b'] as const).map((side) => (
                      <button
                        key={side}
                        type="button"
                        className="button button--small"
                        aria-label={`Place “${row.crib}” at ${row.position} in message ${side.toUpperCase()}`}
                        onClick={() => onPlace(side, row.position, row.crib)}
                      >
                        {side.toUpperCase()}
                      </button>
                    ))}
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

function CheckVerdict({ check }: { check: { a: RecoveryCheck; b: RecoveryCheck } }) {
  const both = check.a.exact && check.b.exact;
  return (
    <Callout tone={both ? 'danger' : 'note'} title={both ? 'Both messages recovered' : 'Checked'}>
      <p>
        {both ? <Verdict ok={false} yes="" no="Recovered" /> : null}{' '}
        {(['a', 'b'] as const).map((side) => {
          const c = check[side];
          return (
            <span key={side}>
              Message {side.toUpperCase()}: {c.correct} of {c.length} bytes right
              {c.known > c.correct ? ` (${c.known - c.correct} wrong)` : ''}.{' '}
            </span>
          );
        })}
        {both && 'Without the key: one reused nonce and a few good guesses were enough.'}
      </p>
    </Callout>
  );
}
