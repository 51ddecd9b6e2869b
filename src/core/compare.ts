/**
 * Constant-time comparison, as the talk describes it and as `hmac.compare_digest` and
 * `crypto.timingSafeEqual` do it: check the length, then OR together the XOR of every pair so the
 * loop always runs to the end, whatever the contents.
 */

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** The leaky version, for the labs that show what goes wrong: it stops at the first difference. */
export function earlyExitEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
