/**
 * A small deterministic PRNG (mulberry32, public-domain algorithm by Tommy Ettinger) so that seeded mock
 * data is identical across runs and machines. Not for anything security-related.
 */

/** Returns a function yielding floats in [0, 1), fully determined by `seed`. */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX_DIGITS = "0123456789abcdef";

/** `length` lowercase hex characters drawn from `random`, one draw each. */
export function drawHex(random: () => number, length: number): string {
  let out = "";
  // A table look-up, not Number#toString(16): the same digits, several times cheaper (seeding at start-up).
  for (let i = 0; i < length; i++) out += HEX_DIGITS[Math.floor(random() * 16)];
  return out;
}
