// Participation counted by local day (table participation_days, decision 011). Triggers (migration
// 0014) keep the counts as rows come and go; this module builds them from scratch: on the first
// start with a municipality, and again when the municipality's clock gives another offset from UTC
// (the counts are by local day). `checkParticipationCounts` compares the kept counts with a fresh
// count, for tests and for `npm run khma -- check`.
import type Database from "better-sqlite3";
import { getMunicipality } from "~/models/municipality.server";
import { getDb } from "~/utils/db.server";

/** Every series the table holds, and how each is counted from the source tables (@o: offset in ms). */
const SOURCES: Record<string, string> = {
  idea: `select 'idea', (created_at + cast(@o as integer)) / 86400000, coalesce(district_id, 0), coalesce(goal_id, 0), '', '', '', count(*)
    from ideas group by 2, 3, 4`,
  support: `select 'support', (s.created_at + cast(@o as integer)) / 86400000, coalesce(u.district_id, 0), coalesce(i.goal_id, 0), '', '', '', count(*)
    from supports s join users u on u.id = s.user_id join ideas i on i.id = s.idea_id group by 2, 3, 4`,
  idea_support: `select 'idea_support', (s.created_at + cast(@o as integer)) / 86400000, coalesce(i.district_id, 0), coalesce(i.goal_id, 0), '', '', '', count(*)
    from supports s join users u on u.id = s.user_id join ideas i on i.id = s.idea_id group by 2, 3, 4`,
  ballot: `select 'ballot', (created_at + cast(@o as integer)) / 86400000, coalesce(district_id, 0), 0, channel, '', '', count(*)
    from ballots group by 2, 3, 5`,
  ballot_goal: `select 'ballot_goal', (b.created_at + cast(@o as integer)) / 86400000, coalesce(b.district_id, 0), g.goal_id, b.channel, '', '', count(*)
    from (select distinct c.ballot_id, o.goal_id from ballot_choices c join round_options o on o.id = c.option_id where o.goal_id is not null) g
    join ballots b on b.id = g.ballot_id group by 2, 3, 4, 5`,
  response: `select 'response', cast(julianday(day) - 2440587.5 as integer), coalesce(district_id, 0), 0, channel, coalesce(age_band, ''), coalesce(gender, ''), count(*)
    from survey_responses group by 2, 3, 5, 6, 7`,
  account: `select 'account', (created_at + cast(@o as integer)) / 86400000, coalesce(district_id, 0), 0, '', '', '', count(*)
    from users where role = 'resident' group by 2, 3`,
};

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The municipality's offset from UTC at an instant, in milliseconds, through Intl. */
export function utcOffsetMs(timeZone: string, at: number): number {
  // Asked on every insights and open-data request: the formatter is made once per time zone.
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    wallClocks.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(at / 1000) * 1000;
}

const COLUMNS = "series, day, district, goal, channel, age_band, gender, n";

function clockOffset(client: Database.Database): number | null {
  return (client.prepare("select offset_ms from participation_clock where id = 1").pluck().get() as number | null | undefined) ?? null;
}

/** Counts everything again with this offset from UTC (milliseconds), in one transaction. */
export function rebuildParticipationCounts(offsetMs: number, client: Database.Database = getDb().$client): void {
  client.transaction(() => {
    client.prepare("delete from participation_days").run();
    for (const query of Object.values(SOURCES)) client.prepare(`insert into participation_days (${COLUMNS}) ${query}`).run({ o: offsetMs });
    client.prepare("insert into participation_clock (id, offset_ms) values (1, @o) on conflict (id) do update set offset_ms = excluded.offset_ms").run({ o: offsetMs });
  }).immediate();
}

/**
 * Makes sure the counts are there and counted with this offset; builds them when not (a few seconds
 * for a million rows, once). Cheap otherwise: one row read.
 */
export function ensureParticipationCounts(offsetMs: number, client: Database.Database = getDb().$client): void {
  if (clockOffset(client) !== offsetMs) rebuildParticipationCounts(offsetMs, client);
}

/** ensureParticipationCounts with the municipality's offset now (at start-up, and before every read). */
export function participationCountsReady(now = Date.now()): void {
  ensureParticipationCounts(utcOffsetMs(getMunicipality().timeZone, now));
}

/** Every count of a series by district, all days together (district null: none given). */
export function countsByDistrict(series: "idea" | "support" | "account"): Map<number | null, number> {
  const rows = getDb().$client.prepare("select district, sum(n) from participation_days where series = ? group by district").raw().all(series) as Array<[number, number]>;
  return new Map(rows.map(([district, n]) => [district === 0 ? null : district, n]));
}

/**
 * Rows where the kept counts differ from a fresh count (none when the triggers did their job):
 * [series, day, district, goal, channel, age band, gender, kept, counted].
 */
export function checkParticipationCounts(client: Database.Database = getDb().$client): unknown[][] {
  const offsetMs = clockOffset(client);
  if (offsetMs === null) return [];
  const fresh = Object.values(SOURCES).join(" union all ");
  return client
    .prepare(
      `with fresh(${COLUMNS}) as (${fresh}),
            kept as (select ${COLUMNS} from participation_days where n != 0),
            k as (select * from kept except select * from fresh),
            f as (select * from fresh except select * from kept)
       select k.series, k.day, k.district, k.goal, k.channel, k.age_band, k.gender, k.n, (select f2.n from fresh f2 where f2.series = k.series and f2.day = k.day and f2.district = k.district and f2.goal = k.goal and f2.channel = k.channel and f2.age_band = k.age_band and f2.gender = k.gender) from k
       union all
       select f.series, f.day, f.district, f.goal, f.channel, f.age_band, f.gender, null, f.n from f
       where not exists (select 1 from kept k2 where k2.series = f.series and k2.day = f.day and k2.district = f.district and k2.goal = f.goal and k2.channel = f.channel and k2.age_band = f.age_band and k2.gender = f.gender)`,
    )
    .raw()
    .all({ o: offsetMs }) as unknown[][];
}
