/** Paste or drop a pickle and see, without running it, what loading it would do. */
import { useContext, useEffect, useMemo, useState } from 'react';
import { bytesToBase64, parseBytes, parseHex } from '../../core/bytes';
import { expectOk } from '../../core/result';
import { Callout, Verdict } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { TextField } from '../../ui/Field';
import { FileDrop } from '../../ui/FileDrop';
import { formatBytesCount } from '../../ui/format';
import { JobError, JobProgress } from '../../ui/JobControls';
import { LabContext, useLabChoice, useLabParam } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import { useWorkerJob } from '../../ui/use-worker-job';
import type { Inspection } from './core/pickle/inspect';
import { FollowingPickles } from './FollowingPickles';
import { PickleReads } from './PickleReads';
import { RealPython } from './RealPython';
import { SAMPLE_PICKLES, findSample } from './core/pickle/samples';
import type { UntrustedDataApi } from './untrusted-data.worker';
import { TableScroll } from '../../ui/TableScroll';
import { UNTRUSTED_DATA } from './lab';

const sampleBase64 = (id: string) => bytesToBase64(expectOk(parseHex(findSample(id)!.hex)));

/** Typed input is capped (it lives in the address too); files can be much bigger. */
const MAX_TYPED = 1024 * 1024;
const MAX_FILE = 16 * 1024 * 1024;
const PAGE = 500;
/** Typing in the input inspects again this long after the user stops. */
const TYPING_PAUSE_MS = 120;

/**
 * An inspection, tagged with the input it was for (the parsed bytes or the file): only the one
 * for the input on screen is shown, so a new input never leaves the last verdict behind.
 */
interface Inspected {
  input: unknown;
  inspection: Inspection;
  source: string;
}

