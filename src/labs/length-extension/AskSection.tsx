/**
 * "Ask the server yourself": the learner's own message and tag, sent to the victim's real verify
 * in the worker. The verdict and what the server then reads come back from the worker; this file
 * only lays them out (core/ask.ts puts the verdict into words).
 */
import { useContext, useMemo, useState } from 'react';
import { BYTE_ENCODINGS, BYTE_ENCODING_LABELS, bytesToHex, bytesToUtf8 } from '../../core/bytes';
import { Callout, Verdict } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { TextField } from '../../ui/Field';
import { JobError } from '../../ui/JobControls';
import { TableScroll } from '../../ui/TableScroll';
import { LabContext, useLabChoice, useLabParam } from '../../ui/lab-context';
import type { WorkerJob } from '../../ui/use-worker-job';
import { parseAskMessage, parseAskTag, readAskVerdict } from './core/ask';
import { getPreset } from './core/presets';
import type { VictimVerdict } from './core/victim';
import { LENGTH_EXTENSION } from './lab';
import type { VictimInfo } from './length-extension.worker';

export function AskSection({
  info,
  ask,
  onSend,
}: {
  info: VictimInfo | null;
  ask: WorkerJob<VictimVerdict>;
  onSend: (request: { message: Uint8Array; tag: Uint8Array }) => void;
}) {
  const { setParams } = useContext(LabContext);
  const [messageText, setMessageText] = useLabParam(LENGTH_EXTENSION, 'askMsg');
  const [messageAs, setMessageAs] = useLabChoice(LENGTH_EXTENSION, 'askMsgAs');
  const [tagText, setTagText] = useLabParam(LENGTH_EXTENSION, 'askTag');
  const message = useMemo(() => parseAskMessage(messageText, messageAs), [messageText, messageAs]);
  const tag = useMemo(() => (info ? parseAskTag(tagText, info.tag.length) : null), [tagText, info]);
  // An empty field is not an error until the learner sends.
  const messageError = messageText !== '' && !message.ok ? message.error.message : null;
  const tagError = tagText.trim() !== '' && tag && !tag.ok ? tag.error.message : null;
  const canSend = info !== null && message.ok && tag !== null && tag.ok;
  const verdict = ask.state.status === 'done' ? ask.state.value : null;
  // The message of the request the verdict answers (the field may have changed since).
  const [sent, setSent] = useState<Uint8Array | null>(null);
  const preset = info ? getPreset(info.preset) : null;
  const reading =
    verdict && preset && info
      ? readAskVerdict(
          verdict,
          preset,
          sent !== null && bytesToHex(sent) === bytesToHex(info.message),
        )
      : null;

  return (
    <section className="card" aria-labelledby="le-ask-heading">
      <h2 id="le-ask-heading">Ask the server yourself</h2>
      <p>
        Send the server any message and tag: it runs its real verify on them and answers as it would
        answer an attacker. Forge the extension by hand (with tool mode, the take-home script or
        your own code), then see whether it is accepted. “Forge”, below, shows you the automatic
        attack.
      </p>
      <form
        className="stack"
        aria-label="Your request to the server"
        onSubmit={(event) => {
          event.preventDefault();
          if (!canSend) return;
          setSent(message.value);
          onSend({ message: message.value, tag: tag.value });
        }}
      >
        <div className="row">
          <TextField
            label="Message to send"
            value={messageText}
            onChange={setMessageText}
            multiline
            rows={2}
            monospace={messageAs !== 'text'}
            error={messageError}
          />
          <Choice
            label="Message is"
            value={messageAs}
            onChange={setMessageAs}
            options={BYTE_ENCODINGS.map((value) => ({
              value,
              label: BYTE_ENCODING_LABELS[value].replace(' (UTF-8)', ''),
            }))}
          />
        </div>
        <TextField
          label="Tag to send (hex)"
          value={tagText}
          onChange={setTagText}
          monospace
          error={tagError}
          hint={info ? `${info.tag.length} bytes, ${info.tag.length * 2} hex digits.` : undefined}
        />
        <div className="row">
          <button
            type="submit"
            className="button"
            disabled={!canSend || ask.state.status === 'running'}
          >
            Send to the server
          </button>
          <button
            type="button"
            className="button button--ghost"
            disabled={!info}
            onClick={() =>
              info &&
              setParams({
                askMsg: bytesToUtf8(info.message),
                askMsgAs: undefined,
                askTag: bytesToHex(info.tag),
              })
            }
          >
            Start from the signed message
          </button>
        </div>
      </form>
      <JobError state={ask.state} />
      <div aria-live="polite">
        {reading && verdict && (
          <div role="region" aria-label="The server’s answer">
            <Callout
              tone={reading.forged ? 'danger' : 'note'}
              title={`The server’s answer: ${reading.headline}`}
            >
              <p>
                {reading.forged ? (
                  <Verdict ok={false} yes="" no="Accepted" />
                ) : reading.accepted ? (
                  <strong>Accepted</strong>
                ) : (
                  <Verdict ok yes={reading.headline} no="" />
                )}{' '}
                {reading.reason}
              </p>
              {reading.actsOn && (
                <p>
                  It now acts on <code>{reading.actsOn}</code>.
                </p>
              )}
            </Callout>
            {verdict.reading && verdict.reading.fields.length > 0 && (
              <TableScroll label="Parameters the server read">
                <table>
                  <caption>Parameters the server read, in order</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Value</th>
                    </tr>
                  </thead>
                  <tbody>
                    {verdict.reading.fields.map((field, index) => (
                      <tr key={index}>
                        <td>
                          <code>{field.key}</code>
                        </td>
                        <td>
                          <code className="length-extension__message">{field.value}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
            {verdict.dropped.length > 0 && (
              <p className="field__hint">
                Dropped as malformed:{' '}
                {verdict.dropped.map((f, index) => (
                  <code key={index}>
                    {f.key}={f.value}{' '}
                  </code>
                ))}
              </p>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
