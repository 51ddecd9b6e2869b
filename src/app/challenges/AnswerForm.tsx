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
}: {
  challenge: Challenge;
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
}: {
  field: AnswerField;
  values: FormValues;
  error: string | null;
  onChange: (values: FormValues) => void;
}) {
  const text = values.text[field.name] ?? '';
  const setText = (value: string) =>
    onChange({ ...values, text: { ...values.text, [field.name]: value } });
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
