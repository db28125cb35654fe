import { describe, expect, it } from "vitest";
import { getDb } from "./db.server";

describe("the database connection", () => {
  it("is opened with WAL, synchronous=NORMAL, foreign keys and a busy timeout", () => {
    const sqlite = getDb().$client;
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(sqlite.pragma("busy_timeout", { simple: true })).toBeGreaterThanOrEqual(1000);
  });

  it("is one handle per file", () => {
    expect(getDb()).toBe(getDb());
  });

  it("has every migration applied and the seed's municipality", () => {
    const sqlite = getDb().$client;
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(["users", "sessions", "outbox", "rate_limits", "audit_log", "districts", "goals"]));
    expect(sqlite.prepare("select count(*) from districts").pluck().get()).toBe(10);
    expect(sqlite.prepare("select count(*) from goals").pluck().get()).toBe(7);
  });

  it("refuses a user without email and phone, and an unknown role", () => {
    const sqlite = getDb().$client;
    expect(() =>
      sqlite.prepare("insert into users (display_name, password_hash) values ('x', 'y')").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      sqlite.prepare("insert into users (display_name, email, password_hash, role) values ('x', 'r@x.ge', 'y', 'king')").run(),
    ).toThrow(/CHECK/);
  });
});
