/** Build a real pickle that calls a function when loaded: the object whose __reduce__ names it. */
import { useContext, useMemo } from 'react';
import { bytesToBase64, bytesToHex } from '../../core/bytes';
import { Callout } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { CopyButton } from '../../ui/CopyButton';
import { TextField } from '../../ui/Field';
import { ScriptExport } from '../../ui/ScriptExport';
import { downloadBlob } from '../../ui/download';
import { LabContext, useLabChoice, useLabParam } from '../../ui/lab-context';
import { UNTRUSTED_DATA } from './lab';
import { buildReducePayload, parseCallable, parsePayloadArgs } from './core/pickle/payload';
import { scanPickle } from './core/pickle/symbolic';
import { payloadScript } from './core/script';

const pythonCommand = (base64: string) =>
  `python3 -c "import pickle, base64; print(pickle.loads(base64.b64decode('${base64}')))"`;

export function PayloadBuilder({ onInspect }: { onInspect: () => void }) {
  const { setParams } = useContext(LabContext);
  const [call, setCall] = useLabParam(UNTRUSTED_DATA, 'call');
  const [args, setArgs] = useLabParam(UNTRUSTED_DATA, 'args');
  const [protocol, setProtocol] = useLabChoice(UNTRUSTED_DATA, 'proto');

  const callable = useMemo(() => parseCallable(call), [call]);
  const parsedArgs = useMemo(() => parsePayloadArgs(args), [args]);
  const built = useMemo(() => {
    if (!callable.ok || !parsedArgs.ok) return null;
    const bytes = buildReducePayload({
      ...callable.value,
      args: parsedArgs.value,
      protocol: Number(protocol),
    });
    if (!bytes.ok) return bytes;
    const call = scanPickle(bytes.value).events.find((e) => e.kind === 'call');
    return {
      ok: true as const,
      value: {
        bytes: bytes.value,
        hex: bytesToHex(bytes.value),
        base64: bytesToBase64(bytes.value),
        call: call?.kind === 'call' ? call.expr : '',
      },
    };
  }, [callable, parsedArgs, protocol]);

  return (
    <section className="card untrusted-data-section" aria-labelledby="build-heading" id="build">
      <h2 id="build-heading">Build a payload</h2>
      <p>
        An object’s <code>__reduce__</code> tells pickle how to rebuild it: “call this, with these
        arguments”. An attacker writes the call they want. These are the bytes{' '}
        <code>pickle.dumps</code> writes for such an object — the tests check them byte for byte
        against CPython, and load them in <code>python3</code>.
      </p>
      <div className="row">
        <TextField
          label="Callable"
          value={call}
          onChange={setCall}
          monospace
          error={callable.ok ? null : callable.error.message}
          hint="module.name, e.g. os.system, builtins.eval, subprocess.check_output, builtins.len"
        />
        <TextField
          label="Arguments (JSON array)"
          value={args}
          onChange={setArgs}
          monospace
          error={parsedArgs.ok ? null : parsedArgs.error.message}
          hint={'Strings, numbers, true/false/null, {"bytes": "<hex>"}'}
        />
      </div>
      <Choice
        label="Protocol"
        value={protocol}
        onChange={setProtocol}
        options={UNTRUSTED_DATA.params.proto.choices.map((p) => ({ value: p, label: p }))}
      />
      {built && !built.ok && (
        <p className="field__error" role="alert">
          {built.error.message}
        </p>
      )}
      {built?.ok && (
        <div className="stack">
          <p>
            Loading these {built.value.bytes.length} bytes calls <code>{built.value.call}</code>.
          </p>
          <div>
            <div className="field__hint">Base64</div>
            <span className="digest" aria-label="Payload as base64">
              {built.value.base64}
            </span>{' '}
            <CopyButton value={built.value.base64} label="Copy base64" />
          </div>
          <div>
            <div className="field__hint">Hex</div>
            <span className="digest" aria-label="Payload as hex">
              {built.value.hex}
            </span>{' '}
            <CopyButton value={built.value.hex} label="Copy hex" />
          </div>
          <div className="row">
            <button
              type="button"
              className="button"
              onClick={() => {
                setParams({ as: undefined, pickle: built.value.base64 });
                onInspect();
              }}
            >
              Inspect it above
            </button>
            <button
              type="button"
              className="button button--ghost"
              onClick={() =>
                downloadBlob(
                  new Blob([built.value.bytes as Uint8Array<ArrayBuffer>], {
                    type: 'application/octet-stream',
                  }),
                  'payload.pkl',
                )
              }
            >
              Download payload.pkl
            </button>
          </div>
          {callable.ok && parsedArgs.ok && (
            <ScriptExport
              name="payload"
              python={payloadScript({
                ...callable.value,
                args: parsedArgs.value,
                protocol: Number(protocol),
              })}
            />
          )}
          <Callout tone="warning" title="In Python, this runs the call">
            <code className="digest">{pythonCommand(built.value.base64)}</code>{' '}
            <CopyButton value={pythonCommand(built.value.base64)} label="Copy command" />
            <p>
              Try it only with something harmless, such as <code>builtins.len</code> and{' '}
              <code>[&quot;hello&quot;]</code> (it returns 5).
            </p>
          </Callout>
        </div>
      )}
    </section>
  );
}
