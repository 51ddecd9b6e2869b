/** An attack to take home: the script a lab's core wrote for it, copied or downloaded. */
import { CopyButton } from './CopyButton';
import { downloadBlob } from './download';

function downloadText(text: string, filename: string) {
  downloadBlob(new Blob([text], { type: 'text/plain' }), filename);
}

export function ScriptExport({
  python,
  javascript,
  name,
}: {
  python: string;
  /** A Node version, where the attack reads naturally in JavaScript. */
  javascript?: string;
  /** The file name without its extension, e.g. `length_extension`. */
  name: string;
}) {
  return (
    <div className="stack">
      <div className="row">
        <CopyButton value={python} label="Copy as a Python script" />
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => downloadText(python, `${name}.py`)}
        >
          Download .py
        </button>
        {javascript !== undefined && (
          <>
            <CopyButton value={javascript} label="Copy as JavaScript" />
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => downloadText(javascript, `${name.replace(/_/g, '-')}.js`)}
            >
              Download .js
            </button>
          </>
        )}
      </div>
      <p className="field__hint">
        A short script that does the same with these inputs, to run outside the app: Python 3.8+ and
        its standard library{javascript !== undefined ? ', or Node with no dependencies' : ''}.
      </p>
    </div>
  );
}
