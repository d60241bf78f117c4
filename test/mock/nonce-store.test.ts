/**
 * NonceStore: replays refused for as long as the request's timestamp is accepted (past and future skew), copies of
 * short strings only, memory capped in bytes, and a full store refuses new nonces rather than forgetting live ones.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { ManualClock } from "../../src/core/clock.ts";
import { NonceStore } from "../../src/mock/nonce-store.ts";

const SKEW = 15 * 60 * 1000;

test("a nonce is refused within the window and accepted again after it", () => {
  const clock = new ManualClock();
  const store = new NonceStore({ clock, windowMs: 1000 });
  assert.equal(store.remember("id", "n1"), "fresh");
  clock.advance(999);
  assert.equal(store.remember("id", "n1"), "replayed", "replay inside the window");
  assert.equal(store.remember("other-id", "n1"), "fresh", "nonces are per AccessKeyId");
  clock.advance(1);
  assert.equal(store.remember("id", "n1"), "fresh", "forgotten exactly at the end of the window");
});

test("a request timed 15 minutes ahead is refused as a replay until its timestamp expires, 30 minutes on", () => {
  const clock = new ManualClock();
  const store = new NonceStore({ clock, windowMs: SKEW });
  const requestTime = clock.wallMs() + SKEW; // the furthest future timestamp the skew check accepts
  assert.equal(store.remember("id", "n", requestTime + SKEW), "fresh");
  clock.advance(2 * SKEW - 1);
  // The skew check still accepts it here (|now − requestTime| < 15 min): the nonce must still be known.
  assert.ok(Math.abs(clock.wallMs() - requestTime) <= SKEW);
  assert.equal(store.remember("id", "n", requestTime + SKEW), "replayed");
  clock.advance(1);
  // Its last accepted millisecond: the check refuses only beyond 15 min (|now − requestTime| = 15 min passes).
  assert.equal(Math.abs(clock.wallMs() - requestTime), SKEW);
  assert.equal(store.remember("id", "n", requestTime + SKEW), "replayed");
  clock.advance(1);
  assert.equal(store.remember("id", "n", requestTime + SKEW), "fresh");
});

/** How far a step moves the clock: to `edge` ms after the nonce's last accepted ms when that is ahead, else `dt`. */
function stepLength(now: number, dt: number, edge: number | undefined, lastAccepted: number | undefined): number {
  if (edge === undefined || lastAccepted === undefined || lastAccepted + edge < now) return dt;
  return lastAccepted + edge - now;
}

test("property: a replay at any moment its timestamp is accepted is refused, whatever the order of deadlines", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          nonce: fc.integer({ min: 0, max: 30 }),
          // Request time relative to receipt, within the accepted skew either way.
          offset: fc.integer({ min: -SKEW, max: SKEW }),
          dt: fc.integer({ min: 0, max: 5 * 60 * 1000 }),
          // Or the step lands on the nonce's last accepted millisecond (0) or the one after it (1).
          edge: fc.constantFrom(undefined, 0, 1),
        }),
        { maxLength: 150 },
      ),
      (steps) => {
        const clock = new ManualClock();
        const store = new NonceStore({ clock, windowMs: 1000 });
        /** nonce → the last wall ms at which its accepted request's timestamp passes the skew check (or the floor). */
        const acceptedUntil = new Map<number, number>();
        for (const { nonce, offset, dt, edge } of steps) {
          clock.advance(stepLength(clock.wallMs(), dt, edge, acceptedUntil.get(nonce)));
          const now = clock.wallMs();
          const until = now + offset + SKEW;
          const verdict = store.remember("id", String(nonce), until);
          const live = acceptedUntil.get(nonce);
          if (live !== undefined && now <= live) assert.equal(verdict, "replayed", `nonce ${nonce} at ${now}`);
          if (verdict === "fresh") acceptedUntil.set(nonce, Math.max(until, now + 999));
        }
      },
    ),
  );
});

