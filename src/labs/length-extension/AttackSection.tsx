/**
 * The attacker's cards: the extension and the secret lengths to try, each try as the server
 * answered it, the accepted forgery laid out byte by byte, and a step-through of how it was made.
 * Everything shown comes from the worker's attack; this file only lays it out.
 */
import { useMemo } from 'react';
import {
  BYTE_ENCODINGS,
  BYTE_ENCODING_LABELS,
  bytesToCEscaped,
  bytesToHex,
  type ByteEncoding,
} from '../../core/bytes';
import type { Result } from '../../core/result';
import { ByteMap } from '../../ui/ByteMap';
import { Callout, Verdict } from '../../ui/Callout';
import { FORMAT_CHECK_LABELS } from './core/format-check';
import { Choice } from '../../ui/Choice';
import { CopyButton } from '../../ui/CopyButton';
import { TextField } from '../../ui/Field';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatDuration } from '../../ui/format';
import type { ParamValue } from '../../ui/lab-contract';
import type { JobState } from '../../ui/use-worker-job';
import type { AttackAttempt } from './core/attack';
import { guessAlgorithmFromTagLength, layoutForgery, type Forgery } from './core/forge';
import { ENGINES } from './core/merkle-damgard';
import { getPreset } from './core/presets';
import type { LENGTH_EXTENSION } from './lab';
import type { AttackBatch, AttackResult, VictimInfo } from './length-extension.worker';
import { ForgeryScript } from './ForgeryScript';
import { StepThrough } from './StepThrough';
import { JobButtons, JobError } from '../../ui/JobControls';

type Pace = ParamValue<(typeof LENGTH_EXTENSION)['params']['pace']>;
export const NETWORK_DELAY_MS = 25;
/** More tries than this are summarised rather than listed. */
const ATTEMPTS_SHOWN = 256;

/** The attack's progress: every try so far (batches from the worker, joined). */
export type AttackTries = AttackBatch;

export interface AttackInputs {
  append: string;
  setAppend: (text: string) => void;
  appendAs: ByteEncoding;
  setAppendAs: (encoding: ByteEncoding) => void;
  appendBytes: Result<Uint8Array>;
  tryMin: string;
  setTryMin: (text: string) => void;
  tryMax: string;
  setTryMax: (text: string) => void;
  range: Result<{ min: number; max: number }>;
  pace: Pace;
  setPace: (pace: Pace) => void;
}

