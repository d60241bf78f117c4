/** NonceStore: replays refused within the window, forgotten after it, memory capped by count. */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ManualClock } from "../../src/core/clock.ts";
import { NonceStore } from "../../src/mock/nonce-store.ts";

test("a nonce is refused within the window and accepted again after it", () => {
  const clock = new ManualClock();
  const store = new NonceStore({ clock, windowMs: 1000 });
  assert.equal(store.remember("id", "n1"), true);
  clock.advance(999);
  assert.equal(store.remember("id", "n1"), false, "replay inside the window");
  assert.equal(store.remember("other-id", "n1"), true, "nonces are per AccessKeyId");
  clock.advance(1);
  assert.equal(store.remember("id", "n1"), true, "forgotten exactly at the end of the window");
});

test("expired nonces are dropped, so the size stays at what one window holds", () => {
  const clock = new ManualClock();
  const store = new NonceStore({ clock, windowMs: 100 });
  for (let i = 0; i < 1000; i++) {
    store.remember("id", `n${i}`);
    clock.advance(10);
  }
  assert.ok(store.size <= 10, `size ${store.size}`);
  assert.equal(store.evictedEarly, 0);
});

test("property: never more than maxEntries; any replay within the window is refused unless evicted early", () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ nonce: fc.integer({ min: 0, max: 20 }), dt: fc.integer({ min: 0, max: 60 }) }), {
        maxLength: 200,
      }),
      fc.integer({ min: 1, max: 15 }),
      (steps, maxEntries) => {
        const clock = new ManualClock();
        const store = new NonceStore({ clock, windowMs: 100, maxEntries });
        const lastAccepted = new Map<number, number>();
        for (const { nonce, dt } of steps) {
          clock.advance(dt);
          const now = clock.monotonicMs();
          const accepted = store.remember("id", String(nonce));
          const last = lastAccepted.get(nonce);
          if (last !== undefined && now - last < 100 && store.evictedEarly === 0) assert.equal(accepted, false);
          if (last === undefined || now - last >= 100) assert.equal(accepted, true);
          if (accepted) lastAccepted.set(nonce, now);
          assert.ok(store.size <= maxEntries);
        }
      },
    ),
  );
});

test("bad options are refused", () => {
  assert.throws(() => new NonceStore({ clock: new ManualClock(), windowMs: 0 }), /window/);
  assert.throws(() => new NonceStore({ clock: new ManualClock(), maxEntries: 0 }), /size/);
});
