/** The victim server's card: what it signs and how, its secret's length, and the one tag it shows. */
import { useContext } from 'react';
import { bytesToHex, bytesToUtf8 } from '../../core/bytes';
import type { Result } from '../../core/result';
import { Choice } from '../../ui/Choice';
import { CopyButton } from '../../ui/CopyButton';
import { TextField } from '../../ui/Field';
import { LabContext } from '../../ui/lab-context';
import { FORMAT_CHECKS, FORMAT_CHECK_LABELS, type FormatCheck } from './core/format-check';
import { PRESETS, getPreset, type PresetId } from './core/presets';
import { HIDDEN_MAX, SCHEMES, SIGNING_SCHEMES, type SigningScheme } from './core/victim';
import type { VictimServerHandle } from './use-victim-server';
import { JobError } from '../../ui/JobControls';

export type SecretMode = 'hidden' | 'chosen';

export interface ServerSettingsView {
  presetId: PresetId;
  setPresetId: (id: PresetId) => void;
  scheme: SigningScheme;
  setScheme: (scheme: SigningScheme) => void;
  format: FormatCheck;
  setFormat: (format: FormatCheck) => void;
  secretMode: SecretMode;
  setSecretMode: (mode: SecretMode) => void;
  secretLengthText: string;
  setSecretLengthText: (text: string) => void;
  secretLength: Result<number | null>;
}

/** What "Send to tool mode" copies besides the server's message and tag. */
export interface ToolHandOff {
  append: string;
  appendAs: string;
  tryMin: string;
  tryMax: string;
}

export function ServerSection({
  server,
  settings,
  handOff,
}: {
  server: VictimServerHandle;
  settings: ServerSettingsView;
  handOff: ToolHandOff;
}) {
  const { setParams } = useContext(LabContext);
  const { info, state } = server;
  const preset = getPreset(settings.presetId);
  return (
    <section className="card" aria-labelledby="le-victim-heading">
      <h2 id="le-victim-heading">The server</h2>
      <div className="stack">
        <Choice
          label="What it signs"
          value={settings.presetId}
          onChange={(next) => {
            // A new preset brings its own suggested extension.
            setParams({ append: undefined });
            settings.setPresetId(next);
          }}
          options={PRESETS.map((p) => ({ value: p.id, label: p.label }))}
        />
        <p className="field__hint">{preset.story}</p>
        <Choice
          label="Server signs with"
          value={settings.scheme}
          onChange={settings.setScheme}
          options={SIGNING_SCHEMES.map((id) => ({ value: id, label: SCHEMES[id].label }))}
        />
        <Choice
          label="Format check"
          value={settings.format}
          onChange={settings.setFormat}
          options={FORMAT_CHECKS.map((id) => ({ value: id, label: FORMAT_CHECK_LABELS[id] }))}
        />
        <p className="field__hint">
          “Your app may be strict about format” (the talk): a server that refuses unprintable bytes
          refuses the glue a forgery needs. Try it, then try the server that checks field by field.
        </p>
        <div className="row">
          <Choice
            label="Secret length"
            value={settings.secretMode}
            onChange={settings.setSecretMode}
            options={[
              { value: 'hidden', label: `Hidden (1–${HIDDEN_MAX} bytes)` },
              { value: 'chosen', label: 'Chosen' },
            ]}
          />
          {settings.secretMode === 'chosen' && (
            <TextField
              label="Secret length in bytes"
              value={settings.secretLengthText}
              onChange={settings.setSecretLengthText}
              error={settings.secretLength.ok ? null : settings.secretLength.error.message}
            />
          )}
          <button type="button" className="button button--ghost" onClick={server.redraw}>
            Draw a new secret
          </button>
        </div>
      </div>
      <JobError state={state} />
      {info ? (
        <dl className="length-extension__facts" aria-live="polite" id="le-victim-facts">
          <dt>Signs with</dt>
          <dd>
            <code>tag = {SCHEMES[info.scheme].formula}</code>
          </dd>
          <dt>Format check</dt>
          <dd>{FORMAT_CHECK_LABELS[info.format]}</dd>
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
                  toolAppend: handOff.append,
                  toolAppendAs: handOff.appendAs,
                  toolAlg: undefined,
                  toolMin: handOff.tryMin,
                  toolMax: handOff.tryMax,
                });
                document.getElementById('le-tool-heading')?.scrollIntoView({ block: 'start' });
              }}
            >
              Send to tool mode
            </button>
          </dd>
        </dl>
      ) : (
        state.status !== 'failed' && <p className="field__hint">Starting the server…</p>
      )}
    </section>
  );
}
