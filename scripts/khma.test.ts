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

  it("purges what is kept past its period and prints the counts; a second run finds nothing", () => {
    const DAY = 86_400_000;
    const now = Date.now();
    const db = new Database(database);
    const quiet = db
      .prepare("insert into users (display_name, email, password_hash, role, created_at) values ('Quiet Resident', 'quiet@example.test', 'x', 'resident', ?) returning id")
      .pluck()
      .get(now - 800 * DAY) as number;
    const levan = db.prepare("select id from users where email = 'levan@rustavi.gov.ge'").pluck().get() as number;
    db.prepare("insert into sessions (id, user_id, created_at, expires_at) values ('old-session', ?, ?, ?)").run(levan, now - 40 * DAY, now - 10 * DAY);
    db.prepare("insert into outbox (channel, recipient, subject, body, status, created_at) values ('email', 'someone@example.test', 's', 'b', 'sent', ?)").run(now - 100 * DAY);
    db.prepare("insert into rate_limits (key, window_start, count) values ('loginPerIp:203.0.113.9', ?, 2)").run(now - 2 * DAY);
    db.close();

    const purged = khma("purge");
    expect(purged.status).toBe(0);
    expect(purged.stdout).toContain("Purged 1 inactive unverified accounts, 1 expired sessions, 0 expired password resets, 1 old outbox messages, 1 stale rate-limit records.");
    const after = new Database(database, { readonly: true });
    expect(after.prepare("select display_name, deleted_at is not null as deleted from users where id = ?").get(quiet)).toEqual({ display_name: "", deleted: 1 });
    // The moderator's invitation waits in the outbox: queued messages stay.
    expect(after.prepare("select count(*) from outbox where recipient = 'levan@rustavi.gov.ge'").pluck().get()).toBe(1);
    expect(after.prepare("select action from audit_log order by id desc limit 1").pluck().get()).toBe("retention.purged");
    after.close();

    const again = khma("purge");
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("Purged 0 inactive unverified accounts, 0 expired sessions, 0 expired password resets, 0 old outbox messages, 0 stale rate-limit records.");
    expect(khma("help").stdout).toContain("purge");
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
