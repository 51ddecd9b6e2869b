/** The shape of a CLI command: options in, a JSON-able value out, or a user-facing error. */
import type { Result } from '../core/result';

export type OptionSpec = Record<
  string,
  { type: 'string' | 'boolean'; multiple?: boolean; short?: string }
>;

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  run(values: OptionValues): Promise<Result<unknown>>;
  /** Human-readable rendering when --json is not given; defaults to pretty JSON. */
  format?(value: unknown): string;
  /**
   * The exit status once the value is printed (default 0), with a line for stderr: a verdict the
   * caller's script must see, such as code-attack's 3 when an attack got through.
   */
  exitStatus?(value: unknown): { status: number; error?: string };
}

/** Reads a required string option, with the error message the CLI prints if it is missing. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