export function PickleInspector() {
  const { setParams } = useContext(LabContext);
  const [mode, setMode] = useLabChoice(UNTRUSTED_DATA, 'as');
  const [input, setInput] = useLabParam(UNTRUSTED_DATA, 'pickle');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [limit, setLimit] = useState(PAGE);
  const worker = useWorker<UntrustedDataApi>(
    () => new Worker(new URL('./untrusted-data.worker.ts', import.meta.url), { type: 'module' }),
  );
  // Typed bytes wait for a pause in the typing; a file is read at once, with its progress, and a
  // new file (or "Show more") terminates the read in flight.
  const typed = useWorkerJob<Inspected>(worker, { debounceMs: TYPING_PAUSE_MS });
  const reading = useWorkerJob<Inspected, number>(worker, { stopOnRestart: true });

  const parsed = useMemo(() => {
    if (mode === 'file') return null;
    const bytes = parseBytes(input, mode);
    if (bytes.ok && bytes.value.length > MAX_TYPED)
      return {
        ok: false as const,
        error: {
          code: 'pickle/too-long',
          message: 'Paste at most 1 MB here; drop a file for more.',
        },
      };
    if (bytes.ok && bytes.value.length === 0)
      return { ok: false as const, error: { code: 'pickle/empty', message: 'Paste a pickle.' } };
    return bytes;
  }, [mode, input]);

  const { start: inspectBytes, reset: resetTyped } = typed;
  useEffect(() => {
    if (mode === 'file' || !parsed?.ok) {
      resetTyped();
      return;
    }
    const bytes = parsed.value;
    inspectBytes(async () => ({
      input: parsed,
      inspection: await worker.call('inspect-bytes', { bytes, limit }),
      source: `${formatBytesCount(bytes.length)} pasted`,
    }));
  }, [mode, parsed, limit, worker, inspectBytes, resetTyped]);

  const { start: readFile, cancel: stopReading } = reading;
  useEffect(() => {
    if (mode !== 'file' || !file) {
      stopReading();
      return;
    }
    readFile(async (progress) => ({
      input: file,
      inspection: await worker.call('inspect-file', { file, limit }, ({ fraction }) =>
        progress(fraction),
      ),
      source: `${file.name} (${formatBytesCount(file.size)})`,
    }));
  }, [mode, file, limit, worker, readFile, stopReading]);

  const chooseFile = (chosen: File) => {
    if (chosen.size > MAX_FILE) {
      setFileError(`${chosen.name} is ${formatBytesCount(chosen.size)}: the limit here is 16 MB.`);
      return;
    }
    setFileError(null);
    setLimit(PAGE);
    setFile(chosen);
    setMode('file');
  };

  const job = mode === 'file' ? reading : typed;
  const onScreen = mode === 'file' ? file : parsed;
  const shown =
    job.state.status === 'done' && job.state.value.input === onScreen ? job.state.value : null;
  const inspection = shown?.inspection ?? null;
  const scan = inspection?.scan;
  const bytesOnScreen = async () => {
    if (mode === 'file') {
      if (!file) throw new Error('Drop a file first.');
      return new Uint8Array(await file.arrayBuffer());
    }
    if (!parsed?.ok) throw new Error('Paste a pickle first.');
    return parsed.value;
  };

  return (
    <section
      className="card untrusted-data-section"
      aria-labelledby="inspect-heading"
      id="inspect"
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={(event) => {
        const dropped = event.dataTransfer.files[0];
        if (!dropped) return;
        event.preventDefault();
        chooseFile(dropped);
      }}
    >
      <h2 id="inspect-heading">Inspect a pickle without loading it</h2>
      <p>
        A pickle is a small program for a stack machine. Most of its instructions build values, but
        GLOBAL imports any function by name and REDUCE calls it: loading an untrusted pickle is
        running <code>eval()</code> on it. Below, the pickle is read instruction by instruction by a
        symbolic loader that records each import and call instead of making it.
      </p>
      <p className="field__hint">
        Ask it yourself: paste your own pickle (from <code>pickle.dumps</code>, or written opcode by
        opcode), or drop a <code>.pkl</code>, and see what it would run when loaded. The samples
        show you.
      </p>
      <div className="stack">
        <div className="row">
          <Choice
            label="Pickle as"
            value={mode}
            onChange={(next) => {
              setMode(next);
              setLimit(PAGE);
            }}
            options={[
              { value: 'base64', label: 'Base64' },
              { value: 'hex', label: 'Hex' },
              { value: 'file', label: 'File (.pkl)' },
            ]}
          />
        </div>
        <div className="untrusted-data-samples" role="group" aria-label="Sample pickles">
          <span className="field__hint">Samples (made by CPython):</span>
          {SAMPLE_PICKLES.map((sample) => (
            <button
              key={sample.id}
              type="button"
              className="button button--small"
              onClick={() => {
                setLimit(PAGE);
                setParams({ as: undefined, pickle: sampleBase64(sample.id) });
              }}
            >
              {sample.label}
            </button>
          ))}
        </div>
        {mode === 'file' ? (
          <>
            <FileDrop
              label="Choose a pickle file"
              onFile={chooseFile}
              hint="or drop a .pkl here. It is read inside a worker and never loaded or sent anywhere."
            />
            {fileError && (
              <p className="field__error" role="alert">
                {fileError}
              </p>
            )}
          </>
        ) : (
          <TextField
            label={mode === 'hex' ? 'Pickle bytes (hex)' : 'Pickle bytes (base64)'}
            value={input}
            onChange={(next) => {
              setLimit(PAGE);
              setInput(next);
            }}
            multiline
            rows={3}
            monospace
            error={parsed && !parsed.ok ? parsed.error.message : null}
            hint="Or drop a .pkl file anywhere on this card. Nothing is loaded, run or sent anywhere."
          />
        )}
      </div>

      <JobError
        state={job.state}
        explain={(message) => (mode === 'file' ? `Could not read the file: ${message}` : message)}
      />
      {mode === 'file' && file && reading.state.status === 'running' && (
        <div className="row">
          <div style={{ flex: '1 1 20rem' }}>
            <JobProgress
              state={reading.state}
              label={`Reading ${file.name}`}
              show={(fraction) => ({
                value: fraction ?? 0,
                max: 1,
                detail: 'opcode by opcode, in a worker',
              })}
            />
          </div>
          <button type="button" className="button button--ghost" onClick={reading.cancel}>
            Cancel
          </button>
        </div>
      )}
      {inspection && scan && (
        <div className="stack" aria-live="polite">
          <div className="stack" id="pickle-verdict">
            <div className="untrusted-data-verdict">
              <Verdict
                ok={scan.verdict === 'data' && !scan.error}
                yes={scan.headline}
                no={scan.headline}
              />
              <span className="field__hint">
                {shown?.source}: {inspection.totalOps} opcodes, protocol {scan.protocol}
              </span>
            </div>
            <Callout
              tone={
                scan.verdict === 'dangerous'
                  ? 'danger'
                  : scan.verdict === 'calls'
                    ? 'warning'
                    : scan.error
                      ? 'note'
                      : 'success'
              }
              title="What loading it would do"
            >
              {scan.summary.map((line) => (
                <p key={line}>{line}</p>
              ))}
            </Callout>
          </div>
          {scan.events.some((e) => e.kind !== 'note') && (
            <TableScroll label="Imports and calls">
              <table>
                <caption className="visually-hidden">Imports and calls, in order</caption>
                <thead>
                  <tr>
                    <th scope="col">Byte</th>
                    <th scope="col">What pickle.loads would do</th>
                    <th scope="col">Verdict</th>
                  </tr>
                </thead>
                <tbody>
                  {scan.events.map((e, i) =>
                    e.kind === 'note' ? null : (
                      <tr key={i}>
                        <td className="mono">{e.pos}</td>
                        <td>
                          {e.kind === 'call' ? 'call ' : 'import '}
                          <code>{e.kind === 'call' ? e.expr : e.name}</code>
                          {e.reason && <div className="field__hint">{e.reason}</div>}
                        </td>
                        <td>
                          {e.category === 'dangerous' ? (
                            <Verdict ok={false} yes="" no="dangerous" />
                          ) : e.category === 'constructor' ? (
                            <span className="field__hint">builds a value</span>
                          ) : e.kind === 'call' ? (
                            <span className="field__hint">calls code</span>
                          ) : (
                            <span className="field__hint">import only</span>
                          )}
                        </td>
                      </tr>
                    ),
                  )}
                </tbody>
              </table>
              {scan.eventsDropped > 0 && (
                <p className="field__hint">…and {scan.eventsDropped} more.</p>
              )}
            </TableScroll>
          )}
          <RealPython scan={scan} bytes={bytesOnScreen} />
          {scan.trailing > 0 && (
            <FollowingPickles
              trailing={scan.trailing}
              pickles={scan.memory.pickles.slice(1)}
              dropped={scan.memory.picklesDropped}
            />
          )}
          {inspection.reads && scan.streamPartsAt !== null && (
            <PickleReads reads={inspection.reads} partsAt={scan.streamPartsAt} />
          )}
          <h3>Opcodes, as pickletools.dis lists them</h3>
          {inspection.readError && (
            <p className="field__error" role="alert">
              Byte {inspection.readError.pos}: {inspection.readError.message}
            </p>
          )}
          <div
            className="table-scroll untrusted-data-ops"
            // Scrolls on its own, so it takes keyboard focus (arrow keys scroll it).
            tabIndex={0}
            role="region"
            aria-label="Opcode table"
          >
            <table>
              <thead>
                <tr>
                  <th scope="col">Pos</th>
                  <th scope="col">Opcode</th>
                  <th scope="col">Argument</th>
                  <th scope="col">Effect</th>
                </tr>
              </thead>
              <tbody>
                {inspection.rows.map((row) => (
                  <tr key={row.pos} className={row.danger ? 'untrusted-data-danger' : undefined}>
                    <td className="mono">{row.pos}</td>
                    <td className="mono" title={row.doc}>
                      {row.name}
                    </td>
                    <td className="mono untrusted-data-arg">{row.arg}</td>
                    <td>
                      {row.effect && (
                        <span>
                          {row.danger ? '⚠ ' : ''}
                          {row.effect}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {inspection.totalOps > inspection.rows.length && (
            <div className="row">
              <span className="field__hint">
                Showing {inspection.rows.length} of {inspection.totalOps} opcodes.
              </span>
              <button
                type="button"
                className="button button--small"
                onClick={() => setLimit((l) => l + PAGE * 4)}
              >
                Show more
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
