/** The learner's module: preset, language, the editor (Monaco, or a text area in the single file). */
import { useMemo } from 'react';
import { Choice } from '../../ui/Choice';
import { Field, TextField } from '../../ui/Field';
import type { CompileError } from './core/compile';
import type { ModuleLanguage as Language } from './core/languages';
import { PYTHON_PRESETS } from './core/python-presets';
import { PRESET_IDS, PRESETS, type PresetId } from './core/presets';
import { CodeEditor } from './CodeEditor';

/**
 * The single-file build (npm run build:single) has no Monaco: everything in it loads at once, and
 * Monaco with its TypeScript worker would add megabytes to every lab. Its editor is a text area.
 */
export const SINGLE_FILE = import.meta.env.MODE === 'single';

const LANGUAGE_NAMES: Record<Language, string> = {
  typescript: 'TypeScript',
  javascript: 'JavaScript',
  python: 'Python',
};

export function ModuleSection({
  presetId,
  onPreset,
  language,
  onLanguage,
  source,
  onEdit,
  linkError,
  compileError,
}: {
  presetId: PresetId;
  onPreset: (id: PresetId) => void;
  language: Language;
  onLanguage: (language: Language) => void;
  source: string;
  onEdit: (text: string) => void;
  linkError: string | null;
  /** The last run's compile error, while the code is the code it was made from. */
  compileError: CompileError | null;
}) {
  const presets = language === 'python' ? PYTHON_PRESETS : PRESETS;
  const preset = presets[presetId];
  const editorLabel = `Your module (${LANGUAGE_NAMES[language]})`;
  const marker = useMemo(
    () =>
      compileError?.line
        ? {
            line: compileError.line,
            column: compileError.column ?? 1,
            message: compileError.message,
          }
        : null,
    [compileError],
  );
  return (
    <section className="card" aria-labelledby="code-module-heading">
      <h2 id="code-module-heading">Your module</h2>
      <div className="stack">
        <div className="row code-controls">
          <Field label="Preset" hint={preset.description}>
            {(a11y) => (
              <select
                {...a11y}
                value={presetId}
                onChange={(event) => onPreset(event.target.value as PresetId)}
              >
                {PRESET_IDS.map((id) => (
                  <option key={id} value={id}>
                    {presets[id].label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Choice
            label="Language"
            value={language}
            onChange={onLanguage}
            options={[
              { value: 'typescript', label: 'TypeScript' },
              { value: 'javascript', label: 'JavaScript' },
              { value: 'python', label: 'Python' },
            ]}
          />
        </div>
        {linkError && (
          <p className="field__error" role="alert">
            {linkError}
          </p>
        )}
        <div id="code-editor">
          {SINGLE_FILE ? (
            <TextField
              label={editorLabel}
              value={source}
              onChange={onEdit}
              multiline
              rows={18}
              monospace
            />
          ) : (
            <CodeEditor
              value={source}
              language={language}
              onChange={onEdit}
              marker={marker}
              label={editorLabel}
            />
          )}
        </div>
        {compileError && (
          <p className="field__error" role="alert">
            {compileError.message}
          </p>
        )}
        {language === 'python' ? (
          <details className="code-api">
            <summary>What your code can use</summary>
            <p>
              Define <code>sign(secret: bytes, message: bytes) -&gt; str</code>,{' '}
              <code>verify(secret, message, tag) -&gt; bool</code> and{' '}
              <code>make_token() -&gt; str</code>; add <code>purpose: str = 'default'</code> to sign
              and verify to keep a key per use. They run in real CPython (Pyodide, loaded the first
              time you run Python, about 13 MB), in the sandbox.
            </p>
            <p>
              Import <code>hashlib</code>, <code>hmac</code>, <code>secrets</code>,{' '}
              <code>random</code>, <code>string</code>, <code>base64</code>, <code>binascii</code>,{' '}
              <code>struct</code>, <code>time</code>, <code>os</code> and a few more. An audit hook
              (PEP 578) records and refuses every file, process, network and import event your code
              raises: the sandbox section lists them.
            </p>
          </details>
        ) : (
          <details className="code-api">
            <summary>What your code can use</summary>
            <p>
              Export <code>sign(secret, message, purpose?)</code>,{' '}
              <code>verify(secret, message, tag, purpose?)</code> and <code>makeToken()</code>.
              Strings are byte strings (one character per byte, like Python 2’s <code>str</code>),
              so <code>md5(secret + message)</code> hashes exactly those bytes.
            </p>
            <ul>
              <li>
                <code>md5</code>, <code>sha1</code>, <code>sha256</code>, <code>sha512</code>: a
                digest as hex
              </li>
              <li>
                <code>hmac(hash, key, message)</code>,{' '}
                <code>hkdf(hash, secret, info, length?)</code>
              </li>
              <li>
                <code>randomBytes(n)</code> and <code>crypto.getRandomValues</code>;{' '}
                <code>Math.random</code>; Python’s <code>random</code> (
                <code>random.getrandbits</code>, <code>random.choice</code>, …)
              </li>
              <li>
                <code>timingSafeEqual(a, b)</code>, <code>toHex</code>, <code>fromHex</code>,{' '}
                <code>utf8</code>, <code>fromUtf8</code>, <code>bytes</code>,{' '}
                <code>byteString</code>
              </li>
            </ul>
            <p className="field__hint">
              Types are checked in the editor but not enforced: the code is stripped of its types
              and run. There is no network and no DOM in the sandbox.
            </p>
          </details>
        )}
      </div>
    </section>
  );
}
