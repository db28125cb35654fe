// Retention: what the purge removes, exactly when it is old enough and never before, and what it
// never removes. Every time here lies years back, so the seed's own rows (made now) are never old
// enough: each purge touches only what the test made.
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { MunicipalitySettings } from "#db/schema";
import { getDb } from "~/utils/db.server";
import { RATE_LIMITS } from "~/utils/rate-limit.server";
import { getRetentionSettings, listDistricts, listGoals, RETENTION_DEFAULTS } from "./municipality.server";
import { deleteAccount } from "./privacy.server";
import { purge, purgeStatements, type PurgeCounts } from "./retention.server";
import { createUser } from "./users.server";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T = Date.now();
/** The latest `now` any test purges at: everything made by the tests is older. */
const LATEST = T - 10 * DAY;
const NOTHING: PurgeCounts = { accounts: 0, sessions: 0, passwordResets: 0, outbox: 0, rateLimits: 0 };

let people = 0;
function account(createdAt: number, { role = "resident", verified = false }: { role?: "resident" | "moderator" | "admin"; verified?: boolean } = {}): number {
  people += 1;
  const user = createUser({ displayName: `Retention ${people}`, identifier: { kind: "email", value: `retention${people}@example.test` }, passwordHash: "x", role, consent: { kind: "privacy-notice", version: "2026-11-25" } })!;
  getDb().run(sql`update users set created_at = ${createdAt}, verified_at = ${verified ? createdAt : null}, district_id = ${listDistricts()[0]!.id} where id = ${user.id}`);
  return user.id;
}

const deleted = (id: number) => getDb().get<{ at: number | null }>(sql`select deleted_at as at from users where id = ${id}`)!.at !== null;
const count = (query: ReturnType<typeof sql>) => getDb().get<{ n: number }>(query)!.n;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function setRetention(retention: MunicipalitySettings["retention"]) {
  getDb().run(sql`update municipality set settings = json_set(settings, '$.retention', json(${JSON.stringify(retention ?? {})}))`);
}
const SEEDED = getRetentionSettings();
afterEach(() => setRetention(SEEDED));

function session(userId: number, createdAt: number, expiresAt: number): string {
  const id = crypto.randomUUID();
  getDb().run(sql`insert into sessions (id, user_id, created_at, expires_at) values (${id}, ${userId}, ${createdAt}, ${expiresAt})`);
  return id;
}
function idea(authorId: number | null, createdAt: number, updatedAt: number | null = null): number {
  return getDb().get<{ id: number }>(sql`
    insert into ideas (author_id, title, description, goal_id, district_id, status, created_at, updated_at)
    values (${authorId}, 'ახალი სკვერი', 'ახალი სკვერი ეზოში, საკმაოდ გრძელი აღწერა.', ${listGoals()[0]!.id}, ${listDistricts()[0]!.id}, 'published', ${createdAt}, ${updatedAt})
    returning id`)!.id;
}
function round(opensAt: number, closesAt: number): number {
  return getDb().get<{ id: number }>(sql`
    insert into rounds (title, description, method, max_choices, opens_at, closes_at, published)
    values ('{"ka":"კენჭისყრა"}', '{}', 'approval', 1, ${opensAt}, ${closesAt}, 1) returning id`)!.id;
}
function survey(opensAt: number, closesAt: number, anonymous: boolean): number {
  return getDb().get<{ id: number }>(sql`
    insert into surveys (title, description, opens_at, closes_at, anonymous, published)
    values ('{"ka":"გამოკითხვა"}', '{}', ${opensAt}, ${closesAt}, ${anonymous ? 1 : 0}, 1) returning id`)!.id;
}
const exists = (table: string, where: ReturnType<typeof sql>) => count(sql`select count(*) as n from ${sql.identifier(table)} where ${where}`) > 0;

