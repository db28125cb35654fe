// A resident's data: the copy they can download, their consents, and deleting the account.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { addComment, createIdea, report, support } from "./ideas.server";
import { listDistricts, listGoals } from "./municipality.server";
import { checkParticipationCounts, ensureParticipationCounts } from "./participation.server";
import { deleteAccount, exportMyData, listConsents, withdrawConsent } from "./privacy.server";
import { castBallot, createRound } from "./rounds.server";
import { createUser } from "./users.server";

const DAY = 86_400_000;
let people = 0;
let districts: number[] = [];
let goals: number[] = [];

function person(name: string): number {
  people += 1;
  const user = createUser({ displayName: name, identifier: { kind: "email", value: `privacy${people}@example.test` }, passwordHash: "x", consent: { kind: "privacy-notice", version: "2026-11-25" } })!;
  getDb().run(sql`update users set district_id = ${districts[1]!} where id = ${user.id}`);
  return user.id;
}

function round(open: boolean): { id: number; option: number } {
  const id = createRound({
    title: { ka: open ? "ღია კენჭისყრა" : "დასრულებული კენჭისყრა" },
    description: {},
    method: "approval",
    maxChoices: 1,
    published: true,
    opensAt: new Date(Date.now() - 10 * DAY),
    closesAt: new Date(Date.now() + (open ? 5 : -1) * DAY),
    options: [
      { title: { ka: "პარკი" }, description: {}, goalId: goals[0]! },
      { title: { ka: "ბიბლიოთეკა" }, description: {}, goalId: null },
    ],
  });
  const option = getDb().get<{ id: number }>(sql`select id from round_options where round_id = ${id} order by position limit 1`)!.id;
  return { id, option };
}

function count(query: ReturnType<typeof sql>): number {
  return getDb().get<{ n: number }>(query)!.n;
}

beforeAll(() => {
  ensureParticipationCounts(4 * 3_600_000);
  districts = listDistricts().map((d) => d.id);
  goals = listGoals().map((g) => g.id);
});

describe("a copy of my data", () => {
  it("holds the account, consents, ideas, comments, supports, reports and ballots, and nothing of anyone else", () => {
    const me = person("Tamar Privacy");
    const other = person("Someone Else");
    const idea = createIdea({ authorId: me, title: "სკვერი ჩემს ეზოში", description: "სკვერი ჩემს ეზოში: აღწერა, საკმაოდ გრძელი.", goalId: goals[0]!, districtId: districts[0]!, moderation: "post" });
    const othersIdea = createIdea({ authorId: other, title: "სხვისი იდეა", description: "სხვისი იდეა: აღწერა, საკმაოდ გრძელი.", goalId: goals[1]!, districtId: districts[0]!, moderation: "post" });
    addComment({ ideaId: othersIdea, authorId: me, body: "კარგი აზრია" });
    support(othersIdea, me);
    support(idea, other);
    report({ targetType: "idea", targetId: othersIdea, reporterId: me, reason: "spam", threshold: 99 });
    const closed = round(false);
    castBallot({ roundId: closed.id, userId: me, districtId: districts[1]!, choices: [{ optionId: closed.option }], now: Date.now() - 2 * DAY });

    const data = exportMyData(me)!;
    expect(data.account).toMatchObject({ displayName: "Tamar Privacy", email: "privacy1@example.test", role: "resident", verifiedAt: null });
    expect(data.consents).toEqual([{ kind: "privacy-notice", version: "2026-11-25", givenAt: expect.any(String), withdrawnAt: null }]);
    expect(data.ideas.map((i) => i.id)).toEqual([idea]);
    expect(data.comments.map((c) => c.body)).toEqual(["კარგი აზრია"]);
    expect(data.supports.map((s) => s.ideaId)).toEqual([othersIdea]);
    expect(data.reports).toEqual([expect.objectContaining({ targetType: "idea", targetId: othersIdea, reason: "spam" })]);
    expect(data.ballots).toEqual([expect.objectContaining({ roundId: closed.id, round: "დასრულებული კენჭისყრა", choices: [expect.objectContaining({ option: "პარკი" })] })]);
    expect(data.sessions).toEqual([]);
    // Nothing of the other person: not their idea, their support of mine, or their address.
    const text = JSON.stringify(data);
    expect(text).not.toContain("სხვისი იდეა: აღწერა");
    expect(text).not.toContain("privacy2@example.test");
    expect(exportMyData(999_999_999)).toBeNull();
  });
});

describe("consents", () => {
  it("lists mine and withdraws one of mine once; another person's cannot be withdrawn", () => {
    const me = person("Consent Me");
    const other = person("Consent Other");
    const [mine] = listConsents(me);
    const [theirs] = listConsents(other);
    expect(mine).toMatchObject({ kind: "privacy-notice", version: "2026-11-25", withdrawnAt: null });
    expect(withdrawConsent(me, theirs!.id)).toBe(false);
    expect(listConsents(other)[0]!.withdrawnAt).toBeNull();
    expect(withdrawConsent(me, mine!.id, 1_800_000_000_000)).toBe(true);
    expect(listConsents(me)[0]!.withdrawnAt).toBe(1_800_000_000_000);
    expect(withdrawConsent(me, mine!.id)).toBe(false);
  });
});

