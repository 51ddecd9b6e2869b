/**
 * Tool mode: hash_extender and HashPump in the page. Every input is parsed by core (each error
 * shown beside its field) and the forgeries come from core's forgeRange; the section only formats
 * what it is given.
 */
import { useMemo } from 'react';
import {
  BYTE_ENCODINGS,
  BYTE_ENCODING_LABELS,
  parseBytes,
  type ByteEncoding,
} from '../../core/bytes';
import { fail, type Result } from '../../core/result';
import { Choice } from '../../ui/Choice';
import { CopyButton } from '../../ui/CopyButton';
import { TextField } from '../../ui/Field';
import { useLabChoice, useLabParam } from '../../ui/lab-context';
import { forgeRange } from './core/forge';
import { ForgeryRangeScript } from './ForgeryScript';
import { ENGINES } from './core/merkle-damgard';
import { LENGTH_EXTENSION } from './lab';
import {
  ALGORITHM_CHOICES,
  OUTPUT_ENCODINGS,
  formatForgeries,
  parseRange,
  parseSignature,
  resolveAlgorithm,
} from './core/tool';

/** Bounds that keep the page responsive; the CLI takes bigger jobs. */
const TOOL_MAX_BYTES = 16 * 1024;
const TOOL_MAX_TRIES = 256;
const PREVIEW_CHARS = 240;

function boundedBytes(text: string, encoding: ByteEncoding, what: string): Result<Uint8Array> {
  const parsed = parseBytes(text, encoding);
  if (parsed.ok && parsed.value.length > TOOL_MAX_BYTES)
    return fail(
      'tool/too-long',
      `Keep the ${what} under ${TOOL_MAX_BYTES / 1024} KB here (the CLI takes more).`,
    );
  return parsed;
}

const encodingOptions = BYTE_ENCODINGS.map((value) => ({
  value,
  label: BYTE_ENCODING_LABELS[value].replace(' (UTF-8)', ''),
}));

