/** The hashes and integrity lab: hash text or a file, check an expected hash, and watch collisions. */
import { useEffect, useMemo, useState } from 'react';
import { parseBytes, type ByteEncoding } from '../../core/bytes';
import { WorkerStopped } from '../../platform/worker-protocol';
import { Callout, Verdict } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { CopyButton } from '../../ui/CopyButton';
import { FileDrop } from '../../ui/FileDrop';
import { TextField } from '../../ui/Field';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatBytesCount, formatDuration, formatRate } from '../../ui/format';
import { useLabChoice, useLabParam, useLabResults } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import {
  HASH_ALGORITHMS,
  HASH_ALGORITHM_IDS,
  getAlgorithm,
  parseAlgorithmList,
} from './core/algorithms';
import { CROSS_CHECK_LIMIT, type HashProgress, type HashStreamResult } from './core/hash-stream';
import { checkExpected, parseExpectedDigest } from './core/expected';
import type { HashesApi } from './hashes.worker';
import { CollisionsSection } from './CollisionsSection';
import { SpeedSection } from './SpeedSection';
import { TableScroll } from '../../ui/TableScroll';

const INPUT_MODES = ['text', 'hex', 'base64', 'file'] as const;
type InputMode = (typeof INPUT_MODES)[number];

type Run =
  | { state: 'idle' }
  | { state: 'running'; progress: HashProgress | null; fileName?: string }
  | { state: 'done'; result: HashStreamResult; source: string; crossChecked: boolean }
  | { state: 'failed'; message: string };