export function AttackSection({
  info,
  inputs,
  attack,
  canForge,
  onForge,
  onCancel,
  revealed,
  onReveal,
}: {
  /** The server as it is now (the attacker sees its message and tag). */
  info: VictimInfo | null;
  inputs: AttackInputs;
  attack: JobState<AttackResult, AttackTries>;
  canForge: boolean;
  onForge: () => void;
  onCancel: () => void;
  revealed: { secretLength: number; secret: Uint8Array } | null;
  onReveal: () => void;
}) {
  const guess = info ? guessAlgorithmFromTagLength(info.tag.length) : null;
  const result = attack.status === 'done' ? attack.value : null;
  const shownForgery: Forgery | null = result ? (result.accepted ?? result.last) : null;
  const layout = useMemo(() => (shownForgery ? layoutForgery(shownForgery) : null), [shownForgery]);
  const running = attack.status === 'running';
  const tries = attack.status === 'running' ? attack.progress : null;
  const { appendBytes, range } = inputs;

  return (
    <>
      <section className="card" aria-labelledby="le-attack-heading">
        <h2 id="le-attack-heading">The attack</h2>
        <p>
          The attacker has the message and its tag, nothing else.
          {info &&
            guess?.ok &&
            ` A ${info.tag.length}-byte tag suggests ${ENGINES[guess.value].label}, so it hashes on from the tag with ${ENGINES[guess.value].label}.`}{' '}
          Not knowing the secret’s length, it forges once per length and asks the server each time.
        </p>
        <div className="stack">
          <div className="row">
            <TextField
              label="Data to append"
              value={inputs.append}
              onChange={inputs.setAppend}
              monospace={inputs.appendAs !== 'text'}
              error={appendBytes.ok ? null : appendBytes.error.message}
            />
            <Choice
              label="Append is"
              value={inputs.appendAs}
              onChange={inputs.setAppendAs}
              options={BYTE_ENCODINGS.map((value) => ({
                value,
                label: BYTE_ENCODING_LABELS[value].replace(' (UTF-8)', ''),
              }))}
            />
          </div>
          <div className="row">
            <TextField
              label="Try secret lengths from"
              value={inputs.tryMin}
              onChange={inputs.setTryMin}
              error={range.ok ? null : range.error.message}
            />
            <TextField label="to" value={inputs.tryMax} onChange={inputs.setTryMax} />
            <Choice
              label="Each request takes"
              value={inputs.pace}
              onChange={inputs.setPace}
              options={[
                { value: 'instant', label: 'No time' },
                { value: 'network', label: `${NETWORK_DELAY_MS} ms (like a network)` },
              ]}
            />
          </div>
          <div className="row">
            <JobButtons
              job={{ state: attack, cancel: onCancel }}
              label="Forge"
              cancelLabel="Cancel"
              onStart={onForge}
              disabled={!canForge}
              primary={false}
            />
          </div>
        </div>

        {running && (
          <ProgressBar
            label="Trying secret lengths"
            value={tries?.done ?? 0}
            max={tries?.total ?? 1}
            detail={`${tries?.done ?? 0} of ${tries?.total ?? '…'} lengths tried`}
          />
        )}
        {attack.status === 'cancelled' && (
          <p className="field__hint" role="status">
            Stopped. The server restarted with a new secret (stopping the worker ends the server
            too).
          </p>
        )}
        <JobError state={attack} />
        {result && (
          <div id="le-verdict">
            <AttackVerdict result={result} />
          </div>
        )}
        {(running || result) && (
          <Attempts attempts={result ? result.attempts : (tries?.attempts ?? [])} />
        )}

        {shownForgery && layout && (
          <div className="stack">
            <ByteMap
              id="le-forgery-map"
              caption={`What the server hashes to check the forgery (secret length ${shownForgery.secretLength})`}
              bytes={layout.bytes}
              regions={layout.spans}
              blockSize={layout.blockSize}
            />
            <p>
              Sent as the message (C escapes):{' '}
              <code className="length-extension__message">
                {bytesToCEscaped(shownForgery.forgedMessage)}
              </code>{' '}
              <CopyButton value={bytesToHex(shownForgery.forgedMessage)} label="Copy as hex" />
            </p>
            <p>
              Forged tag: <span className="digest">{bytesToHex(shownForgery.forgedTag)}</span>
            </p>
            {result && <ForgeryScript forgery={shownForgery} triedFrom={result.attempts[0]} />}
            {revealed ? (
              <p role="status">
                Revealed for teaching (the attacker never had it): the secret was{' '}
                {revealed.secretLength} bytes,{' '}
                <span className="digest">{bytesToHex(revealed.secret)}</span>.
              </p>
            ) : (
              <div>
                <button type="button" className="button button--ghost" onClick={onReveal}>
                  Reveal the secret (teaching only)
                </button>
              </div>
            )}
          </div>
        )}
      </section>

      {shownForgery && result?.trace && (
        <section className="card" aria-labelledby="le-steps-heading">
          <h2 id="le-steps-heading">Step through the forgery</h2>
          <StepThrough
            key={`${bytesToHex(shownForgery.forgedTag)}-${shownForgery.secretLength}`}
            trace={result.trace}
          />
        </section>
      )}
    </>
  );
}