describe("the settings", () => {
  it("a municipality without retention settings, or with unusable values, gets the defaults", () => {
    const base = { contactEmail: "", contactPhone: "", address: {}, dataProtectionOfficer: "", hubName: {} } satisfies MunicipalitySettings;
    expect(getRetentionSettings(base)).toEqual(RETENTION_DEFAULTS);
    expect(RETENTION_DEFAULTS).toEqual({ inactiveUnverifiedDays: 730, outboxDays: 90, expiredSessionsDays: 0, rateLimitHours: 24 });
    const odd = { inactiveUnverifiedDays: 0, outboxDays: -1, expiredSessionsDays: "7", rateLimitHours: Number.NaN } as unknown as MunicipalitySettings["retention"];
    expect(getRetentionSettings({ ...base, retention: odd })).toEqual(RETENTION_DEFAULTS);
    expect(getRetentionSettings({ ...base, retention: { outboxDays: 30, expiredSessionsDays: 7 } })).toEqual({ ...RETENTION_DEFAULTS, outboxDays: 30, expiredSessionsDays: 7 });
    // The seed writes them out.
    expect(SEEDED).toEqual(RETENTION_DEFAULTS);
  });
});

describe("purge", () => {
  it("deletes a session once it has been expired for expiredSessionsDays, never before", () => {
    const owner = account(T - 2000 * DAY, { verified: true });
    const expires = T - 1500 * DAY;
    const id = session(owner, expires - 30 * DAY, expires);
    expect(purge(expires - 1).sessions).toBe(0);
    expect(exists("sessions", sql`id = ${id}`)).toBe(true);
    expect(purge(expires).sessions).toBe(1);
    expect(exists("sessions", sql`id = ${id}`)).toBe(false);

    setRetention({ expiredSessionsDays: 7 });
    const later = session(owner, expires - 30 * DAY, expires);
    expect(purge(expires + 7 * DAY - 1).sessions).toBe(0);
    expect(purge(expires + 7 * DAY).sessions).toBe(1);
    expect(exists("sessions", sql`id = ${later}`)).toBe(false);
  });

  it("deletes sent and failed outbox messages outboxDays after they were made; queued ones stay", () => {
    const made = T - 1400 * DAY;
    for (const status of ["sent", "failed", "queued"]) {
      getDb().run(sql`insert into outbox (channel, recipient, subject, body, status, created_at) values ('email', 'someone@example.test', ${status}, 'text', ${status}, ${made})`);
    }
    const statuses = () => getDb().all<{ status: string }>(sql`select status from outbox where created_at = ${made} order by status`).map((r) => r.status);
    expect(purge(made + 90 * DAY - 1).outbox).toBe(0);
    expect(statuses()).toEqual(["failed", "queued", "sent"]);
    expect(purge(made + 90 * DAY).outbox).toBe(2);
    expect(statuses()).toEqual(["queued"]);
    expect(purge(LATEST).outbox).toBe(0);
    expect(statuses()).toEqual(["queued"]);
  });

  it("deletes a rate-limit record rateLimitHours after its own window ended", () => {
    const start = T - 1300 * DAY;
    const longest = Math.max(...Object.values(RATE_LIMITS).map((limit) => limit.windowMs));
    // Each purpose counts in its own window (sign-in: 15 minutes, registering: an hour); a purpose
    // Khma does not know gets the longest.
    const records = [
      { key: `loginPerIp:192.0.2.${people}`, windowMs: RATE_LIMITS.loginPerIp.windowMs },
      { key: `registerPerIp:192.0.2.${people}`, windowMs: RATE_LIMITS.registerPerIp.windowMs },
      { key: `someday:192.0.2.${people}`, windowMs: longest },
    ];
    for (const { key } of records) getDb().run(sql`insert into rate_limits (key, window_start, count) values (${key}, ${start}, 3)`);
    const left = () => getDb().all<{ key: string }>(sql`select key from rate_limits where window_start = ${start} order by key`).map((r) => r.key);
    const keys = (keep: (windowMs: number) => boolean) => records.filter((r) => keep(r.windowMs)).map((r) => r.key).sort();
    let purged = 0;
    for (const windowMs of [...new Set(records.map((r) => r.windowMs))].sort((a, b) => a - b)) {
      purged += purge(start + windowMs + 24 * HOUR - 1).rateLimits;
      expect(left()).toEqual(keys((w) => w >= windowMs));
      purged += purge(start + windowMs + 24 * HOUR).rateLimits;
      expect(left()).toEqual(keys((w) => w > windowMs));
    }
    expect(purged).toBe(3);

    setRetention({ rateLimitHours: 0 });
    getDb().run(sql`insert into rate_limits (key, window_start, count) values (${records[0]!.key}, ${start}, 1)`);
    expect(purge(start + records[0]!.windowMs - 1).rateLimits).toBe(0);
    expect(purge(start + records[0]!.windowMs).rateLimits).toBe(1);
  });

  it("deletes a password-reset code once it has expired", () => {
    const owner = account(T - 2000 * DAY, { verified: true });
    const expires = T - 1250 * DAY;
    getDb().run(sql`insert into password_resets (user_id, code_hash, created_at, expires_at) values (${owner}, 'hash', ${expires - 15 * 60_000}, ${expires})`);
    expect(purge(expires - 1).passwordResets).toBe(0);
    expect(purge(expires).passwordResets).toBe(1);
    expect(exists("password_resets", sql`user_id = ${owner}`)).toBe(false);
  });

  it("deletes an unverified resident account inactiveUnverifiedDays after it was made, not a moment before", () => {
    const made = T - 1200 * DAY;
    const id = account(made);
    expect(purge(made + 730 * DAY - 1).accounts).toBe(0);
    expect(deleted(id)).toBe(false);
    expect(purge(made + 730 * DAY).accounts).toBe(1);
    expect(deleted(id)).toBe(true);

    setRetention({ inactiveUnverifiedDays: 30 });
    const soon = account(made);
    expect(purge(made + 30 * DAY - 1).accounts).toBe(0);
    expect(purge(made + 30 * DAY).accounts).toBe(1);
    expect(deleted(soon)).toBe(true);
  });

  it("empties a purged account exactly as deleteAccount does, keeping its old ideas, comments and closed-round ballots", () => {
    const made = T - 1150 * DAY;
    const purged = account(made);
    const byHand = account(made);
    const closed = round(made, made + 10 * DAY);
    const others = idea(null, made);
    for (const id of [purged, byHand]) {
      idea(id, made + DAY);
      getDb().run(sql`insert into comments (idea_id, author_id, body, created_at) values (${others}, ${id}, 'კარგი აზრია', ${made + DAY})`);
      getDb().run(sql`insert into supports (idea_id, user_id, created_at) values (${others}, ${id}, ${made + DAY})`);
      getDb().run(sql`insert into ballots (round_id, user_id, created_at) values (${closed}, ${id}, ${made + DAY})`);
      getDb().run(sql`insert into outbox (channel, recipient, subject, body, status, created_at) values ('email', ${`retention${id}@example.test`}, 'code', 'text', 'queued', ${made})`);
    }
    const email = (id: number) => getDb().get<{ email: string }>(sql`select email from users where id = ${id}`)!.email;
    const addresses = [email(purged), email(byHand)];
    const now = made + 731 * DAY;
    expect(deleteAccount(byHand, { removeContributions: false }, now)).toBe(true);
    expect(purge(now).accounts).toBe(1);

    const row = (id: number) =>
      getDb().get<Record<string, unknown>>(sql`
        select display_name, email, phone, password_hash, role, district_id, notify_by_email, verified_at, deleted_at, created_at,
               (select count(*) from ideas where author_id = u.id) as ideas, (select count(*) from comments where author_id = u.id) as comments,
               (select count(*) from supports where user_id = u.id) as supports, (select count(*) from ballots where user_id = u.id) as ballots,
               (select count(*) from consents where user_id = u.id) as consents
        from users u where id = ${id}`)!;
    expect(row(purged)).toEqual({ ...row(byHand), email: `deleted-${purged}@deleted.invalid` });
    expect(row(purged)).toMatchObject({ display_name: "", phone: null, password_hash: "!", district_id: null, deleted_at: now, created_at: made, ideas: 0, comments: 0, supports: 0, ballots: 0, consents: 0 });
    // What they did stays, with no one on it: two ideas, two comments and two ballots of a closed round.
    expect(count(sql`select count(*) as n from ideas where created_at = ${made + DAY} and author_id is null`)).toBe(2);
    expect(count(sql`select count(*) as n from comments where idea_id = ${others} and author_id is null`)).toBe(2);
    expect(count(sql`select count(*) as n from ballots where round_id = ${closed} and user_id is null`)).toBe(2);
    expect(count(sql`select count(*) as n from outbox where recipient in ${addresses}`)).toBe(0);
  });

  it("never purges a verified account or a staff account, however old and quiet", () => {
    const made = T - 3000 * DAY;
    const verified = account(made, { verified: true });
    const moderator = account(made, { role: "moderator" });
    const admin = account(made, { role: "admin" });
    purge(LATEST);
    for (const id of [verified, moderator, admin]) expect(deleted(id), String(id)).toBe(false);
  });

  it("keeps an account with any recent activity, and purges it once that activity is old enough", () => {
    const at = T - 900 * DAY;
    const made = at - 100 * DAY;
    const someoneElses = idea(null, made);
    const open = round(at - 5 * DAY, at + 5 * DAY);
    const named = survey(at - 5 * DAY, at + 5 * DAY, false);
    const anonymous = survey(at - 5 * DAY, at + 5 * DAY, true);
    const activities: Record<string, (id: number) => void> = {
      "signed in": (id) => void session(id, at, at + 30 * DAY),
      "asked for a password code": (id) => getDb().run(sql`insert into password_resets (user_id, code_hash, created_at, expires_at) values (${id}, 'h', ${at}, ${at + 15 * 60_000})`),
      "wrote an idea": (id) => void idea(id, at),
      "edited an old idea": (id) => void idea(id, made, at),
      "commented": (id) => getDb().run(sql`insert into comments (idea_id, author_id, body, created_at) values (${someoneElses}, ${id}, 'კომენტარი', ${at})`),
      "supported an idea": (id) => getDb().run(sql`insert into supports (idea_id, user_id, created_at) values (${someoneElses}, ${id}, ${at})`),
      "voted": (id) => getDb().run(sql`insert into ballots (round_id, user_id, created_at) values (${open}, ${id}, ${at})`),
      "changed a ballot": (id) => getDb().run(sql`insert into ballots (round_id, user_id, created_at, updated_at) values (${open}, ${id}, ${at - 4 * DAY}, ${at})`),
      "answered a survey": (id) => getDb().run(sql`insert into survey_responses (survey_id, user_id, day, submitted_at) values (${named}, ${id}, ${day(at)}, ${at})`),
      "answered an anonymous survey": (id) => getDb().run(sql`insert into survey_respondents (survey_id, who, day) values (${anonymous}, ${`u:${id}`}, ${day(at)})`),
      "started a survey": (id) => getDb().run(sql`insert into survey_drafts (survey_id, who, answers, updated_at) values (${named}, ${`u:${id}`}, '{}', ${at})`),
    };
    const ids = Object.fromEntries(
      Object.entries(activities).map(([what, act]) => {
        const id = account(made);
        act(id);
        return [what, id];
      }),
    );
    purge(at + 730 * DAY - 1);
    for (const [what, id] of Object.entries(ids)) expect(deleted(id), what).toBe(false);
    // Survey answers keep only the day: two days more, whatever the time zone.
    purge(at + 733 * DAY);
    for (const [what, id] of Object.entries(ids)) expect(deleted(id), what).toBe(true);
  });

  it("keeps an old, quiet account while someone is signed in to it", () => {
    const made = T - 1100 * DAY;
    const id = account(made);
    const until = made + 800 * DAY;
    session(id, made, until);
    purge(until - 1);
    expect(deleted(id)).toBe(false);
    purge(until);
    expect(deleted(id)).toBe(true);
  });

  it("returns the counts and writes one audit entry with them, by nobody; nothing to purge writes nothing", () => {
    purge(LATEST);
    const now = LATEST;
    const quiet = account(now - 800 * DAY);
    const verified = account(now - 800 * DAY, { verified: true });
    session(verified, now - 40 * DAY, now - 10 * DAY);
    session(verified, now - 45 * DAY, now - 15 * DAY);
    getDb().run(sql`insert into password_resets (user_id, code_hash, created_at, expires_at) values (${verified}, 'h', ${now - DAY}, ${now - DAY + 60_000})`);
    getDb().run(sql`insert into outbox (channel, recipient, subject, body, status, created_at) values ('sms', '+995555000999', 'code', 'text', 'sent', ${now - 100 * DAY})`);
    getDb().run(sql`insert into rate_limits (key, window_start, count) values ('apiPerIp:198.51.100.7', ${now - 2 * DAY}, 5)`);
    const before = count(sql`select coalesce(max(id), 0) as n from audit_log`);

    const counts = purge(now);
    expect(counts).toEqual({ accounts: 1, sessions: 2, passwordResets: 1, outbox: 1, rateLimits: 1 });
    expect(deleted(quiet)).toBe(true);
    const entries = getDb().all<{ action: string; actor: number | null; targetType: string; details: string }>(sql`
      select action, actor_id as actor, target_type as targetType, details from audit_log where id > ${before} order by id`);
    // deleteAccount's own entry for the account, then the purge's.
    expect(entries.map((e) => e.action)).toEqual(["account.deleted", "retention.purged"]);
    const entry = entries[1]!;
    expect(entry).toMatchObject({ actor: null, targetType: "retention" });
    expect(JSON.parse(entry.details)).toEqual({ ...counts, retention: RETENTION_DEFAULTS });

    const last = count(sql`select coalesce(max(id), 0) as n from audit_log`);
    expect(purge(now)).toEqual(NOTHING);
    expect(count(sql`select coalesce(max(id), 0) as n from audit_log`)).toBe(last);
  });

  it("searches an index for each account, and reads no large table once per account", () => {
    const statements = purgeStatements(LATEST);
    type Step = { id: number; parent: number; detail: string };
    const plan = (query: ReturnType<typeof sql>) => getDb().all<Step>(sql`explain query plan ${query}`);
    for (const query of [statements.accounts(), statements.accounts([1, 2, 3])]) {
      const steps = plan(query);
      const byId = new Map(steps.map((s) => [s.id, s]));
      const perAccount = (step: Step): boolean => {
        for (let up = byId.get(step.parent); up; up = byId.get(up.parent)) if (up.detail.startsWith("CORRELATED")) return true;
        return false;
      };
      const scans = steps.filter((s) => s.detail.startsWith("SCAN "));
      // Per account, only the few rounds and surveys are read through; the ballots, answers,
      // drafts, sessions, ideas and supports of the account are searched by index.
      expect(scans.filter(perAccount).map((s) => s.detail.split(" ")[1]).sort()).toEqual(["ro", "sv", "sv"]);
      // Comments have no index by author: read once, for all accounts together.
      expect(scans.filter((s) => !perAccount(s)).map((s) => s.detail)).toEqual(["SCAN c"]);
      for (const alias of ["s", "pr", "i", "sp", "b", "sw", "sd"]) {
        expect(steps.some((s) => s.detail.startsWith(`SEARCH ${alias} USING`)), alias).toBe(true);
      }
    }
    expect(plan(statements.accounts([1, 2, 3])).some((s) => s.detail.startsWith("SEARCH u USING INTEGER PRIMARY KEY"))).toBe(true);
    expect(plan(statements.sessions).map((s) => s.detail)).toEqual([expect.stringMatching(/^SEARCH sessions USING COVERING INDEX sessions_expires_idx/)]);
    expect(plan(statements.outbox).map((s) => s.detail)).toEqual([expect.stringMatching(/^SEARCH outbox USING INDEX outbox_created_idx/)]);
  });
});
