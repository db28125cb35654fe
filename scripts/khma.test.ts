// The command line, run as an IT admin would run it: a real process on a real database file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "khma-cli-"));
const database = path.join(dir, "khma.sqlite");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function khma(...args: string[]) {
  return khmaOn(database, ...args);
}

function khmaOn(databasePath: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/khma.ts", ...args], {
    env: { ...process.env, NODE_ENV: "production", SESSION_SECRET: "cli-test-secret-cli-test-secret-cli-00", DATABASE_PATH: databasePath, KHMA_DEMO_ACCOUNTS: "0" },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run khma", () => {
  it("seeds an empty database without demo accounts in production", () => {
    const seeded = khma("seed");
    expect(seeded.status).toBe(0);
    expect(seeded.stdout).toContain("Seeded");
    const db = new Database(database, { readonly: true });
    expect(db.prepare("select count(*) from districts").pluck().get()).toBe(10);
    expect(db.prepare("select count(*) from users").pluck().get()).toBe(0);
    db.close();
    expect(khma("seed").stdout).toContain("nothing done");
  });

  it("creates a moderator and prints a one-time code that is also in the outbox", () => {
    const created = khma("staff:create", "--email", "Levan@Rustavi.gov.ge", "--role", "moderator", "--name", "ლევან ნოზაძე");
    expect(created.status).toBe(0);
    const code = /: (\d{6}) \(valid 72 hours\)/.exec(created.stdout)?.[1];
    expect(code).toBeDefined();
    const db = new Database(database, { readonly: true });
    const user = db.prepare("select display_name, email, role from users where email = ?").get("levan@rustavi.gov.ge");
    expect(user).toEqual({ display_name: "ლევან ნოზაძე", email: "levan@rustavi.gov.ge", role: "moderator" });
    const outbox = db.prepare("select body from outbox where recipient = ?").pluck().get("levan@rustavi.gov.ge") as string;
    expect(outbox).toContain(code);
    const audit = db.prepare("select action, details from audit_log").get() as { action: string; details: string };
    expect(audit.action).toBe("staff.create");
    expect(JSON.parse(audit.details)).toMatchObject({ role: "moderator", via: "cli" });
    db.close();
  });

  it("refuses a duplicate, a bad role and a bad email with exit status 2 and a clear message", () => {
    const duplicate = khma("staff:create", "--email", "levan@rustavi.gov.ge", "--role", "admin");
    expect(duplicate.status).toBe(2);
    expect(duplicate.stderr).toContain("already exists");
    const role = khma("staff:create", "--email", "x@rustavi.gov.ge", "--role", "resident");
    expect(role.status).toBe(2);
    expect(role.stderr).toContain("--role");
    const email = khma("staff:create", "--email", "not-an-email", "--role", "admin");
    expect(email.status).toBe(2);
    expect(email.stderr).toContain("--email");
  });

  it("backs the database up to a file, refuses to replace it without --force, and restores it", () => {
    const backup = path.join(dir, "khma-backup.sqlite");
    const made = khma("backup", backup);
    expect(made.status).toBe(0);
    expect(made.stdout).toContain(`to ${backup}`);
    const copy = new Database(backup, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(copy.prepare("select email from users").pluck().all()).toEqual(["levan@rustavi.gov.ge"]);
    copy.close();

    const bytes = fs.readFileSync(backup);
    const again = khma("backup", backup);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("--force");
    expect(fs.readFileSync(backup).equals(bytes)).toBe(true);
    expect(khma("backup", backup, "--force").status).toBe(0);

    const restoredPath = path.join(dir, "restored", "khma.sqlite");
    const restored = khmaOn(restoredPath, "restore", backup);
    expect(restored.status).toBe(0);
    expect(restored.stdout).toContain("Restored");
    const db = new Database(restoredPath, { readonly: true });
    expect(db.prepare("select email from users").pluck().all()).toEqual(["levan@rustavi.gov.ge"]);
    expect(db.prepare("select count(*) from districts").pluck().get()).toBe(10);
    db.close();
  });

  it("prints the usage with exit status 2 when backup or restore has no file", () => {
    for (const command of ["backup", "restore"]) {
      const result = khma(command);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`${command} needs one file`);
      expect(result.stderr).toContain("Usage: npm run khma");
    }
    const notes = path.join(dir, "notes.txt");
    fs.writeFileSync(notes, "not a database\n".repeat(100));
    const restore = khma("restore", notes);
    expect(restore.status).toBe(2);
    expect(restore.stderr).toContain("not a SQLite database");
  });

  it("refuses to run in production without SESSION_SECRET", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/khma.ts", "migrate"], {
      env: { ...process.env, NODE_ENV: "production", SESSION_SECRET: "", DATABASE_PATH: database },
      encoding: "utf8",
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("SESSION_SECRET");
  });
});
