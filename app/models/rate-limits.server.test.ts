import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rateLimits } from "#db/schema";
import { getDb } from "~/utils/db.server";
import { consume, purgeRateLimits } from "./rate-limits.server";

const T0 = 1_800_000_000_000; // a fixed "now" in 2027

describe("consume", () => {
  it("allows `limit` attempts in a window and refuses the next, saying how long to wait", () => {
    const rule = { limit: 3, windowMs: 60_000 };
    for (let i = 0; i < 3; i++) expect(consume("test:allows", rule, T0 + i * 1000)).toEqual({ ok: true });
    const refused = consume("test:allows", rule, T0 + 10_000);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.retryAfterMs).toBe(50_000); // the window opened at T0 and lasts 60 s
  });

  it("never says to wait less than a second", () => {
    const rule = { limit: 1, windowMs: 60_000 };
    consume("test:floor", rule, T0);
    const refused = consume("test:floor", rule, T0 + 59_900);
    expect(refused).toEqual({ ok: false, retryAfterMs: 1000 });
  });

  it("keeps refusing until the window is over, then opens again with a fresh count", () => {
    const rule = { limit: 2, windowMs: 60_000 };
    consume("test:window", rule, T0);
    consume("test:window", rule, T0);
    expect(consume("test:window", rule, T0 + 59_999).ok).toBe(false);
    expect(consume("test:window", rule, T0 + 60_000)).toEqual({ ok: true });
    expect(consume("test:window", rule, T0 + 60_001)).toEqual({ ok: true });
    expect(consume("test:window", rule, T0 + 60_002).ok).toBe(false);
  });

  it("refused attempts do not push the window further out", () => {
    const rule = { limit: 1, windowMs: 10_000 };
    consume("test:push", rule, T0);
    for (let t = 1000; t < 10_000; t += 1000) expect(consume("test:push", rule, T0 + t).ok).toBe(false);
    expect(consume("test:push", rule, T0 + 10_000).ok).toBe(true);
  });

  it("counts each key on its own", () => {
    const rule = { limit: 1, windowMs: 60_000 };
    expect(consume("test:a", rule, T0).ok).toBe(true);
    expect(consume("test:b", rule, T0).ok).toBe(true);
    expect(consume("test:a", rule, T0).ok).toBe(false);
    expect(consume("test:b", rule, T0).ok).toBe(false);
  });

  it("counts 200 calls fired at once exactly: 150 allowed, 50 refused", async () => {
    const rule = { limit: 150, windowMs: 60_000 };
    const results = await Promise.all(Array.from({ length: 200 }, async () => consume("test:burst", rule, T0)));
    expect(results.filter((r) => r.ok)).toHaveLength(150);
    expect(results.filter((r) => !r.ok)).toHaveLength(50);
    expect(results.slice(0, 150).every((r) => r.ok)).toBe(true);
    const row = getDb().select().from(rateLimits).where(eq(rateLimits.key, "test:burst")).get();
    expect(row).toEqual({ key: "test:burst", windowStart: T0, count: 200 });
  });

  it("counts 200 calls in a loop exactly", () => {
    const rule = { limit: 200, windowMs: 60_000 };
    let allowed = 0;
    for (let i = 0; i < 200; i++) if (consume("test:loop", rule, T0 + i).ok) allowed += 1;
    expect(allowed).toBe(200);
    expect(consume("test:loop", rule, T0 + 200).ok).toBe(false);
  });
});

describe("purgeRateLimits", () => {
  it("removes counters whose window started long ago, and keeps the rest", () => {
    const rule = { limit: 5, windowMs: 60_000 };
    consume("test:old", rule, T0 - 2 * 3_600_000);
    consume("test:new", rule, T0);
    purgeRateLimits(3_600_000, T0);
    const keys = getDb().select({ key: rateLimits.key }).from(rateLimits).all().map((r) => r.key);
    expect(keys).not.toContain("test:old");
    expect(keys).toContain("test:new");
  });
});
