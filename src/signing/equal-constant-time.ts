/**
 * String comparison whose running time does not depend on where the strings differ, so a caller
 * cannot learn a correct signature byte by byte from response times. Pure code (no `node:crypto`
 * `timingSafeEqual`) so it runs in k6 too; signatures are short (28–64 characters).
 */

/** True when `a` and `b` are equal; time depends only on their lengths. */
export function equalConstantTime(a: string, b: string): boolean {
  const n = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
