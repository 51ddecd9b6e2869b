/**
 * Sharing an exercise by link: the code goes into the address compressed (deflate-raw, then
 * URL-safe base64), and the report as a short summary (`length-extension:fail,timing:pass,…`), so
 * a teacher can hand out a link that opens the exercise and shows what the last run found.
 */
import { bytesToBase64, parseBase64, tryBytesToUtf8, utf8ToBytes } from '../../../core/bytes';
import { fail, ok, type Result } from '../../../core/result';
import { MAX_SOURCE_LENGTH } from './compile';
import { ATTACK_IDS, type AttackId, type AttackResult, type Verdict } from './report';

/** Version tag in front of the code parameter, so a later format can be told apart. */
const VERSION = '1';
const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'warn', 'unmeasured', 'skip'];

async function pump(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function through(bytes: Uint8Array, transform: CompressionStream | DecompressionStream) {
  const writer = transform.writable.getWriter();
  void writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  void writer.close().catch(() => {});
  return transform.readable as ReadableStream<Uint8Array>;
}

export async function encodeCode(code: string): Promise<string> {
  const compressed = await pump(
    through(utf8ToBytes(code), new CompressionStream('deflate-raw')),
    Number.MAX_SAFE_INTEGER,
  );
  return VERSION + bytesToBase64(compressed!, { url: true });
}

export async function decodeCode(param: string): Promise<Result<string>> {
  if (!param.startsWith(VERSION))
    return fail(
      'share/version',
      'The code in this link is in a format this version does not know.',
    );
  const bytes = parseBase64(param.slice(VERSION.length));
  if (!bytes.ok)
    return fail('share/base64', `The code in this link is damaged (${bytes.error.message})`);
  let inflated: Uint8Array | null;
  try {
    // Four bytes per character is the most UTF-8 can take; anything longer is not code we made.
    inflated = await pump(
      through(bytes.value, new DecompressionStream('deflate-raw')),
      MAX_SOURCE_LENGTH * 4,
    );
  } catch {
    return fail(
      'share/corrupt',
      'The code in this link is damaged: it does not decompress. Was the link cut short?',
    );
  }
  if (!inflated)
    return fail(
      'share/too-long',
      `The code in this link is longer than the ${MAX_SOURCE_LENGTH} characters the lab takes.`,
    );
  const text = tryBytesToUtf8(inflated);
  if (!text.ok)
    return fail('share/utf8', 'The code in this link is damaged: it is not valid text.');
  return ok(text.value);
}

export interface ReportSummaryEntry {
  id: AttackId;
  verdict: Verdict;
}

export function summarizeReport(results: readonly Pick<AttackResult, 'id' | 'verdict'>[]): string {
  return results.map((r) => `${r.id}:${r.verdict}`).join(',');
}

export function parseReportSummary(text: string): Result<ReportSummaryEntry[]> {
  const entries: ReportSummaryEntry[] = [];
  for (const part of text.split(',')) {
    const [id, verdict, extra] = part.split(':');
    if (
      extra !== undefined ||
      !(ATTACK_IDS as readonly string[]).includes(id ?? '') ||
      !(VERDICTS as readonly string[]).includes(verdict ?? '') ||
      entries.some((e) => e.id === id)
    )
      return fail(
        'share/report',
        `The report in this link is damaged near “${part.slice(0, 40)}”.`,
      );
    entries.push({ id: id as AttackId, verdict: verdict as Verdict });
  }
  return ok(entries);
}