export function ToolSection() {
  const [signature, setSignature] = useLabParam(LENGTH_EXTENSION, 'toolSig');
  const [data, setData] = useLabParam(LENGTH_EXTENSION, 'toolData');
  const [dataAs, setDataAs] = useLabChoice(LENGTH_EXTENSION, 'toolDataAs');
  const [append, setAppend] = useLabParam(LENGTH_EXTENSION, 'toolAppend');
  const [appendAs, setAppendAs] = useLabChoice(LENGTH_EXTENSION, 'toolAppendAs');
  const [algorithmChoice, setAlgorithmChoice] = useLabChoice(LENGTH_EXTENSION, 'toolAlg');
  const [minText, setMinText] = useLabParam(LENGTH_EXTENSION, 'toolMin');
  const [maxText, setMaxText] = useLabParam(LENGTH_EXTENSION, 'toolMax');
  const [output, setOutput] = useLabChoice(LENGTH_EXTENSION, 'toolOut');

  const tag = useMemo(() => parseSignature(signature), [signature]);
  const algorithm = useMemo(
    () => (tag.ok ? resolveAlgorithm(algorithmChoice, tag.value) : null),
    [tag, algorithmChoice],
  );
  const message = useMemo(() => boundedBytes(data, dataAs, 'data'), [data, dataAs]);
  const extra = useMemo(() => boundedBytes(append, appendAs, 'appended data'), [append, appendAs]);
  const range = useMemo(() => {
    const parsed = parseRange(minText, maxText);
    if (parsed.ok && parsed.value.max - parsed.value.min + 1 > TOOL_MAX_TRIES)
      return fail<{ min: number; max: number }>(
        'tool/range',
        `Try at most ${TOOL_MAX_TRIES} lengths here (the CLI takes up to 4096).`,
      );
    return parsed;
  }, [minText, maxText]);

  const rows = useMemo(() => {
    if (!tag.ok || !algorithm?.ok || !message.ok || !extra.ok || !range.ok) return null;
    const forgeries = forgeRange({
      algorithm: algorithm.value,
      tag: tag.value,
      message: message.value,
      append: extra.value,
      minSecretLength: range.value.min,
      maxSecretLength: range.value.max,
    });
    return forgeries.ok ? formatForgeries(forgeries.value, output) : null;
  }, [tag, algorithm, message, extra, range, output]);

  const tagError = !tag.ok
    ? tag.error.message
    : algorithm && !algorithm.ok
      ? algorithm.error.message
      : null;
  return (
    <section className="card" aria-labelledby="le-tool-heading">
      <h2 id="le-tool-heading">Tool mode (hash_extender, HashPump)</h2>
      <p>
        Given a signature, the data it signs, what to append and the secret’s length (or a range),
        print the new data and its signature. Defaults: the example from hash_extender’s README.
      </p>
      <div className="stack">
        <TextField
          label="Signature (hex)"
          value={signature}
          onChange={setSignature}
          monospace
          error={tagError}
          hint={
            algorithm?.ok
              ? `${algorithmChoice === 'auto' ? 'Guessed from its length' : 'Checked against its length'}: ${ENGINES[algorithm.value].label}.`
              : 'MD5 16 bytes, SHA-1 20, SHA-256 32, SHA-512 64.'
          }
        />
        <Choice
          label="Algorithm"
          value={algorithmChoice}
          onChange={setAlgorithmChoice}
          options={ALGORITHM_CHOICES.map((value) => ({
            value,
            label: value === 'auto' ? 'Guess from signature' : ENGINES[value].label,
          }))}
        />
        <div className="row">
          <TextField
            label="Signed data"
            value={data}
            onChange={setData}
            monospace={dataAs !== 'text'}
            error={message.ok ? null : message.error.message}
          />
          <Choice label="Data is" value={dataAs} onChange={setDataAs} options={encodingOptions} />
        </div>
        <div className="row">
          <TextField
            label="Data to append"
            value={append}
            onChange={setAppend}
            monospace={appendAs !== 'text'}
            error={extra.ok ? null : extra.error.message}
          />
          <Choice
            label="Append is"
            value={appendAs}
            onChange={setAppendAs}
            options={encodingOptions}
          />
        </div>
        <div className="row">
          <TextField
            label="Secret length from"
            value={minText}
            onChange={setMinText}
            error={range.ok ? null : range.error.message}
          />
          <TextField label="Secret length to" value={maxText} onChange={setMaxText} />
        </div>
        <Choice
          label="Show new data as"
          value={output}
          onChange={setOutput}
          options={OUTPUT_ENCODINGS.map((value) => ({
            value,
            label: BYTE_ENCODING_LABELS[value],
          }))}
        />
      </div>
      {rows && (
        <div
          className="table-scroll length-extension__tool-rows"
          aria-live="polite"
          tabIndex={0}
          role="region"
          aria-label="Forgeries, one row per secret length"
        >
          <table>
            <thead>
              <tr>
                <th scope="col">Secret length</th>
                <th scope="col">New signature</th>
                <th scope="col">New data ({BYTE_ENCODING_LABELS[output]})</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.secretLength}>
                  <th scope="row">{row.secretLength}</th>
                  <td>
                    <span
                      className="digest"
                      aria-label={`New signature for secret length ${row.secretLength}`}
                    >
                      {row.newSignature}
                    </span>{' '}
                    <CopyButton value={row.newSignature} label="Copy" />
                  </td>
                  <td>
                    <span
                      className="digest"
                      aria-label={`New data for secret length ${row.secretLength}`}
                    >
                      {row.newData.length > PREVIEW_CHARS
                        ? `${row.newData.slice(0, PREVIEW_CHARS)}…`
                        : row.newData}
                    </span>{' '}
                    <CopyButton value={row.newData} label="Copy" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows && tag.ok && algorithm?.ok && message.ok && extra.ok && range.ok && (
        <ForgeryRangeScript
          input={{
            algorithm: algorithm.value,
            tag: tag.value,
            message: message.value,
            append: extra.value,
            minSecretLength: range.value.min,
            maxSecretLength: range.value.max,
          }}
        />
      )}
      <p className="field__hint">
        Neighbouring lengths often share a signature: it depends only on how many blocks the victim
        hashed, while the glue padding (and its length field) differs. Same from the command line:{' '}
        <code>
          npm run -s cli -- forge --signature … --data … --append … --secret-min 1 --secret-max 64
        </code>
        .
      </p>
    </section>
  );
}
