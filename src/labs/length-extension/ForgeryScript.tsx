/** “Copy as a Python script” for a forgery: the same forgeries, for the lengths the lab tried. */
import { ScriptExport } from '../../ui/ScriptExport';
import type { AttackAttempt } from './core/attack';
import type { Forgery } from './core/forge';
import { forgeryNodeScript, forgeryPythonScript, type ForgeryScriptInput } from './core/script';

export function ForgeryScript({
  forgery,
  triedFrom,
}: {
  /** The forgery on screen: the accepted one, or the last tried. */
  forgery: Forgery;
  /** The first try, so the script prints every row of the tries table. */
  triedFrom?: AttackAttempt;
}) {
  return (
    <ForgeryRangeScript
      input={{
        algorithm: forgery.algorithm,
        tag: forgery.tag,
        message: forgery.message,
        append: forgery.append,
        minSecretLength: triedFrom?.secretLength ?? forgery.secretLength,
        maxSecretLength: forgery.secretLength,
      }}
    />
  );
}

export function ForgeryRangeScript({ input }: { input: ForgeryScriptInput }) {
  return (
    <ScriptExport
      name="length_extension"
      python={forgeryPythonScript(input)}
      javascript={forgeryNodeScript(input)}
    />
  );
}