function AttackVerdict({ result }: { result: AttackResult }) {
  const tried = result.attempts.length;
  const info = result.victim;
  if (result.accepted) {
    return (
      <Callout tone="danger" title="Forgery accepted">
        <p>
          <Verdict ok={false} yes="" no="Accepted" /> The server accepted a message it never signed,
          on try {tried} of {result.total} (secret length {result.accepted.secretLength}), in{' '}
          {formatDuration(result.elapsedMs)}.
          {result.reading && result.reading.decisive !== null && (
            <>
              {' '}
              It now acts on{' '}
              <code>
                {getPreset(info.preset).field}={result.reading.decisive}
              </code>
              .
            </>
          )}
        </p>
        {result.dropped.length > 0 && (
          <p>
            The server checks each field and dropped{' '}
            {result.dropped.map((f) => (
              <code key={f.key + f.value}>
                {f.key}={f.value}
              </code>
            ))}{' '}
            as malformed, glue and all, then read the field that came after it. A format check is
            not a MAC: the fix is still HMAC.
          </p>
        )}
      </Callout>
    );
  }
  if (result.refusal) {
    return (
      <Callout tone="warning" title="Refused by the format check, not by the signature">
        <p>
          <Verdict ok yes="Refused" no="" /> A forgery with the right tag arrived (the server’s own
          hash agreed), and the server refused it anyway: {result.refusal.reason} This server’s
          strictness happens to stop this forgery; it is a property of its parser, not of its
          signature. Switch the format check to “{FORMAT_CHECK_LABELS['per-field']}” and attack
          again: a parser that drops what it cannot read lets the same forgery through.
        </p>
      </Callout>
    );
  }
  if (info.scheme === 'hmac-sha256') {
    return (
      <Callout tone="success" title="Forgery rejected">
        <p>
          <Verdict ok yes="Rejected" no="" /> All {tried} tries were rejected. HMAC computes{' '}
          <code>H(K ⊕ opad ‖ H(K ⊕ ipad ‖ message))</code>: the tag is the output of an outer hash
          that starts with the key again. Extending it would hash more data after the inner digest,
          which the server never does; the inner hash’s state is never shown. Use{' '}
          <code>hmac.new(key, msg, 'sha256')</code>, <code>crypto.createHmac</code> or Web Crypto’s
          HMAC, and compare with <code>hmac.compare_digest</code> or{' '}
          <code>crypto.timingSafeEqual</code>.
        </p>
      </Callout>
    );
  }
  return (
    <Callout tone="warning" title="No length fitted">
      <p>
        <Verdict ok yes="Rejected" no="" /> All {tried} tries were rejected: the secret’s length is
        outside the range tried. Widen the range.
      </p>
    </Callout>
  );
}

function Attempts({ attempts }: { attempts: readonly AttackAttempt[] }) {
  const shown = attempts.length > ATTEMPTS_SHOWN ? attempts.slice(-ATTEMPTS_SHOWN) : attempts;
  const accepted = attempts.filter((a) => a.accepted).length;
  return (
    <details className="length-extension__attempts" open>
      <summary>
        Each try: {attempts.length} sent, {accepted} accepted
      </summary>
      {attempts.length > shown.length && (
        <p className="field__hint">Showing the last {shown.length}.</p>
      )}
      <div
        className="table-scroll length-extension__attempts-table"
        tabIndex={0}
        role="region"
        aria-label="Tries, one row per secret length"
      >
        <table>
          <thead>
            <tr>
              <th scope="col">Secret length</th>
              <th scope="col">Forged tag</th>
              <th scope="col">Server says</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((attempt) => (
              <AttemptRow key={attempt.secretLength} attempt={attempt} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="field__hint">
        Why forged tags repeat from one length to the next: a forged tag depends only on the
        server’s tag, the appended data and the total length hashed, which counts whole blocks;
        neighbouring secret lengths fill the same number of blocks, so they get the same tag. What
        differs is the glue padding in the forged message (its length field), so only the try with
        the right length verifies.
      </p>
    </details>
  );
}

/** One try; the accepted one has an id, so a guided step can bring it into view. */
function AttemptRow({ attempt }: { attempt: AttackAttempt }) {
  const cells = (
    <>
      <th scope="row">{attempt.secretLength}</th>
      <td className="digest">{attempt.forgedTagHex}</td>
      <td>
        {attempt.accepted ? (
          <Verdict ok={false} yes="" no="accepted" />
        ) : (
          <Verdict ok yes="rejected" no="" />
        )}
      </td>
    </>
  );
  return attempt.accepted ? <tr id="le-accepted-try">{cells}</tr> : <tr>{cells}</tr>;
}