describe("deleting an account", () => {
  it("withdraws ballots of open rounds, keeps closed rounds' ballots counted without the person, keeps ideas and comments as a deleted account's", () => {
    const me = person("Giorgi Deleted");
    const other = person("Stays Here");
    const idea = createIdea({ authorId: me, title: "ველობილიკი მდინარესთან", description: "ველობილიკი მდინარესთან: აღწერა, საკმაოდ გრძელი.", goalId: goals[0]!, districtId: districts[0]!, moderation: "post" });
    const othersIdea = createIdea({ authorId: other, title: "ნაგვის ურნები", description: "ნაგვის ურნები: აღწერა, საკმაოდ გრძელი.", goalId: goals[0]!, districtId: districts[0]!, moderation: "post" });
    const comment = addComment({ ideaId: othersIdea, authorId: me, body: "მხარს ვუჭერ" })!;
    support(othersIdea, me);
    support(idea, other);
    const open = round(true);
    const closed = round(false);
    castBallot({ roundId: open.id, userId: me, districtId: districts[1]!, choices: [{ optionId: open.option }] });
    const kept = castBallot({ roundId: closed.id, userId: me, districtId: districts[1]!, choices: [{ optionId: closed.option }], now: Date.now() - 2 * DAY });
    getDb().run(sql`insert into sessions (id, user_id, expires_at) values (${`s-${me}`}, ${me}, ${Date.now() + DAY})`);
    getDb().run(sql`insert into outbox (channel, recipient, subject, body) values ('email', 'privacy5@example.test', 'Hello', 'A message')`);
    getDb().run(sql`insert into rate_limits (key, window_start, count) values (${`ballotPerAccount:${me}`}, 0, 1)`);

    expect(deleteAccount(me, { removeContributions: false })).toBe(true);

    const row = getDb().get<Record<string, unknown>>(sql`select display_name, email, phone, password_hash, district_id, deleted_at from users where id = ${me}`)!;
    expect(row).toEqual({ display_name: "", email: `deleted-${me}@deleted.invalid`, phone: null, password_hash: "!", district_id: null, deleted_at: expect.any(Number) });
    expect(JSON.stringify(getDb().all(sql`select * from users where id = ${me}`))).not.toContain("Giorgi");
    // Ballots: the open round's is gone, the closed round's stays, with no account.
    expect(count(sql`select count(*) as n from ballots where round_id = ${open.id}`)).toBe(0);
    expect(getDb().get(sql`select user_id as userId, district_id as districtId from ballots where id = ${kept}`)).toEqual({ userId: null, districtId: districts[1]! });
    // The idea and the comment stay, without an author; the supports given go, the one received stays.
    expect(getDb().get(sql`select author_id as a, supports_count as s from ideas where id = ${idea}`)).toEqual({ a: null, s: 1 });
    expect(getDb().get(sql`select author_id as a from comments where id = ${comment}`)).toEqual({ a: null });
    expect(count(sql`select count(*) as n from supports where user_id = ${me}`)).toBe(0);
    for (const table of ["sessions", "consents", "notifications"]) expect(count(sql`select count(*) as n from ${sql.raw(table)} where user_id = ${me}`), table).toBe(0);
    expect(count(sql`select count(*) as n from outbox where recipient = 'privacy5@example.test'`)).toBe(0);
    expect(count(sql`select count(*) as n from rate_limits where key = ${`ballotPerAccount:${me}`}`)).toBe(0);
    expect(getDb().get(sql`select action, actor_id as actor from audit_log order by id desc limit 1`)).toEqual({ action: "account.deleted", actor: me });
    // The other person is untouched, the counts by day still equal a fresh count, and it cannot be done twice.
    expect(exportMyData(other)!.account.displayName).toBe("Stays Here");
    expect(checkParticipationCounts()).toEqual([]);
    expect(deleteAccount(me, { removeContributions: false })).toBe(false);
  });

  it("removes the ideas and comments too when asked; staff accounts are not deleted this way", () => {
    const me = person("Nana Removes");
    const other = person("Keeps Commenting");
    const idea = createIdea({ authorId: me, title: "შადრევანი", description: "შადრევანი: აღწერა, საკმაოდ გრძელი, რომ მიიღოს.", goalId: goals[0]!, districtId: districts[0]!, moderation: "post" });
    const othersIdea = createIdea({ authorId: other, title: "სკამები", description: "სკამები: აღწერა, საკმაოდ გრძელი, რომ მიიღოს.", goalId: goals[0]!, districtId: districts[0]!, moderation: "post" });
    const mine = addComment({ ideaId: othersIdea, authorId: me, body: "ჩემი კომენტარი" })!;
    const theirs = addComment({ ideaId: othersIdea, authorId: other, body: "მათი კომენტარი" })!;
    expect(deleteAccount(me, { removeContributions: true })).toBe(true);
    expect(count(sql`select count(*) as n from ideas where id = ${idea}`)).toBe(0);
    expect(count(sql`select count(*) as n from comments where id = ${mine}`)).toBe(0);
    expect(count(sql`select count(*) as n from comments where id = ${theirs}`)).toBe(1);
    expect(checkParticipationCounts()).toEqual([]);

    const moderator = getDb().get<{ id: number }>(sql`select id from users where role = 'moderator' limit 1`)!.id;
    expect(deleteAccount(moderator, { removeContributions: false })).toBe(false);
    expect(getDb().get<{ d: number | null }>(sql`select deleted_at as d from users where id = ${moderator}`)!.d).toBeNull();
  });
});
