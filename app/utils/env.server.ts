// The environment, read and validated once. Anything else in the app reads `env`, never process.env.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("data/khma.sqlite"),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().min(3).default("Khma <no-reply@localhost>"),
  /** Set when Khma runs behind a reverse proxy that sets X-Forwarded-For (e.g. "1" for one hop). */
  TRUST_PROXY: z.string().optional(),
  /** Create the demo admin, moderator and residents when seeding an empty database. */
  KHMA_DEMO_ACCOUNTS: z.enum(["0", "1"]).optional(),
});

export type Env = z.infer<typeof schema> & { SESSION_SECRET: string; isProduction: boolean; demoAccounts: boolean };

/** Parses an environment; throws a readable message when it is wrong. Exported for tests. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Khma cannot start, the environment is not valid:\n${lines.join("\n")}`);
  }
  const parsed = result.data;
  const isProduction = parsed.NODE_ENV === "production";
  if (isProduction && !parsed.SESSION_SECRET) {
    throw new Error(
      "Khma cannot start: SESSION_SECRET is required in production (a random string of 32 characters or more).",
    );
  }
  return {
    ...parsed,
    SESSION_SECRET: parsed.SESSION_SECRET ?? localSecret(parsed.DATABASE_PATH),
    isProduction,
    demoAccounts: parsed.KHMA_DEMO_ACCOUNTS ? parsed.KHMA_DEMO_ACCOUNTS === "1" : !isProduction,
  };
}

// Outside production a secret is made once and kept beside the database, so that a local
// restart does not sign everybody out.
function localSecret(databasePath: string): string {
  const file = path.join(path.dirname(path.resolve(databasePath)), ".session-secret");
  let kept = "";
  try {
    kept = fs.readFileSync(file, "utf8").trim();
  } catch {
    // not made yet
  }
  if (kept.length >= 32) return kept;
  // Missing, empty or cut short (a failed write): make a new one rather than sign with a weak key.
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export const env: Env = parseEnv(process.env);