export default function HashesPanel() {
  const [mode, setMode] = useLabChoice<InputMode>('mode', INPUT_MODES, 'text');
  const [input, setInput] = useLabParam('input', 'The quick brown fox jumps over the lazy dog');
  const [expected, setExpected] = useLabParam('expected', '');
  const [algorithmParam, setAlgorithmParam] = useLabParam('algs', HASH_ALGORITHM_IDS.join(','));
  const algorithms = useMemo(() => parseAlgorithmList(algorithmParam), [algorithmParam]);
  const [file, setFile] = useState<File | null>(null);
  const [latestRun, setRun] = useState<Run>({ state: 'idle' });
  const worker = useWorker<HashesApi>(
    () => new Worker(new URL('./hashes.worker.ts', import.meta.url), { type: 'module' }),
  );

  const parsed = useMemo(
    () => (mode === 'file' ? null : parseBytes(input, mode as ByteEncoding)),
    [mode, input],
  );
  // Input that does not parse has no digests: those of an earlier input must not stay on screen.
  const unparsed = parsed && !parsed.ok ? parsed.error.message : null;
  const run = useMemo<Run>(
    () => (unparsed === null ? latestRun : { state: 'idle' }),
    [unparsed, latestRun],
  );

  // Typed input: hash shortly after the user stops typing; a newer input cancels an older run.
  useEffect(() => {
    if (mode === 'file' || !parsed?.ok || algorithms.length === 0) return;
    let current = true;
    const bytes = parsed.value;
    const timer = window.setTimeout(() => {
      worker
        .call('hash-bytes', { bytes, algorithms })
        .then(
          (result) =>
            current &&
            setRun({
              state: 'done',
              result,
              source: `${formatBytesCount(bytes.length)} of input`,
              crossChecked: true,
            }),
        )
        .catch(
          (error: Error) =>
            current &&
            !(error instanceof WorkerStopped) &&
            setRun({ state: 'failed', message: error.message }),
        );
    }, 120);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [mode, parsed, worker, algorithms]);

  useEffect(() => {
    if (mode !== 'file' || !file || algorithms.length === 0) return;
    let current = true;
    setRun({ state: 'running', progress: null, fileName: file.name });
    worker
      .call(
        'hash-file',
        { file, algorithms },
        (progress) => current && setRun({ state: 'running', progress, fileName: file.name }),
      )
      .then(
        (result) =>
          current &&
          setRun({
            state: 'done',
            result,
            source: `${file.name} (${formatBytesCount(file.size)})`,
            crossChecked: file.size <= CROSS_CHECK_LIMIT,
          }),
      )
      .catch((error: Error) => {
        if (!current) return;
        setRun(
          error instanceof WorkerStopped
            ? { state: 'idle' }
            : { state: 'failed', message: `Could not read the file: ${error.message}` },
        );
      });
    return () => {
      current = false;
      worker.stop();
    };
  }, [mode, file, worker, algorithms]);

  const expectedCheck = useMemo(() => {
    if (expected.trim() === '') return null;
    const digest = parseExpectedDigest(expected);
    if (!digest.ok) return { kind: 'error', message: digest.error.message } as const;
    if (run.state !== 'done') return null;
    return {
      kind: 'result',
      match: checkExpected(digest.value, run.result.rows),
      length: digest.value.length,
    } as const;
  }, [expected, run]);

  const exported = useMemo(
    () =>
      run.state === 'done'
        ? {
            source: run.source,
            bytes: run.result.bytes,
            elapsedMs: run.result.elapsedMs,
            digests: run.result.rows,
            expected: expectedCheck?.kind === 'result' ? expectedCheck.match : null,
          }
        : null,
    [run, expectedCheck],
  );
  useLabResults(exported);

  return (
    <article className="lab">
      <h1>Hashes and integrity</h1>
      <p className="panel-intro">
        A hash turns any input into a short fingerprint. Change one bit of the input and the
        fingerprint changes completely. That makes it good for spotting corruption or tampering —
        with one condition.
      </p>
      <Callout tone="warning" title="Where did you get the expected hash?">
        A hash proves integrity only if you got the expected value from somewhere the attacker
        cannot change. If the file and its checksum come from the same page, whoever can replace the
        file can replace the checksum too.
      </Callout>

      <section className="card" aria-labelledby="hash-input-heading">
        <h2 id="hash-input-heading">Input</h2>
        <div className="stack">
          <Choice
            label="Input is"
            value={mode}
            onChange={(next) => {
              setMode(next);
              setRun({ state: 'idle' });
            }}
            options={[
              { value: 'text', label: 'Text' },
              { value: 'hex', label: 'Hex' },
              { value: 'base64', label: 'Base64' },
              { value: 'file', label: 'File' },
            ]}
          />
          <fieldset className="checks">
            <legend>Algorithms</legend>
            {HASH_ALGORITHMS.map((algorithm) => (
              <label key={algorithm.id}>
                <input
                  type="checkbox"
                  checked={algorithms.includes(algorithm.id)}
                  onChange={(event) =>
                    setAlgorithmParam(
                      HASH_ALGORITHM_IDS.filter((id) =>
                        id === algorithm.id ? event.target.checked : algorithms.includes(id),
                      ).join(','),
                    )
                  }
                />{' '}
                {algorithm.label}
              </label>
            ))}
            {algorithms.length === 0 && (
              <p className="field__error" role="alert">
                Choose at least one algorithm.
              </p>
            )}
          </fieldset>
          {mode === 'file' ? (
            <>
              <FileDrop
                label="Choose a file to hash"
                onFile={setFile}
                hint="or drop one here. It is read in 4 MB chunks inside a worker, so even a multi-gigabyte file is fine; it never leaves this page."
              />
              {run.state === 'running' && (
                <div className="row">
                  <div style={{ flex: '1 1 20rem' }}>
                    <ProgressBar
                      label={`Hashing ${run.fileName ?? 'file'}`}
                      value={run.progress?.bytesDone ?? 0}
                      max={run.progress?.totalBytes ?? 1}
                      detail={
                        run.progress
                          ? `${formatBytesCount(run.progress.bytesDone)} of ${formatBytesCount(run.progress.totalBytes)} at ${formatRate(run.progress.throughput)}`
                          : 'starting'
                      }
                    />
                  </div>
                  <button
                    type="button"
                    className="button button--ghost"
                    onClick={() => worker.stop()}
                  >
                    Cancel
                  </button>
                </div>
              )}
            </>
          ) : (
            <TextField
              label={
                mode === 'text'
                  ? 'Text to hash (UTF-8)'
                  : mode === 'hex'
                    ? 'Hex bytes to hash'
                    : 'Base64 bytes to hash'
              }
              value={input}
              onChange={setInput}
              multiline
              monospace={mode !== 'text'}
              error={parsed && !parsed.ok ? parsed.error.message : null}
            />
          )}
        </div>
      </section>

      <section className="card" aria-labelledby="digests-heading">
        <h2 id="digests-heading">Digests</h2>
        {run.state === 'failed' && (
          <p role="alert" className="field__error">
            {run.message}
          </p>
        )}
        {run.state === 'done' ? (
          <>
            <p className="field__hint">
              {run.source} hashed with{' '}
              {run.result.rows.length === 1
                ? 'one algorithm'
                : `${run.result.rows.length} algorithms`}{' '}
              in {formatDuration(run.result.elapsedMs)}
              {run.result.bytes > 1_000_000 ? ` (${formatRate(run.result.throughput)})` : ''}.
            </p>
            <TableScroll label="Digests">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Algorithm</th>
                    <th scope="col">Digest (hex)</th>
                    <th scope="col">Web Crypto</th>
                  </tr>
                </thead>
                <tbody>
                  {run.result.rows.map((row) => {
                    const algorithm = getAlgorithm(row.algorithm);
                    return (
                      <tr key={row.algorithm}>
                        <th scope="row">
                          {algorithm.label}
                          <div className={`field__hint ${algorithm.broken ? 'text-bad' : ''}`}>
                            {algorithm.status}
                          </div>
                        </th>
                        <td>
                          <span className="digest" aria-label={`${algorithm.label} digest`}>
                            {row.hex}
                          </span>{' '}
                          <CopyButton value={row.hex} label={`Copy ${algorithm.label}`} />
                        </td>
                        <td>
                          {row.webCryptoAgrees === null ? (
                            <span className="field__hint">
                              {algorithm.webCrypto
                                ? 'not checked (file above 64 MB)'
                                : 'not in Web Crypto'}
                            </span>
                          ) : (
                            <Verdict ok={row.webCryptoAgrees} yes="agrees" no="differs" />
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
            {!run.crossChecked && (
              <p className="field__hint">
                Web Crypto can only hash a whole buffer at once, so files above{' '}
                {formatBytesCount(CROSS_CHECK_LIMIT)} are hashed by @noble/hashes alone (its output
                is checked against Node's crypto in the test suite).
              </p>
            )}
          </>
        ) : run.state !== 'failed' ? (
          <p className="field__hint">
            {unparsed !== null
              ? `Nothing hashed: the ${mode === 'hex' ? 'hex' : 'base64'} above is not valid. ${unparsed}`
              : run.state === 'running'
                ? 'Hashing…'
                : mode === 'file'
                  ? 'Choose a file above.'
                  : 'Hashing…'}
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="expected-heading">
        <h2 id="expected-heading">Compare with an expected hash</h2>
        <TextField
          label="Expected hash"
          value={expected}
          onChange={setExpected}
          monospace
          placeholder="hex digest, sha256sum output, or sha256-… (SRI)"
          error={expectedCheck?.kind === 'error' ? expectedCheck.message : null}
          hint="Compared in constant time (every byte is looked at, whatever matches), as hmac.compare_digest and crypto.timingSafeEqual do."
        />
        {expectedCheck?.kind === 'result' && (
          <div className="stack" aria-live="polite">
            {expectedCheck.match.matches.length > 0 ? (
              <p>
                <Verdict ok yes="Match" no="" /> The input’s{' '}
                {expectedCheck.match.matches.map((id) => getAlgorithm(id).label).join(' and ')}{' '}
                digest equals the expected hash.
              </p>
            ) : (
              <p>
                <Verdict ok={false} yes="" no="No match" />{' '}
                {expectedCheck.match.sameLength.length > 0
                  ? `None of the ${expectedCheck.match.sameLength.map((id) => getAlgorithm(id).label).join(', ')} digests equals it: the input is not what was published, or the expected hash is for something else.`
                  : `No algorithm here makes a ${expectedCheck.length}-byte digest.`}
              </p>
            )}
          </div>
        )}
      </section>

      <CollisionsSection />
      <SpeedSection />
    </article>
  );
}
