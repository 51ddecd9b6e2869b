/**
 * A labelled input with its error message right under it (tied with aria-describedby, so screen
 * readers announce it). Every user input in the app goes through one of these.
 */
import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  /** Shown under the input when present; the input is marked invalid. */
  error?: string | null;
  hint?: ReactNode;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
  }) => ReactNode;
}

export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': Boolean(error),
        'aria-describedby': describedBy || undefined,
      })}
      {hint && (
        <div id={hintId} className="field__hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={errorId} className="field__error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  hint?: ReactNode;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  monospace?: boolean;
  type?: 'text' | 'number';
}

export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  multiline,
  rows = 3,
  placeholder,
  monospace,
  type = 'text',
}: TextFieldProps) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(a11y) =>
        multiline ? (
          <textarea
            {...a11y}
            className={monospace ? 'mono' : undefined}
            value={value}
            rows={rows}
            placeholder={placeholder}
            spellCheck={false}
            onChange={(event) => onChange(event.target.value)}
          />
        ) : (
          <input
            {...a11y}
            type={type}
            className={monospace ? 'mono' : undefined}
            value={value}
            placeholder={placeholder}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => onChange(event.target.value)}
          />
        )
      }
    </Field>
  );
}