test("expired nonces are dropped, so the size stays at what one window holds", () => {
  const clock = new ManualClock();
  const store = new NonceStore({ clock, windowMs: 100 });
  for (let i = 0; i < 1000; i++) {
    store.remember("id", `n${i}`);
    clock.advance(10);
  }
  // One-second buckets: an entry may outlive its deadline by under a second, never by more.
  assert.ok(store.size <= 111, `size ${store.size}`);
  clock.advance(1100);
  store.remember("id", "last");
  assert.equal(store.size, 1);
  assert.equal(store.bytes > 0 && store.bytes < 200, true, `bytes ${store.bytes}`);
});

test("a nonce longer than the limit is refused and not stored", () => {
  const store = new NonceStore({ clock: new ManualClock(), maxNonceLength: 64 });
  assert.equal(store.remember("id", "x".repeat(64)), "fresh");
  assert.equal(store.remember("id", "x".repeat(65)), "too-long");
  assert.equal(store.size, 1);
});

test("a full store refuses new nonces and keeps every live one; room comes back as they expire", () => {
  const clock = new ManualClock();
  const store = new NonceStore({ clock, windowMs: 10_000, maxBytes: 2000 });
  const accepted: string[] = [];
  for (let i = 0; ; i++) {
    const verdict = store.remember("id", `nonce-${i}`);
    if (verdict === "full") break;
    assert.equal(verdict, "fresh");
    accepted.push(`nonce-${i}`);
  }
  assert.ok(accepted.length > 5, `${accepted.length} fitted`);
  assert.ok(store.bytes <= 2000);
  assert.equal(store.refusedFull, 1);
  for (const nonce of accepted) assert.equal(store.remember("id", nonce), "replayed", "none forgotten early");
  clock.advance(10_000);
  assert.equal(store.remember("id", "after-expiry"), "fresh");
});

test("property: the estimated size never exceeds the budget nor the count cap", () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ nonce: fc.string({ maxLength: 40 }), dt: fc.integer({ min: 0, max: 400 }) }), {
        maxLength: 200,
      }),
      fc.integer({ min: 100, max: 3000 }),
      fc.integer({ min: 1, max: 15 }),
      (steps, maxBytes, maxEntries) => {
        const clock = new ManualClock();
        const store = new NonceStore({ clock, windowMs: 1000, maxBytes, maxEntries });
        for (const { nonce, dt } of steps) {
          clock.advance(dt);
          store.remember("id", nonce);
          assert.ok(store.bytes <= maxBytes, `${store.bytes} > ${maxBytes}`);
          assert.ok(store.size <= maxEntries);
        }
      },
    ),
  );
});

test("the store keeps copies: nonces sliced from 2 MB request texts do not keep those texts alive", () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const store = new NonceStore({ clock: new ManualClock() });
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 40; i++) {
    // As a form body parses: the nonce and the id are slices of one large string.
    const text = `Data=${String(i).padEnd(2_000_000, "abcdefghij")}&AccessKeyId=specgate-test-id&SignatureNonce=${"0123456789abcdef".repeat(2)}${i}`;
    const id = text.slice(text.indexOf("AccessKeyId=") + 12, text.indexOf("&SignatureNonce"));
    const nonce = text.slice(text.indexOf("SignatureNonce=") + 15);
    assert.equal(store.remember(id, nonce), "fresh");
  }
  gc();
  const grownMb = (process.memoryUsage().heapUsed - before) / 1e6;
  assert.equal(store.size, 40);
  // Keeping the texts would take 40 × 2 MB (80 MB, more as two-byte strings).
  assert.ok(grownMb < 10, `heap grew ${grownMb.toFixed(1)} MB`);
});

test("bad options are refused", () => {
  assert.throws(() => new NonceStore({ clock: new ManualClock(), windowMs: 0 }), /window/);
  assert.throws(() => new NonceStore({ clock: new ManualClock(), maxEntries: 0 }), /size/);
  assert.throws(() => new NonceStore({ clock: new ManualClock(), maxBytes: 0.5 }), /budget/);
  assert.throws(() => new NonceStore({ clock: new ManualClock(), maxNonceLength: -1 }), /length/);
});
