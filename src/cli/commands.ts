/** Every CLI command, from every lab. A lab with a CLI adds its commands here. */
import type { CliCommand } from './command';
import { hashCommand } from '../labs/hashes/cli';
import { forgeCommand } from '../labs/length-extension/cli';
import { mtCloneCommand, mtSeedSearchCommand, v8PredictCommand } from '../labs/randomness/cli';
import { untrustedDataCommands } from '../labs/untrusted-data/cli';

export const COMMANDS: readonly CliCommand[] = [
  hashCommand,
  forgeCommand,
  mtCloneCommand,
  mtSeedSearchCommand,
  v8PredictCommand,
  ...untrustedDataCommands,
];
