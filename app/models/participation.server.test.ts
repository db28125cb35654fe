// participation_days is kept by triggers (migration 0014). Whatever happens to ideas, supports,
// accounts, ballots, round options and survey responses — added, changed, deleted on their own or
// with their parent through a foreign key — the kept counts must equal a fresh count. A seeded
// random walk of 3,000 steps checks that after every 100, with the rounds' kept ballot counts.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { rng } from "../../test/fuzz";
import { checkParticipationCounts, ensureParticipationCounts, rebuildParticipationCounts } from "./participation.server";

const TBILISI = 4 * 3_600_000;
const client = () => getDb().$client;

const random = rng(2026);
const pick = <T,>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
const maybe = <T,>(items: readonly T[]): T | null => (random() < 0.2 ? null : (pick(items) ?? null));
/** A time within a few days of 2025-03-10, so that rows share days and cross midnight in Tbilisi. */
const when = () => Date.UTC(2025, 2, 10) + Math.floor(random() * 5 * 86_400_000);
const ids = (query: string) => client().prepare(query).pluck().all() as number[];

let districts: number[] = [];
let goals: number[] = [];
let admin = 0;
let people = 0;

function step(): void {
  const db = client();
  const users = ids("select id from users where email like '%@walk.test'");
  const ideas = ids("select id from ideas");
  const rounds = ids("select id from rounds");
  const options = ids("select id from round_options");
  const ballots = ids("select id from ballots");
  const surveys = ids("select id from surveys");
  const responses = ids("select id from survey_responses");
  const action = Math.floor(random() * 24);
  switch (action) {
    case 0:
    case 1:
      people += 1;
      db.prepare("insert into users (display_name, email, password_hash, role, district_id, created_at) values (?, ?, 'x', ?, ?, ?)").run(
        `Walker ${people}`,
        `w${people}@walk.test`,
        random() < 0.9 ? "resident" : "moderator",
        maybe(districts),
        when(),
      );
      return;
    case 2:
      if (users.length) db.prepare("update users set district_id = ? where id = ?").run(maybe(districts), pick(users));
      return;
    case 3:
      if (users.length) db.prepare("update users set role = case role when 'resident' then 'moderator' else 'resident' end where id = ?").run(pick(users));
      return;
    case 4:
      if (users.length > 5) db.prepare("delete from users where id = ?").run(pick(users));
      return;
    case 5:
    case 6:
      if (users.length)
        db.prepare("insert into ideas (author_id, title, description, goal_id, district_id, status, created_at) values (?, 'Walk', 'A description long enough.', ?, ?, 'published', ?)").run(
          pick(users),
          pick(goals),
          pick(districts),
          when(),
        );
      return;
    case 7:
      if (ideas.length) db.prepare("update ideas set goal_id = ?, district_id = ? where id = ?").run(pick(goals), pick(districts), pick(ideas));
      return;
    case 8:
      if (ideas.length > 3) db.prepare("delete from ideas where id = ?").run(pick(ideas));
      return;
    case 9:
    case 10:
    case 11:
      if (ideas.length && users.length) db.prepare("insert or ignore into supports (idea_id, user_id, created_at) values (?, ?, ?)").run(pick(ideas), pick(users), when());
      return;
    case 12: {
      const row = db.prepare("select idea_id, user_id from supports order by random() limit 1").get() as { idea_id: number; user_id: number } | undefined;
      if (row) db.prepare("delete from supports where idea_id = ? and user_id = ?").run(row.idea_id, row.user_id);
      return;
    }
    case 13:
      if (rounds.length < 3) {
        const round = db
          .prepare("insert into rounds (title, description, method, max_choices, opens_at, closes_at, published) values ('{\"ka\":\"რ\"}', '{}', 'approval', 3, ?, ?, 1) returning id")
          .pluck()
          .get(Date.UTC(2025, 2, 1), Date.UTC(2025, 4, 1)) as number;
        for (let i = 0; i < 4; i++) db.prepare("insert into round_options (round_id, title, description, goal_id, position) values (?, '{\"ka\":\"ვ\"}', '{}', ?, ?)").run(round, maybe(goals), i);
      }
      return;
    case 14:
    case 15: {
      const round = pick(rounds);
      if (!round) return;
      const choices = ids(`select id from round_options where round_id = ${round}`).filter(() => random() < 0.5);
      const online = random() < 0.7;
      const voter = online ? pick(users) : null;
      if (online && !voter) return;
      const ballot = db
        .prepare("insert or ignore into ballots (round_id, user_id, channel, entered_by, district_id, created_at) values (?, ?, ?, ?, ?, ?) returning id")
        .pluck()
        .get(round, voter, online ? "online" : pick(["paper", "import"]), online ? null : admin, maybe(districts), when()) as number | undefined;
      if (ballot) for (const option of choices) db.prepare("insert into ballot_choices (ballot_id, option_id) values (?, ?)").run(ballot, option);
      return;
    }
    case 16: {
      // A resident changes a ballot: its choices are replaced, as castBallot does.
      const ballot = pick(ballots);
      if (!ballot) return;
      const round = db.prepare("select round_id from ballots where id = ?").pluck().get(ballot) as number;
      db.prepare("delete from ballot_choices where ballot_id = ?").run(ballot);
      for (const option of ids(`select id from round_options where round_id = ${round}`).filter(() => random() < 0.5)) db.prepare("insert into ballot_choices (ballot_id, option_id) values (?, ?)").run(ballot, option);
      return;
    }
    case 17:
      if (ballots.length) db.prepare("delete from ballots where id = ?").run(pick(ballots));
      return;
    case 18:
      if (options.length) db.prepare("update round_options set goal_id = ? where id = ?").run(maybe(goals), pick(options));
      return;
    case 19:
      if (options.length && random() < 0.3) db.prepare("delete from round_options where id = ?").run(pick(options));
      else if (rounds.length && random() < 0.2) db.prepare("delete from rounds where id = ?").run(pick(rounds));
      return;
    case 20:
      if (ballots.length) db.prepare("update ballots set district_id = ?, created_at = ? where id = ?").run(maybe(districts), when(), pick(ballots));
      return;
    case 21: {
      let survey = pick(surveys);
      if (!survey || random() < 0.05)
        survey = db
          .prepare("insert into surveys (title, description, opens_at, closes_at, demographics, published) values ('{\"ka\":\"გ\"}', '{}', ?, ?, 1, 1) returning id")
          .pluck()
          .get(Date.UTC(2025, 2, 1), Date.UTC(2025, 4, 1)) as number;
      const day = new Date(when() + TBILISI).toISOString().slice(0, 10);
      db.prepare("insert into survey_responses (survey_id, channel, entered_by, day, age_band, gender, district_id) values (?, 'online', null, ?, ?, ?, ?)").run(
        survey,
        day,
        maybe(["16-24", "25-34", "65+"]),
        maybe(["female", "male"]),
        maybe(districts),
      );
      return;
    }
    case 22:
      if (responses.length) db.prepare("update survey_responses set district_id = ?, gender = ? where id = ?").run(maybe(districts), maybe(["female", "other"]), pick(responses));
      return;
    case 23:
      if (responses.length && random() < 0.8) db.prepare("delete from survey_responses where id = ?").run(pick(responses));
      else if (surveys.length) db.prepare("delete from surveys where id = ?").run(pick(surveys));
      return;
  }
}

