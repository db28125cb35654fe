// The limits on attempts, in one place so that the README can say them.
import type { AppLoadContext } from "@remix-run/node";
import { consume, type Limit, type LimitResult } from "~/models/rate-limits.server";

const MINUTE = 60_000;

export const RATE_LIMITS = {
  loginPerIp: { limit: 30, windowMs: 15 * MINUTE },
  loginPerAccount: { limit: 10, windowMs: 15 * MINUTE },
  registerPerIp: { limit: 10, windowMs: 60 * MINUTE },
  resetPerIp: { limit: 10, windowMs: 60 * MINUTE },
  resetPerAccount: { limit: 3, windowMs: 60 * MINUTE },
  ballotPerAccount: { limit: 30, windowMs: 10 * MINUTE },
  apiPerIp: { limit: 600, windowMs: MINUTE },
  verifyCodePerAccount: { limit: 10, windowMs: 60 * MINUTE },
} satisfies Record<string, Limit>;

export type RateLimitName = keyof typeof RATE_LIMITS;

/** The client's address as the server saw it (express sets it, honouring TRUST_PROXY). */
export function clientIp(context: AppLoadContext | undefined): string {
  const ip = (context as { ip?: unknown } | undefined)?.ip;
  return typeof ip === "string" && ip ? ip : "unknown";
}

/** Counts an attempt under every given key; the first refusal wins. */
export function checkLimits(attempts: Array<[RateLimitName, string]>, now = Date.now()): LimitResult {
  let worst: LimitResult = { ok: true };
  for (const [name, subject] of attempts) {
    const result = consume(`${name}:${subject}`, RATE_LIMITS[name], now);
    if (!result.ok && (worst.ok || result.retryAfterMs > worst.retryAfterMs)) worst = result;
  }
  return worst;
}
