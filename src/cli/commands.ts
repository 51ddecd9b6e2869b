/**
 * Every CLI command, from every lab. Each lab's commands are loaded only when one of them runs, so
 * `forge` never parses the pickle tables and start-up stays small. A lab with a CLI adds one entry
 * here (the names are checked against the loaded commands by cli.test.ts).
 */
import type { CliCommand } from './command';

export interface CommandModule {
  names: readonly string[];
  load: () => Promise<readonly CliCommand[]>;
}

export const COMMAND_MODULES: readonly CommandModule[] = [
  {
    names: ['hash', 'hash-speed'],
    load: async () => {
      const m = await import('../labs/hashes/cli');
      return [m.hashCommand, m.hashSpeedCommand];
    },
  },
  {
    names: ['forge'],
    load: async () => [(await import('../labs/length-extension/cli')).forgeCommand],
  },
  {
    names: ['cipher-seal', 'cipher-flip', 'cipher-open', 'crib-drag'],
    load: async () => (await import('../labs/encryption/cli')).encryptionCommands,
  },
  {
    names: ['mt-clone', 'mt-seed-search', 'v8-predict', 'boot-seed-search'],
    load: async () => {
      const m = await import('../labs/randomness/cli');
      return [m.mtCloneCommand, m.mtSeedSearchCommand, m.v8PredictCommand, m.bootSeedSearchCommand];
    },
  },
  {
    names: ['timing-attack'],
    load: async () => [(await import('../labs/timing/cli')).timingAttackCommand],
  },
  {
    names: ['pickle-dis', 'pickle-scan', 'pickle-load', 'install-matrix'],
    load: async () => (await import('../labs/untrusted-data/cli')).untrustedDataCommands,
  },
  {
    names: ['code-attack'],
    load: async () => [(await import('../labs/code/cli')).codeAttackCommand],
  },
  {
    names: ['challenge list', 'challenge make', 'challenge ask', 'challenge check'],
    load: async () => (await import('./challenge')).challengeCommands,
  },
];

/** The second words of a two-word command family ("challenge" → list, make, ask, check). */
export function subcommandsOf(first: string): string[] {
  return COMMAND_MODULES.flatMap((m) => m.names)
    .filter((n) => n.startsWith(`${first} `))
    .map((n) => n.slice(first.length + 1));
}

export async function loadCommand(name: string): Promise<CliCommand | undefined> {
  const module = COMMAND_MODULES.find((m) => m.names.includes(name));
  return (await module?.load())?.find((c) => c.name === name);
}

export async function loadAllCommands(): Promise<CliCommand[]> {
  return (await Promise.all(COMMAND_MODULES.map((m) => m.load()))).flat();
}
