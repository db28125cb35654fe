import { lt, sql } from "drizzle-orm";
import { rateLimits } from "#db/schema";
import { getDb } from "~/utils/db.server";

export type Limit = { limit: number; windowMs: number };
export type LimitResult = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Counts one attempt against `key` in a fixed window and says whether it is still allowed.
 * One UPSERT, so concurrent attempts cannot slip past the count.
 */
export function consume(key: string, { limit, windowMs }: Limit, now = Date.now()): LimitResult {
  const row = getDb().get<{ count: number; window_start: number }>(sql`
    insert into rate_limits (key, window_start, count) values (${key}, ${now}, 1)
    on conflict (key) do update set
      count = case when window_start <= ${now - windowMs} then 1 else count + 1 end,
      window_start = case when window_start <= ${now - windowMs} then ${now} else window_start end
    returning count, window_start`);
  if (row.count <= limit) return { ok: true };
  return { ok: false, retryAfterMs: Math.max(1000, row.window_start + windowMs - now) };
}

export function purgeRateLimits(olderThanMs: number, now = Date.now()): number {
  return getDb().delete(rateLimits).where(lt(rateLimits.windowStart, now - olderThanMs)).run().changes;
}
