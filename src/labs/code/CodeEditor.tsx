/**
 * The learner's module: a plain text area at first, and Monaco when the learner asks for it.
 * Monaco's start is one task of a second or more on a modest laptop (its modules evaluated, then
 * the editor built), so the lab opens and runs its guided steps without it (issue 15); "Open the
 * full editor" loads it (monaco.ts is a dynamic import) and swaps it in with the same text.
 * Monaco knows the API's types (learner-dts.ts), follows the app's theme, marks a compile error at
 * its line, and reports every edit. A new `value` from outside (a preset, a link, a guided step)
 * replaces the text as one undoable edit.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { TextField } from '../../ui/Field';
import type { ModuleLanguage as Language } from './core/languages';
import { LEARNER_DTS } from './core/learner-dts';

type MonacoModule = typeof import('./monaco');
type Editor = ReturnType<MonacoModule['monaco']['editor']['create']>;

interface CodeEditorProps {
  value: string;
  language: Language;
  onChange: (value: string) => void;
  /** A compile error to mark (1-based line and column). */
  marker: { line: number; column: number; message: string } | null;
  label: string;
  describedBy?: string;
}

let setup: Promise<MonacoModule> | null = null;

function loadMonaco(): Promise<MonacoModule> {
  // The single-file build leaves Monaco out (it cannot run code anyway): see CodePanel.
  if (import.meta.env.MODE === 'single') return Promise.reject(new Error('No editor here.'));
  setup ??= import('./monaco').then((module) => {
    const options = {
      target: 99 /* ESNext */,
      module: 99 /* ESNext */,
      lib: ['es2022', 'webworker'],
      strict: true,
      noEmit: true,
      allowNonTsExtensions: true,
    };
    for (const defaults of [module.typescriptDefaults, module.javascriptDefaults]) {
      defaults.setCompilerOptions({ ...options, checkJs: defaults === module.javascriptDefaults });
      defaults.addExtraLib(LEARNER_DTS, 'file:///playground-api.d.ts');
    }
    // vs-dark's comment green is under 4.5:1 on its background (WCAG AA); a lighter one is not.
    module.monaco.editor.defineTheme('playground-dark', {
      base: 'vs-dark',
      inherit: true,
      rules: [{ token: 'comment', foreground: '7fb56f' }],
      colors: {},
    });
    return module;
  });
  return setup;
}

function themeFor(theme: string | undefined): string {
  return theme === 'contrast' ? 'hc-black' : theme === 'dark' ? 'playground-dark' : 'vs';
}

export function CodeEditor(props: CodeEditorProps) {
  // Once asked for, Monaco stays for the rest of the visit (its modules are loaded by then).
  const [full, setFull] = useState(setup !== null);
  const [ready, setReady] = useState(false);
  return (
    <div className="stack">
      {!ready && (
        <TextField
          label={props.label}
          value={props.value}
          onChange={props.onChange}
          multiline
          rows={18}
          monospace
        />
      )}
      {full ? (
        <MonacoEditor {...props} onReady={() => setReady(true)} />
      ) : (
        <div>
          <button type="button" className="button button--small" onClick={() => setFull(true)}>
            Open the full editor (types, completion, error marks)
          </button>
        </div>
      )}
    </div>
  );
}