beforeAll(() => {
  districts = ids("select id from districts");
  goals = ids("select id from goals");
  admin = client().prepare("select id from users where role = 'admin' limit 1").pluck().get() as number;
  ensureParticipationCounts(TBILISI);
});

describe("participation_days, kept by triggers", () => {
  it("equals a fresh count after every 100 of 3,000 random changes, deletions through foreign keys included", () => {
    for (let batch = 0; batch < 30; batch++) {
      for (let i = 0; i < 100; i++) step();
      expect(checkParticipationCounts(), `after ${(batch + 1) * 100} steps`).toEqual([]);
      // The rounds' kept ballot counts (migration 0016) follow the same changes.
      const wrongCounts = client().prepare("select count(*) from rounds r where r.ballots_count != (select count(*) from ballots b where b.round_id = r.id)").pluck().get();
      expect(wrongCounts, `rounds with a wrong ballots_count after ${(batch + 1) * 100} steps`).toBe(0);
    }
    // The walk did reach every kind of row.
    const counts = client()
      .prepare("select (select count(*) from supports) s, (select count(*) from ballot_choices) c, (select count(*) from survey_responses) r, (select count(*) from ideas) i")
      .get() as Record<string, number>;
    for (const [kind, n] of Object.entries(counts)) expect(n, kind).toBeGreaterThan(0);
  });

  it("a count that goes wrong is found by the check", () => {
    const key = "series, day, district, goal, channel, age_band, gender";
    client().prepare(`update participation_days set n = n + 1 where (${key}) = (select ${key} from participation_days where series = 'support' and n > 0 limit 1)`).run();
    const wrong = checkParticipationCounts();
    expect(wrong).toHaveLength(1);
    expect(wrong[0]![0]).toBe("support");
    rebuildParticipationCounts(TBILISI);
    expect(checkParticipationCounts()).toEqual([]);
  });

  it("counting again with another offset moves rows to other days; the same offset changes nothing", () => {
    const days = () => client().prepare("select sum(day * n), sum(n) from participation_days where series = 'idea'").raw().get() as [number, number];
    const before = days();
    ensureParticipationCounts(TBILISI);
    expect(days()).toEqual(before);
    ensureParticipationCounts(-12 * 3_600_000);
    const [weighted, total] = days();
    expect(total).toBe(before[1]);
    expect(weighted).toBeLessThan(before[0]);
    expect(checkParticipationCounts()).toEqual([]);
    ensureParticipationCounts(TBILISI);
    expect(days()).toEqual(before);
  });
});
