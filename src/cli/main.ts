/**
 * The command-line interface: the labs' cores, headless in Node. Every command takes --json and
 * then prints exactly one JSON value on stdout; bad input prints one clear line on stderr and exits
 * non-zero (1 for bad input, 2 for bad usage), never a stack trace. A command may give a printed
 * result its own exit status (code-attack: 3 when an attack got through), said in its help.
 */
import { parseArgs } from 'node:util';
import { loadAllCommands, loadCommand, subcommandsOf } from './commands';
import type { CliCommand } from './command';

async function help(): Promise<string> {
  const lines = ['Usage: security-playground <command> [options] [--json]', '', 'Commands:'];
  for (const command of await loadAllCommands())
    lines.push(`  ${command.name.padEnd(16)} ${command.summary}`);
  lines.push('', "Run 'security-playground <command> --help' for a command's options.");
  return lines.join('\n');
}

function commandHelp(command: CliCommand): string {
  return `${command.summary}\n\nUsage: security-playground ${command.name} ${command.usage}`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...afterName] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write((await help()) + '\n');
    return name ? 0 : 2;
  }
  // Two-word commands ("challenge make") are named by their first two arguments.
  const family = subcommandsOf(name);
  if (family.length > 0 && !family.includes(afterName[0] ?? '')) {
    const given = afterName[0] === undefined ? '' : ` (not "${afterName[0]}")`;
    process.stderr.write(
      `error: "${name}" needs one of ${family.join(', ')}${given}, e.g. \`${name} ${family[0]} --help\`.\n`,
    );
    return 2;
  }
  const command = await loadCommand(family.length > 0 ? `${name} ${afterName[0]}` : name);
  const rest = family.length > 0 ? afterName.slice(1) : afterName;
  if (!command) {
    process.stderr.write(`error: unknown command "${name}".\n\n${await help()}\n`);
    return 2;
  }
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        ...command.options,
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n\n${commandHelp(command)}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(commandHelp(command) + '\n');
    return 0;
  }
  const result = await command.run(values as Parameters<CliCommand['run']>[0]);
  if (!result.ok) {
    process.stderr.write(`error: ${result.error.message}\n`);
    return result.error.code.startsWith('usage/') ? 2 : 1;
  }
  const output = values.json
    ? JSON.stringify(result.value)
    : (command.format?.(result.value) ?? JSON.stringify(result.value, null, 2));
  process.stdout.write(output + '\n');
  const exit = command.exitStatus?.(result.value);
  if (exit?.error) process.stderr.write(`error: ${exit.error}\n`);
  return exit?.status ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.DEBUG) console.error(error);
    process.exitCode = 1;
  },
);
