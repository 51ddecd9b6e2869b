/**
 * An instructor's instance in a link: `?instance=` holds the public part as JSON in base64url
 * (what `challenge make --json` prints as `instanceParam`). Decoding reports what is wrong in
 * words a learner can pass on to the instructor.
 */
import { bytesToBase64, parseBase64, tryBytesToUtf8, utf8ToBytes } from '../../core/bytes';
import { MAX_PUBLIC_CHARS } from '../../core/challenge';
import { fail, ok, type Result } from '../../core/result';

export function encodeInstanceParam(pub: unknown): string {
  return bytesToBase64(utf8ToBytes(JSON.stringify(pub)), { url: true });
}

export function decodeInstanceParam(param: string): Result<unknown> {
  if (param.length > (MAX_PUBLIC_CHARS * 4) / 3 + 4)
    return fail('instance/too-long', 'The instance in this link is far too long to be one.');
  const bytes = parseBase64(param);
  if (!bytes.ok)
    return fail(
      'instance/base64',
      `The instance in this link is not base64url: ${bytes.error.message} Was the link cut short or changed?`,
    );
  const text = tryBytesToUtf8(bytes.value);
  if (!text.ok)
    return fail('instance/utf8', 'The instance in this link does not decode to text (UTF-8).');
  try {
    return ok(JSON.parse(text.value) as unknown);
  } catch (error) {
    return fail(
      'instance/json',
      `The instance in this link is not JSON (${(error as Error).message}). Was the link cut short?`,
    );
  }
}
