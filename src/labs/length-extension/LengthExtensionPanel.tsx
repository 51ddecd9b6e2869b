/**
 * The length-extension lab: a victim server in a worker signs with H(secret ‖ message); the
 * attacker, holding only the message and its tag, appends data and forges a tag the server
 * accepts; HMAC and per-use keys then stop it. The panel displays what the worker and core return.
 */
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import {
  BYTE_ENCODINGS,
  BYTE_ENCODING_LABELS,
  bytesToCEscaped,
  bytesToHex,
  bytesToUtf8,
  parseBytes,
  type ByteEncoding,
} from '../../core/bytes';
import { ok, type Result } from '../../core/result';
import { WorkerStopped } from '../../platform/worker-protocol';
import { ByteMap } from '../../ui/ByteMap';
import { Callout, Verdict } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { CopyButton } from '../../ui/CopyButton';
import { TextField } from '../../ui/Field';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatDuration } from '../../ui/format';
import { LabContext, useLabAction, useLabChoice, useLabParam } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import type { AttackAttempt } from './core/attack';
import { guessAlgorithmFromTagLength, layoutForgery, type Forgery } from './core/forge';
import { ENGINES } from './core/merkle-damgard';
import { PRESETS, PRESET_IDS, getPreset, type PresetId } from './core/presets';
import type { ResistRow } from './core/resists';
import { parseRange } from './core/tool';
import {
  HIDDEN_MAX,
  SCHEMES,
  SIGNING_SCHEMES,
  parseVictimSecretLength,
  type SigningScheme,
} from './core/victim';
import type { AttackResult, LengthExtensionApi, VictimInfo } from './length-extension.worker';
import { ForgeryScript } from './ForgeryScript';
import { ResistsList } from './ResistsSection';
import { SaltedKeysSection } from './SaltedKeysSection';
import { StepThrough } from './StepThrough';
import { ToolSection } from './ToolSection';

const SECRET_MODES = ['hidden', 'chosen'] as const;
const PACES = ['instant', 'network'] as const;
const NETWORK_DELAY_MS = 25;
/** More tries than this are summarised rather than listed. */
const ATTEMPTS_SHOWN = 256;

type VictimState =
  | { status: 'starting' }
  | { status: 'ready'; info: VictimInfo }
  | { status: 'failed'; message: string };

type AttackState =
  | { status: 'idle' }
  | { status: 'running'; attempts: AttackAttempt[]; done: number; total: number }
  | { status: 'done'; result: AttackResult; info: VictimInfo }
  | { status: 'stopped' }
  | { status: 'failed'; message: string };

type Side<T> =
  | { status: 'idle' | 'running' }
  | { status: 'done'; value: T }
  | { status: 'failed'; message: string };

