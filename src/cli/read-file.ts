/** File input for CLI commands, with errors a user can act on. */
import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fail, ok, type Result } from '../core/result';

function describe(path: string, error: unknown): Result<never> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return fail('file/not-found', `No such file: ${path}`);
  if (code === 'EISDIR') return fail('file/is-directory', `${path} is a directory, not a file.`);
  if (code === 'EACCES') return fail('file/permission', `Permission denied reading ${path}.`);
  return fail('file/unreadable', `Could not read ${path}: ${(error as Error).message}`);
}

export async function readWholeFile(path: string): Promise<Result<Uint8Array>> {
  try {
    return ok(new Uint8Array(await readFile(path)));
  } catch (error) {
    return describe(path, error);
  }
}

/** Opens a file as a stream of chunks (for hashing files of any size). */
export function openFileChunks(
  path: string,
): Result<{ size: number; chunks: AsyncIterable<Uint8Array> }> {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return fail('file/is-directory', `${path} is a directory, not a file.`);
    return ok({
      size: stat.size,
      chunks: createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }),
    });
  } catch (error) {
    return describe(path, error);
  }
}
