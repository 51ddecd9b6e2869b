/**
 * A small ustar (POSIX.1-1988) writer and reader: the simulated package is a real .tar file that
 * Python's tarfile and GNU tar open, and the installer really extracts it.
 */
import { bytesToUtf8, utf8ToBytes } from '../../../../core/bytes';
import { fail, ok, type Result } from '../../../../core/result';

export interface TarFile {
  name: string;
  data: Uint8Array;
  /** Permission bits, e.g. 0o644. */
  mode?: number;
}

const BLOCK = 512;

function octal(value: number, width: number): Uint8Array {
  // width - 1 octal digits, then NUL (POSIX: "leading zero-filled octal ... terminated by NUL").
  return utf8ToBytes(value.toString(8).padStart(width - 1, '0') + '\0');
}

function header(file: TarFile, mtime: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const put = (offset: number, bytes: Uint8Array) => h.set(bytes.subarray(0, bytes.length), offset);
  const name = utf8ToBytes(file.name);
  if (name.length > 100) throw new Error(`tar name too long: ${file.name}`);
  put(0, name);
  put(100, octal(file.mode ?? 0o644, 8));
  put(108, octal(1000, 8)); // uid
  put(116, octal(1000, 8)); // gid
  put(124, octal(file.data.length, 12));
  put(136, octal(mtime, 12));
  h.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  h[156] = 0x30; // typeflag '0': regular file
  put(257, utf8ToBytes('ustar\0'));
  put(263, utf8ToBytes('00'));
  put(265, utf8ToBytes('publisher'));
  put(297, utf8ToBytes('publisher'));
  let sum = 0;
  for (const b of h) sum += b;
  put(148, utf8ToBytes(sum.toString(8).padStart(6, '0') + '\0 '));
  return h;
}

export function writeTar(files: TarFile[], mtime: number): Uint8Array {
  let size = 2 * BLOCK;
  for (const f of files) size += BLOCK + Math.ceil(f.data.length / BLOCK) * BLOCK;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const file of files) {
    out.set(header(file, mtime), offset);
    out.set(file.data, offset + BLOCK);
    offset += BLOCK + Math.ceil(file.data.length / BLOCK) * BLOCK;
  }
  return out; // ends with two zero blocks
}

const field = (h: Uint8Array, offset: number, length: number) => {
  const raw = h.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return bytesToUtf8(end < 0 ? raw : raw.subarray(0, end));
};

export function readTar(data: Uint8Array): Result<TarFile[]> {
  const files: TarFile[] = [];
  let offset = 0;
  while (offset + BLOCK <= data.length) {
    const h = data.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) return ok(files);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    const stored = parseInt(field(h, 148, 8).trim(), 8);
    if (stored !== sum)
      return fail('tar/checksum', `The tar header at byte ${offset} has a bad checksum.`);
    const size = parseInt(field(h, 124, 12).trim() || '0', 8);
    const name = field(h, 0, 100);
    const prefix = field(h, 345, 155);
    const type = String.fromCharCode(h[156]!);
    if (offset + BLOCK + size > data.length)
      return fail('tar/truncated', `The tar member ${name} runs past the end of the archive.`);
    if (type === '0' || type === '\0')
      files.push({
        name: prefix ? `${prefix}/${name}` : name,
        data: data.slice(offset + BLOCK, offset + BLOCK + size),
        mode: parseInt(field(h, 100, 8).trim() || '0', 8),
      });
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return fail('tar/no-end', 'The tar archive ends without its two closing zero blocks.');
}