function MonacoEditor({
  value,
  language,
  onChange,
  marker,
  label,
  describedBy,
  onReady,
}: CodeEditorProps & { onReady: () => void }) {
  const host = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const editorRef = useRef<{ editor: Editor; monaco: MonacoModule['monaco'] } | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'failed'>('loading');
  const latest = useRef({ value, onChange, language, onReady });
  useEffect(() => {
    latest.current = { value, onChange, language, onReady };
  });

  // Create the editor once.
  useEffect(() => {
    let disposed = false;
    let observer: MutationObserver | null = null;
    loadMonaco()
      .then(({ monaco }) => {
        if (disposed || !host.current) return;
        const { value: initial, language: lang } = latest.current;
        const model = monaco.editor.createModel(
          initial,
          lang,
          monaco.Uri.parse(`file:///module.${lang === 'typescript' ? 'ts' : 'js'}`),
        );
        const editor = monaco.editor.create(host.current, {
          model,
          ariaLabel: label,
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 14,
          tabSize: 2,
          fixedOverflowWidgets: true,
          wordWrap: 'on',
          // 'dimmed' draws the number of the line after a final newline in low contrast.
          renderFinalNewline: 'on',
          theme: themeFor(document.documentElement.dataset.theme),
        });
        editor.onDidChangeModelContent(() => {
          const text = editor.getValue();
          if (text !== latest.current.value) latest.current.onChange(text);
        });
        observer = new MutationObserver(() =>
          monaco.editor.setTheme(themeFor(document.documentElement.dataset.theme)),
        );
        observer.observe(document.documentElement, {
          attributes: true,
          attributeFilter: ['data-theme'],
        });
        // Screen readers hear the keyboard hint below the editor with its name.
        host.current
          .querySelector('textarea, .native-edit-context')
          ?.setAttribute('aria-describedby', [hintId, describedBy].filter(Boolean).join(' '));
        editorRef.current = { editor, monaco };
        setStatus('ready');
        latest.current.onReady();
      })
      .catch(() => !disposed && setStatus('failed'));
    return () => {
      disposed = true;
      observer?.disconnect();
      const current = editorRef.current;
      if (current) {
        current.editor.getModel()?.dispose();
        current.editor.dispose();
      }
      editorRef.current = null;
    };
    // The label is fixed for the editor's life; later changes go through updateOptions below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    editorRef.current?.editor.updateOptions({ ariaLabel: label });
  }, [label]);

  // A value from outside: replace the text as one edit (Ctrl+Z brings the old text back).
  useEffect(() => {
    const current = editorRef.current;
    const model = current?.editor.getModel();
    if (!current || !model || model.getValue() === value) return;
    current.editor.pushUndoStop();
    current.editor.executeEdits('playground', [{ range: model.getFullModelRange(), text: value }]);
    current.editor.pushUndoStop();
    current.editor.setPosition({ lineNumber: 1, column: 1 });
  }, [value, status]);

  // Switching language: a new model with the same text (a .ts and a .js file are checked differently).
  useEffect(() => {
    const current = editorRef.current;
    const old = current?.editor.getModel();
    if (!current || !old || old.getLanguageId() === language) return;
    const model = current.monaco.editor.createModel(
      old.getValue(),
      language,
      current.monaco.Uri.parse(
        `file:///module.${language === 'typescript' ? 'ts' : language === 'python' ? 'py' : 'js'}`,
      ),
    );
    current.editor.setModel(model);
    old.dispose();
  }, [language, status]);

  useEffect(() => {
    const current = editorRef.current;
    const model = current?.editor.getModel();
    if (!current || !model) return;
    current.monaco.editor.setModelMarkers(
      model,
      'playground',
      marker
        ? [
            {
              startLineNumber: marker.line,
              startColumn: marker.column,
              endLineNumber: marker.line,
              endColumn: marker.column + 1,
              message: marker.message,
              severity: current.monaco.MarkerSeverity.Error,
            },
          ]
        : [],
    );
  }, [marker, status, language]);

  return (
    <>
      {/* Hidden until Monaco has started: the text area above stands in for it until then. */}
      <div className="code-editor" aria-describedby={describedBy} hidden={status !== 'ready'}>
        <div ref={host} className="code-editor__host" />
        <p id={hintId} className="field__hint">
          Tab indents inside the editor. To leave it with the keyboard, press Ctrl+M (on a Mac,
          Ctrl+Shift+M) and Tab moves the focus instead; press it again to switch back. Alt+F1 opens
          the editor’s accessibility help.
        </p>
      </div>
      {status === 'loading' && (
        <p className="code-editor__status loading" role="status">
          Loading the full editor…
        </p>
      )}
      {status === 'failed' && (
        <p className="field__error" role="alert">
          The full editor could not load; the text area above still works.
        </p>
      )}
    </>
  );
}
