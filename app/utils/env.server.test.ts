import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

const SECRET = "a-production-secret-of-enough-length-0123456789";
const tempDirs: string[] = [];

function tempDatabasePath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "khma-env-"));
  tempDirs.push(dir);
  return path.join(dir, "nested", "khma.sqlite");
}

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("parseEnv in production", () => {
  it("refuses to start without SESSION_SECRET, and says so", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET/);
  });

  it("treats an empty SESSION_SECRET as missing", () => {
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: "" })).toThrow(/SESSION_SECRET/);
  });

  it("refuses a short SESSION_SECRET, naming it", () => {
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: "too-short" })).toThrow(/SESSION_SECRET/);
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(31) })).toThrow(/SESSION_SECRET/);
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) }).SESSION_SECRET).toBe("x".repeat(32));
  });

  it("has no demo accounts unless KHMA_DEMO_ACCOUNTS=1", () => {
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: SECRET })).toMatchObject({ isProduction: true, demoAccounts: false });
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: SECRET, KHMA_DEMO_ACCOUNTS: "0" }).demoAccounts).toBe(false);
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: SECRET, KHMA_DEMO_ACCOUNTS: "1" }).demoAccounts).toBe(true);
  });

  it("uses the given secret and writes no file", () => {
    const databasePath = tempDatabasePath();
    const env = parseEnv({ NODE_ENV: "production", SESSION_SECRET: SECRET, DATABASE_PATH: databasePath });
    expect(env.SESSION_SECRET).toBe(SECRET);
    expect(fs.existsSync(path.join(path.dirname(databasePath), ".session-secret"))).toBe(false);
  });
});

describe("parseEnv checks its values", () => {
  it.each(["abc", "0", "70000", "80.5"])("refuses PORT=%s, naming PORT", (port) => {
    expect(() => parseEnv({ PORT: port, SESSION_SECRET: SECRET })).toThrow(/PORT/);
  });

  it("refuses an unknown NODE_ENV", () => {
    expect(() => parseEnv({ NODE_ENV: "staging", SESSION_SECRET: SECRET })).toThrow(/NODE_ENV/);
  });

  it("refuses an SMTP_URL that is not a URL", () => {
    expect(() => parseEnv({ SMTP_URL: "not a url", SESSION_SECRET: SECRET })).toThrow(/SMTP_URL/);
  });

  it("refuses a KHMA_DEMO_ACCOUNTS other than 0 or 1", () => {
    expect(() => parseEnv({ KHMA_DEMO_ACCOUNTS: "yes", SESSION_SECRET: SECRET })).toThrow(/KHMA_DEMO_ACCOUNTS/);
  });
});

describe("parseEnv outside production", () => {
  it("defaults PORT to 3000, HOST to 0.0.0.0 and DATABASE_PATH to data/khma.sqlite, with demo accounts", () => {
    const env = parseEnv({ SESSION_SECRET: SECRET });
    expect(env).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      HOST: "0.0.0.0",
      DATABASE_PATH: "data/khma.sqlite",
      isProduction: false,
      demoAccounts: true,
    });
    expect(parseEnv({ SESSION_SECRET: SECRET, KHMA_DEMO_ACCOUNTS: "0" }).demoAccounts).toBe(false);
  });

  it("reads PORT as a number and treats an empty one as unset", () => {
    expect(parseEnv({ PORT: "8080", SESSION_SECRET: SECRET }).PORT).toBe(8080);
    expect(parseEnv({ PORT: "", SESSION_SECRET: SECRET }).PORT).toBe(3000);
  });

  it("makes a secret, keeps it beside the database (owner-only), and reuses it on the next start", () => {
    const databasePath = tempDatabasePath();
    const first = parseEnv({ NODE_ENV: "development", DATABASE_PATH: databasePath });
    const file = path.join(path.dirname(databasePath), ".session-secret");

    expect(first.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(fs.readFileSync(file, "utf8").trim()).toBe(first.SESSION_SECRET);
    if (process.platform !== "win32") expect(fs.statSync(file).mode & 0o077).toBe(0);

    const second = parseEnv({ NODE_ENV: "development", DATABASE_PATH: databasePath });
    expect(second.SESSION_SECRET).toBe(first.SESSION_SECRET);

    const elsewhere = parseEnv({ NODE_ENV: "development", DATABASE_PATH: tempDatabasePath() });
    expect(elsewhere.SESSION_SECRET).not.toBe(first.SESSION_SECRET);
  });

  // A kept secret must meet the same 32-character rule as SESSION_SECRET: an empty or truncated
  // .session-secret is replaced, never used to sign cookies.
  it.each([
    ["an empty", ""],
    ["a truncated", "abc\n"],
  ])("does not sign cookies with %s kept secret file", (_, content) => {
    const databasePath = tempDatabasePath();
    const file = path.join(path.dirname(databasePath), ".session-secret");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode: 0o600 });
    let secret: string | undefined;
    try {
      secret = parseEnv({ NODE_ENV: "development", DATABASE_PATH: databasePath }).SESSION_SECRET;
    } catch {
      secret = undefined; // refusing to start is also acceptable
    }
    if (secret !== undefined) expect(secret.length).toBeGreaterThanOrEqual(32);
  });
});