export default function LengthExtensionPanel() {
  const worker = useWorker<LengthExtensionApi>(
    () => new Worker(new URL('./length-extension.worker.ts', import.meta.url), { type: 'module' }),
  );
  const { setParams } = useContext(LabContext);
  const [presetId, setPresetId] = useLabChoice<PresetId>('preset', PRESET_IDS, 'api');
  const preset = getPreset(presetId);
  const [scheme, setScheme] = useLabChoice<SigningScheme>('scheme', SIGNING_SCHEMES, 'md5');
  const [secretMode, setSecretMode] = useLabChoice('secret', SECRET_MODES, 'hidden');
  const [secretLengthText, setSecretLengthText] = useLabParam('secretLength', '16');
  const [append, setAppend] = useLabParam('append', preset.append);
  const [appendAs, setAppendAs] = useLabChoice<ByteEncoding>('appendAs', BYTE_ENCODINGS, 'text');
  const [tryMin, setTryMin] = useLabParam('tryMin', '1');
  const [tryMax, setTryMax] = useLabParam('tryMax', String(HIDDEN_MAX));
  const [pace, setPace] = useLabChoice('pace', PACES, 'instant');

  const secretLength = useMemo<Result<number | null>>(
    () => (secretMode === 'hidden' ? ok(null) : parseVictimSecretLength(secretLengthText)),
    [secretMode, secretLengthText],
  );
  const appendBytes = useMemo(() => parseBytes(append, appendAs), [append, appendAs]);
  const range = useMemo(() => parseRange(tryMin, tryMax), [tryMin, tryMax]);

  // ------------------------------------------------------------ the victim
  const [generation, setGeneration] = useState(0);
  const [victim, setVictim] = useState<VictimState>({ status: 'starting' });
  const [attack, setAttack] = useState<AttackState>({ status: 'idle' });
  const [revealed, setRevealed] = useState<{ secretLength: number; secret: Uint8Array } | null>(
    null,
  );
  const [resists, setResists] = useState<Side<ResistRow[]>>({ status: 'idle' });
  const started = useRef<{ key: string; promise: Promise<VictimInfo> } | null>(null);
  /** Bumped whenever the victim or the attack changes, so a late answer is dropped. */
  const epoch = useRef(0);

  const ensureVictim = useCallback((): Promise<VictimInfo> | null => {
    if (!secretLength.ok) return null;
    const settings = { scheme, preset: presetId, secretLength: secretLength.value };
    const key = `${JSON.stringify(settings)}#${generation}`;
    if (started.current?.key === key) return started.current.promise;
    const promise = worker.call('victim-start', settings);
    started.current = { key, promise };
    const mine = ++epoch.current;
    setVictim({ status: 'starting' });
    // A stopped run says why the server restarted; anything else belonged to the old server.
    setAttack((previous) => (previous.status === 'stopped' ? previous : { status: 'idle' }));
    setRevealed(null);
    setResists({ status: 'idle' });
    promise.then(
      (info) => started.current?.key === key && setVictim({ status: 'ready', info }),
      (error: Error) => {
        if (started.current?.key !== key) return;
        started.current = null;
        if (!(error instanceof WorkerStopped) && epoch.current === mine)
          setVictim({ status: 'failed', message: error.message });
      },
    );
    return promise;
  }, [worker, scheme, presetId, secretLength, generation]);

  useEffect(() => {
    ensureVictim();
  }, [ensureVictim]);

  const restartVictim = () => {
    started.current = null;
    setGeneration((g) => g + 1);
  };

  // ------------------------------------------------------------ the attack
  const attackSection = useRef<HTMLElement>(null);
  const forge = useCallback(async () => {
    if (!appendBytes.ok || !range.ok) return;
    const pending = ensureVictim();
    if (!pending) return;
    const mine = ++epoch.current;
    const total = range.value.max - range.value.min + 1;
    setAttack({ status: 'running', attempts: [], done: 0, total });
    setRevealed(null);
    try {
      const info = await pending;
      const result = await worker.call(
        'attack',
        {
          append: appendBytes.value,
          minSecretLength: range.value.min,
          maxSecretLength: range.value.max,
          delayMs: pace === 'network' ? NETWORK_DELAY_MS : 0,
        },
        (batch) =>
          epoch.current === mine &&
          setAttack((previous) =>
            previous.status === 'running'
              ? {
                  status: 'running',
                  attempts: [...previous.attempts, ...batch.attempts],
                  done: batch.done,
                  total: batch.total,
                }
              : previous,
          ),
      );
      if (epoch.current === mine) setAttack({ status: 'done', result, info });
    } catch (error) {
      if (epoch.current !== mine || error instanceof WorkerStopped) return;
      setAttack({ status: 'failed', message: (error as Error).message });
    }
  }, [appendBytes, range, ensureVictim, worker, pace]);

  const cancel = () => {
    epoch.current++;
    worker.stop();
    setAttack({ status: 'stopped' });
    restartVictim();
  };

  useLabAction('forge', () => {
    void forge();
    attackSection.current?.scrollIntoView({ block: 'start' });
  });

  const reveal = async () => {
    try {
      setRevealed(await worker.call('reveal', null));
    } catch {
      setRevealed(null);
    }
  };

  // ------------------------------------------------------------ the hashes that resist
  const resistsSection = useRef<HTMLElement>(null);
  const tryResists = useCallback(async () => {
    if (!appendBytes.ok) return;
    const pending = ensureVictim();
    if (!pending) return;
    const mine = epoch.current;
    setResists({ status: 'running' });
    try {
      await pending;
      const rows = await worker.call('resists', { append: appendBytes.value });
      if (epoch.current === mine) setResists({ status: 'done', value: rows });
    } catch (error) {
      if (error instanceof WorkerStopped || epoch.current !== mine) return;
      setResists({ status: 'failed', message: (error as Error).message });
    }
  }, [appendBytes, ensureVictim, worker]);
  useLabAction('resists', () => {
    void tryResists();
    resistsSection.current?.scrollIntoView({ block: 'start' });
  });

  const info = victim.status === 'ready' ? victim.info : null;
  const guess = info ? guessAlgorithmFromTagLength(info.tag.length) : null;
  const result = attack.status === 'done' ? attack.result : null;
  const shownForgery: Forgery | null = result ? (result.accepted ?? result.last) : null;
  const layout = useMemo(() => (shownForgery ? layoutForgery(shownForgery) : null), [shownForgery]);
  const running = attack.status === 'running';

  return (
    <article className="lab">
      <h1>Length extension and HMAC</h1>
      <p className="panel-intro">
        A server signs messages with <code>tag = hash(secret ‖ message)</code> and trusts any
        message whose tag checks out. With MD5, SHA-1, SHA-256 or SHA-512, anyone who sees one
        signed message can sign a longer one, without the secret. Here the server runs in a Web
        Worker with a real random secret; you only see what an attacker would.
      </p>

      <section className="card" aria-labelledby="le-victim-heading">
        <h2 id="le-victim-heading">The server</h2>
        <div className="stack">
          <Choice
            label="What it signs"
            value={presetId}
            onChange={(next) => {
              // A new preset brings its own suggested extension.
              setParams({ append: undefined });
              setPresetId(next);
            }}
            options={PRESETS.map((p) => ({ value: p.id, label: p.label }))}
          />
          <p className="field__hint">{preset.story}</p>
          <Choice
            label="Server signs with"
            value={scheme}
            onChange={setScheme}
            options={SIGNING_SCHEMES.map((id) => ({ value: id, label: SCHEMES[id].label }))}
          />
          <div className="row">
            <Choice
              label="Secret length"
              value={secretMode}
              onChange={setSecretMode}
              options={[
                { value: 'hidden', label: `Hidden (1–${HIDDEN_MAX} bytes)` },
                { value: 'chosen', label: 'Chosen' },
              ]}
            />
            {secretMode === 'chosen' && (
              <TextField
                label="Secret length in bytes"
                value={secretLengthText}
                onChange={setSecretLengthText}
                error={secretLength.ok ? null : secretLength.error.message}
              />
            )}
            <button type="button" className="button button--ghost" onClick={restartVictim}>
              Draw a new secret
            </button>
          </div>
        </div>
        {victim.status === 'failed' && (
          <p role="alert" className="field__error">
            {victim.message}
          </p>
        )}
        {info ? (
          <dl className="length-extension__facts" aria-live="polite">
            <dt>Signs with</dt>
            <dd>
              <code>tag = {SCHEMES[info.scheme].formula}</code>
            </dd>
            <dt>Secret</dt>
            <dd>
              {info.secretLength === null
                ? `1 to ${HIDDEN_MAX} bytes, length unknown: drawn with crypto.getRandomValues inside the worker, never sent to this page.`
                : `${info.secretLength} random bytes from crypto.getRandomValues, kept inside the worker.`}
            </dd>
            <dt>Signed message</dt>
            <dd>
              <code className="length-extension__message">{bytesToUtf8(info.message)}</code>
            </dd>
            <dt>Its tag</dt>
            <dd>
              <span className="digest" aria-label="Server's tag">
                {bytesToHex(info.tag)}
              </span>{' '}
              <CopyButton value={bytesToHex(info.tag)} label="Copy tag" />{' '}
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  setParams({
                    toolSig: bytesToHex(info.tag),
                    toolData: bytesToUtf8(info.message),
                    toolDataAs: undefined,
                    toolAppend: append,
                    toolAppendAs: appendAs,
                    toolAlg: undefined,
                    toolMin: tryMin,
                    toolMax: tryMax,
                  });
                  document.getElementById('le-tool-heading')?.scrollIntoView({ block: 'start' });
                }}
              >
                Send to tool mode
              </button>
            </dd>
          </dl>
        ) : (
          victim.status === 'starting' && <p className="field__hint">Starting the server…</p>
        )}
      </section>

      <section className="card" aria-labelledby="le-attack-heading" ref={attackSection}>
        <h2 id="le-attack-heading">The attack</h2>
        <p>
          The attacker has the message and its tag, nothing else.
          {guess?.ok &&
            ` A ${info!.tag.length}-byte tag suggests ${ENGINES[guess.value].label}, so it hashes on from the tag with ${ENGINES[guess.value].label}.`}{' '}
          Not knowing the secret’s length, it forges once per length and asks the server each time.
        </p>
        <div className="stack">
          <div className="row">
            <TextField
              label="Data to append"
              value={append}
              onChange={setAppend}
              monospace={appendAs !== 'text'}
              error={appendBytes.ok ? null : appendBytes.error.message}
            />
            <Choice
              label="Append is"
              value={appendAs}
              onChange={setAppendAs}
              options={BYTE_ENCODINGS.map((value) => ({
                value,
                label: BYTE_ENCODING_LABELS[value].replace(' (UTF-8)', ''),
              }))}
            />
          </div>
          <div className="row">
            <TextField
              label="Try secret lengths from"
              value={tryMin}
              onChange={setTryMin}
              error={range.ok ? null : range.error.message}
            />
            <TextField label="to" value={tryMax} onChange={setTryMax} />
            <Choice
              label="Each request takes"
              value={pace}
              onChange={setPace}
              options={[
                { value: 'instant', label: 'No time' },
                { value: 'network', label: `${NETWORK_DELAY_MS} ms (like a network)` },
              ]}
            />
          </div>
          <div className="row">
            <button
              type="button"
              className="button"
              disabled={running || !appendBytes.ok || !range.ok || !secretLength.ok}
              onClick={() => void forge()}
            >
              Forge
            </button>
            {running && (
              <button type="button" className="button button--ghost" onClick={cancel}>
                Cancel
              </button>
            )}
          </div>
        </div>

        {attack.status === 'running' && (
          <ProgressBar
            label="Trying secret lengths"
            value={attack.done}
            max={attack.total}
            detail={`${attack.done} of ${attack.total} lengths tried`}
          />
        )}
        {attack.status === 'stopped' && (
          <p className="field__hint" role="status">
            Stopped. The server restarted with a new secret (stopping the worker ends the server
            too).
          </p>
        )}
        {attack.status === 'failed' && (
          <p role="alert" className="field__error">
            {attack.message}
          </p>
        )}
        {attack.status === 'done' && <AttackVerdict result={attack.result} info={attack.info} />}
        {(attack.status === 'running' || attack.status === 'done') && (
          <Attempts
            attempts={attack.status === 'running' ? attack.attempts : attack.result.attempts}
          />
        )}

        {shownForgery && layout && (
          <div className="stack">
            <ByteMap
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
                <button
                  type="button"
                  className="button button--ghost"
                  onClick={() => void reveal()}
                >
                  Reveal the secret (teaching only)
                </button>
              </div>
            )}
          </div>
        )}
      </section>

      {shownForgery && (
        <section className="card" aria-labelledby="le-steps-heading">
          <h2 id="le-steps-heading">Step through the forgery</h2>
          <StepThrough
            key={`${bytesToHex(shownForgery.forgedTag)}-${shownForgery.secretLength}`}
            forgery={shownForgery}
          />
        </section>
      )}

      <section className="card" aria-labelledby="le-resists-heading" ref={resistsSection}>
        <h2 id="le-resists-heading">Hashes that resist it</h2>
        <p>
          The same server, keyed the same naive way, with hashes whose tag is not their whole state.
          The attacker does its best (it is even told the secret’s length) and the server checks
          each forgery.
        </p>
        <button
          type="button"
          className="button"
          disabled={resists.status === 'running' || !appendBytes.ok}
          onClick={() => void tryResists()}
        >
          Try SHA-3, BLAKE2 and truncated SHA-2
        </button>
        {resists.status === 'failed' && (
          <p role="alert" className="field__error">
            {resists.message}
          </p>
        )}
        {resists.status === 'done' && <ResistsList rows={resists.value} />}
        <p className="field__hint">
          Resisting length extension does not make H(secret ‖ message) a good MAC design: use HMAC
          (or KMAC for SHA-3, keyed BLAKE2), which are built and proven for it.
        </p>
      </section>

      <SaltedKeysSection worker={worker} />
      <ToolSection />
    </article>
  );
}

function AttackVerdict({ result, info }: { result: AttackResult; info: VictimInfo }) {
  const tried = result.attempts.length;
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
              <tr key={attempt.secretLength}>
                <th scope="row">{attempt.secretLength}</th>
                <td className="digest">{attempt.forgedTagHex}</td>
                <td>
                  {attempt.accepted ? (
                    <Verdict ok={false} yes="" no="accepted" />
                  ) : (
                    <Verdict ok yes="rejected" no="" />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
