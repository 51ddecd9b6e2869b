/**
 * The learner's answer: one input per field the challenge describes (bytes with a choice of
 * encoding), or a JSON textarea when it describes none. Errors appear under the field they are
 * about: the page's own (bad hex, bad base64, a megabyte pasted) as the learner types, the
 * server's field checks after "Check".
 */
import { BYTE_ENCODINGS, BYTE_ENCODING_LABELS, type ByteEncoding } from '../../core/bytes';
import type { AnswerField, Challenge } from '../../core/challenge';
import { Choice } from '../../ui/Choice';
import { TextField } from '../../ui/Field';
import type { FormValues } from './answer-form';

const ENCODING_OPTIONS = BYTE_ENCODINGS.map((value) => ({
  value,
  label: BYTE_ENCODING_LABELS[value],
}));

export function AnswerForm({
  challenge,
  values,
  errors,
  formError,
  onChange,
  pub,
}: {
  challenge: Challenge;
  /** The instance's public part (a `checkboxes` field lists one of its lists). */
  pub: unknown;
  values: FormValues;
  errors: Record<string, string>;
  formError: string | null;
  onChange: (values: FormValues) => void;
}) {
  const fields = challenge.fields ?? [];
  if (fields.length === 0)
    return (
      <TextField
        label="Your answer (JSON)"
        value={values.json}
        multiline
        rows={6}
        monospace
        placeholder={challenge.answerShape}
        hint={
          <>
            The answer's shape: <code>{challenge.answerShape}</code>
          </>
        }
        error={formError}
        onChange={(json) => onChange({ ...values, json })}
      />
    );
  return (
    <div className="stack">
      {fields.map((field) => (
        <FieldInput
          key={field.name}
          field={field}
          values={values}
          error={errors[field.name] ?? null}
          onChange={onChange}
          pub={pub}
        />
      ))}
      {formError && (
        <div className="field__error" role="alert">
          {formError}
        </div>
      )}
    </div>
  );
}

function FieldInput({
  field,
  values,
  error,
  onChange,
  pub,
}: {
  field: AnswerField;
  values: FormValues;
  error: string | null;
  onChange: (values: FormValues) => void;
  pub: unknown;
}) {
  const text = values.text[field.name] ?? '';
  const setText = (value: string) =>
    onChange({ ...values, text: { ...values.text, [field.name]: value } });
  if (field.kind === 'choice')
    return (
      <div className="challenge-field">
        <Choice
          label={field.label}
          value={text || '0'}
          options={field.options.map((option, index) => ({
            value: String(index),
            label: option.label,
          }))}
          onChange={setText}
        />
        {error && <FieldError message={error} />}
      </div>
    );
  if (field.kind === 'checkboxes') {
    const list = (pub as Record<string, unknown> | null)?.[field.from];
    const items = Array.isArray(list) ? (list as { id: string; label: string }[]) : [];
    const chosen = new Set(text === '' ? [] : text.split(','));
    const toggle = (id: string) => {
      if (chosen.has(id)) chosen.delete(id);
      else chosen.add(id);
      setText(
        items
          .filter((item) => chosen.has(item.id))
          .map((item) => item.id)
          .join(','),
      );
    };
    return (
      <fieldset className="challenge-field choice">
        <legend>{field.label}</legend>
        <div className="choice__options">
          {items.map((item) => (
            <label key={item.id}>
              <input
                type="checkbox"
                checked={chosen.has(item.id)}
                onChange={() => toggle(item.id)}
              />
              {item.label}
            </label>
          ))}
        </div>
        {error && <FieldError message={error} />}
      </fieldset>
    );
  }
  const encoding: ByteEncoding =
    field.kind === 'bytes' ? (values.encoding[field.name] ?? field.as) : 'text';
  return (
    <div className="challenge-field">
      {field.kind === 'bytes' && (
        <Choice
          label={`${field.label}, written as`}
          value={encoding}
          options={ENCODING_OPTIONS}
          onChange={(next) =>
            onChange({ ...values, encoding: { ...values.encoding, [field.name]: next } })
          }
        />
      )}
      <TextField
        label={field.label}
        value={text}
        onChange={setText}
        error={error}
        hint={field.hint}
        monospace={field.kind !== 'text'}
        multiline={field.kind === 'textarea' || field.kind === 'bytes'}
        rows={field.kind === 'textarea' ? 5 : 3}
      />
    </div>
  );
}

function FieldError({ message }: { message: string }) {
  return (
    <div className="field__error" role="alert">
      {message}
    </div>
  );
}
