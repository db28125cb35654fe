// Participation figures for the hub's insights page (/hub/insights) and its CSV and XLSX exports.
// Every count, sum, rate and percentile is computed in SQL; the page only formats the numbers. The
// counts by week, district, channel, age and gender and goal are read from participation_days,
// kept by triggers (decision 011), so that the page costs the same with a million supports.
//
// The period is a range of days on the municipality's wall clock (Asia/Tbilisi, UTC+4, no summer
// time). Times are stored in UTC milliseconds: the range's bounds are that day's local midnight,
// and weeks (ISO, starting on Monday) are found by shifting each time by the municipality's UTC
// offset, computed with Intl once for the range (a time zone with summer time would be off by an
// hour around the change; Tbilisi has none).
//
// What each filter applies to:
// - from / to (inclusive local days; default: the last 26 weeks, this one included)
//     when something happened: an idea's submission (ideas.created_at), a support
//     (supports.created_at), a ballot's first casting (ballots.created_at; changing it later does
//     not count again), a survey response's day (survey_responses.day), an account's creation.
//     Response times: ideas submitted in the period, whenever they were answered.
//     Not applied to what waits now (ideas waiting for a moderator, open reports), nor to the
//     by-district accounts, which are every resident account made before the period's end.
// - district
//     weekly figures, channels, age and gender: ideas of that district (ideas.district_id), supports
//     given by its residents (the supporter's users.district_id), ballots cast from it
//     (ballots.district_id), survey responses that named it (the consented district) and accounts of
//     its residents (users.district_id).
//     Top and rising ideas, goals, moderation and response times: ideas of that district.
//     The by-district table ignores it: it compares every district (the chosen one is highlighted).
// - goal
//     ideas of that goal, supports of such ideas, ballots that chose at least one round option of
//     that goal (round_options.goal_id). Survey responses and accounts have no goal: the goal
//     filter does not narrow them (the page says so when a goal is chosen).
//     Top and rising ideas, goals, moderation and response times: ideas of that goal.
// Top ideas are those submitted in the period, by every support they have; rising ideas, those
// with the most supports given in the period's last two weeks, whenever they were submitted.
import { SERIES, VIEWS, type Series, type View } from "~/domain/insights";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Translated } from "#db/schema";
import { IDEA_STATUSES } from "~/domain/ideas";
import { MIN_GROUP } from "~/domain/rounds";
import { suppressTable } from "~/domain/suppression";
import { AGE_BANDS, GENDERS } from "~/domain/surveys";
import { getMunicipality, listDistricts, listGoals } from "~/models/municipality.server";
import { participationCountsReady, utcOffsetMs } from "~/models/participation.server";

export { utcOffsetMs };
import { getDb } from "~/utils/db.server";

const DAY_MS = 86_400_000;
/** The default period: this week and the 25 before it. */
export const DEFAULT_WEEKS = 26;
/** The longest period shown (about three years: 157 weekly rows). */
export const MAX_DAYS = 3 * 366;
/** Rising ideas: most supports in the last days of the period. */
export const RISING_DAYS = 14;
/** An idea without an answer this many days after its submission is counted as overdue. */
export const OVERDUE_DAYS = 30;
/** Statuses that are an official answer to an idea (its first move beyond "published"). */
export const ANSWER_STATUSES = ["accepted", "not_feasible", "not_municipal", "under_review", "in_progress", "implemented", "rejected"] as const;
export const CHANNELS = ["online", "paper", "import"] as const;
export type Channel = (typeof CHANNELS)[number];

// ─── The filter and the period ──────────────────────────────────────────────────────────

export type InsightsFilter = { from: string; to: string; district: number | null; goal: number | null };

/** Day number (days since 1970-01-01) of "YYYY-MM-DD". */
const dayNumber = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
const dayString = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** The Monday on or before a day number (day 0, 1970-01-01, was a Thursday). */
const mondayOf = (n: number) => n - ((((n + 3) % 7) + 7) % 7);

function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  return year >= 2000 && year <= 2100 && dayString(dayNumber(value)) === value;
}

const day = z.string().max(10).refine(isDay).optional().catch(undefined);
const id = z.coerce.number().int().positive().max(2 ** 31).optional().catch(undefined);
const querySchema = z.object({ from: day, to: day, district: id, goal: id });

/** Today on the municipality's wall clock, "YYYY-MM-DD". */
export function localToday(timeZone: string, now = Date.now()): string {
  return dayString(Math.floor((now + utcOffsetMs(timeZone, now)) / DAY_MS));
}

/** The first day of the default period ending on `to`: the Monday 25 weeks before to's week. */
export function defaultFrom(to: string): string {
  return dayString(mondayOf(dayNumber(to)) - (DEFAULT_WEEKS - 1) * 7);
}

/**
 * The filter from the query string. Every value is optional; a value that is not valid falls back
 * to its default: `to` to today, `from` to 26 weeks before `to` (also when it is after `to` or more
 * than MAX_DAYS before it), district and goal to none (also when no such district or goal exists).
 */
export function readInsightsFilter(
  params: URLSearchParams,
  { today, districtIds, goalIds }: { today: string; districtIds: readonly number[]; goalIds: readonly number[] },
): InsightsFilter {
  const raw = querySchema.parse({ from: params.get("from") ?? undefined, to: params.get("to") ?? undefined, district: params.get("district") ?? undefined, goal: params.get("goal") ?? undefined });
  const to = raw.to ?? today;
  let from = raw.from ?? defaultFrom(to);
  if (from > to || dayNumber(to) - dayNumber(from) >= MAX_DAYS) from = defaultFrom(to);
  return {
    from,
    to,
    district: raw.district !== undefined && districtIds.includes(raw.district) ? raw.district : null,
    goal: raw.goal !== undefined && goalIds.includes(raw.goal) ? raw.goal : null,
  };
}

/** The filter as a query string (for links to the exports), without defaults that need no saying. */
export function filterQuery(filter: InsightsFilter): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.district) params.set("district", String(filter.district));
  if (filter.goal) params.set("goal", String(filter.goal));
  return params.toString();
}

/** The filter and its period from a request's query string, for the page and the exports. */
export function insightsScope(params: URLSearchParams, now = Date.now()): { filter: InsightsFilter; period: Period } {
  const { timeZone } = getMunicipality();
  participationCountsReady(now);
  const filter = readInsightsFilter(params, {
    today: localToday(timeZone, now),
    districtIds: listDistricts().map((d) => d.id),
    goalIds: listGoals().map((g) => g.id),
  });
  return { filter, period: periodOf(filter, timeZone) };
}

export type Period = {
  from: string;
  to: string;
  /** Local midnight at the start of `from`, UTC milliseconds. */
  fromMs: number;
  /** Local midnight at the end of `to` (exclusive). */
  toMs: number;
  /** Start of the last RISING_DAYS days of the period (not before fromMs). */
  recentMs: number;
  offsetMs: number;
  /** Every week (its Monday, "YYYY-MM-DD") that the period touches, oldest first. */
  weeks: string[];
};

export function periodOf(filter: Pick<InsightsFilter, "from" | "to">, timeZone: string): Period {
  const first = dayNumber(filter.from);
  const last = dayNumber(filter.to);
  const offsetMs = utcOffsetMs(timeZone, first * DAY_MS);
  const fromMs = first * DAY_MS - offsetMs;
  const toMs = (last + 1) * DAY_MS - offsetMs;
  const weeks: string[] = [];
  for (let w = mondayOf(first); w <= last; w += 7) weeks.push(dayString(w));
  return { from: filter.from, to: filter.to, fromMs, toMs, recentMs: Math.max(fromMs, toMs - RISING_DAYS * DAY_MS), offsetMs, weeks };
}

// ─── Where each kind of participation is counted ────────────────────────────────────────
//
// The counting views read participation_days (decision 011): counts by local day that triggers keep
// as rows come and go, so that a page reads thousands of rows, not millions. Ideas lists and the
// moderators' figures read the ideas themselves.

type Scope = { period: Period; filter: InsightsFilter };

const empty = sql.empty();

/** Every local day of the period, as day numbers (inclusive). */
const daysOf = (period: Period) => ({ first: dayNumber(period.from), last: dayNumber(period.to) });

/**
 * The rows of participation_days that count one series of the page under the filter: ideas (of the
 * district and goal), supports (by the district's residents, on ideas of the goal), ballots (cast
 * from the district; with a goal, those choosing one of its options), survey responses and accounts
 * (of the district; no goal). `days` limits them to the period (or, for accounts, to before its end);
 * `district` false leaves the district filter out (the by-district table compares them all).
 */
function counted(series: Series, { period, filter }: Scope, { days = "period", district = true }: { days?: "period" | "before end"; district?: boolean } = {}): SQL {
  const { first, last } = daysOf(period);
  const name = series === "ideas" ? "idea" : series === "supports" ? "support" : series === "ballots" ? (filter.goal ? "ballot_goal" : "ballot") : series === "responses" ? "response" : "account";
  const byGoal = filter.goal && (series === "ideas" || series === "supports" || series === "ballots");
  return sql`p.series = ${name} and ${days === "period" ? sql`p.day between ${first} and ${last}` : sql`p.day <= ${last}`}${
    district && filter.district ? sql` and p.district = ${filter.district}` : empty
  }${byGoal ? sql` and p.goal = ${filter.goal}` : empty}`;
}

/**
 * Ideas submitted in the period (alias i). The status list covers every status: it lets SQLite
 * read ideas_status_created_idx (status, created_at) as one range per status instead of the table.
 */
function ideasIn({ period, filter }: Scope): SQL {
  return sql`i.status in ${[...IDEA_STATUSES]} and i.created_at >= ${period.fromMs} and i.created_at < ${period.toMs}${ideaFilter(filter)}`;
}

/** District and goal of an idea (alias i). */
function ideaFilter(filter: Pick<InsightsFilter, "district" | "goal">): SQL {
  return sql`${filter.district ? sql` and i.district_id = ${filter.district}` : empty}${filter.goal ? sql` and i.goal_id = ${filter.goal}` : empty}`;
}

// ─── 1. Participation by week ───────────────────────────────────────────────────────────

export { SERIES, type Series } from "~/domain/insights";
export type WeekRow = { week: string } & Record<Series, number>;

/** Counts per ISO week (Monday, local) and series, with each series' total for the period. */
export function weeklyParticipation(filter: InsightsFilter, period: Period): { weeks: WeekRow[]; totals: Record<Series, number> } {
  const scope = { filter, period };
  const parts = SERIES.map((s) => sql`select ${s} as series, p.day - (p.day + 3) % 7 as week, sum(p.n) as n from participation_days p where ${counted(s, scope)} group by week`);
  const rows = getDb().all<{ series: Series; week: number; n: number }>(sql.join(parts, sql` union all `));
  const zero = (): Record<Series, number> => ({ ideas: 0, supports: 0, ballots: 0, responses: 0, accounts: 0 });
  const byWeek = new Map(period.weeks.map((week) => [week, { week, ...zero() }]));
  const totals = zero();
  for (const r of rows) {
    const week = byWeek.get(dayString(r.week));
    if (week) week[r.series] = r.n;
    totals[r.series] += r.n;
  }
  return { weeks: [...byWeek.values()], totals };
}

// ─── 2. By district ─────────────────────────────────────────────────────────────────────

export type DistrictRow = {
  /** "district" rows are sorted least heard first; then "none" (no district known), then "total". */
  kind: "district" | "none" | "total";
  id: number | null;
  name: Translated | null;
  population: number | null;
  ideas: number;
  supports: number;
  ballots: number;
  responses: number;
  /** Resident accounts made before the period's end. */
  accounts: number;
  accountsPer1000: number | null;
  ballotsPer1000: number | null;
};

/**
 * Participation per district next to its population: ideas (the idea's district), supports (the
 * supporter's district), ballots, survey responses (the consented district) and resident accounts,
 * with accounts and ballots per 1,000 residents (one decimal). Least heard first: fewest accounts
 * per 1,000, then fewest ballots per 1,000; districts without a population last. Then the row of
 * participation without a known district, then the city total (per 1,000 of the districts'
 * populations together). The district filter does not apply here; the goal filter does (ideas,
 * supports, ballots).
 */
export function districtParticipation(filter: InsightsFilter, period: Period): DistrictRow[] {
  const scope = { filter, period };
  const by = (s: Series, days: "period" | "before end" = "period") =>
    sql`select p.district as d, sum(p.n) as n from participation_days p where ${counted(s, scope, { days, district: false })} group by p.district`;
  const rows = getDb().all<Omit<DistrictRow, "name"> & { name: string | null }>(sql`
    with
      ic as (${by("ideas")}),
      sc as (${by("supports")}),
      bc as (${by("ballots")}),
      rc as (${by("responses")}),
      ac as (${by("accounts", "before end")}),
      keys(id, kind, d) as (select id, 'district', id from districts union all select null, 'none', 0),
      per as (
        select k.kind, k.id, d.name, d.population, d.position,
               coalesce(ic.n, 0) as ideas, coalesce(sc.n, 0) as supports, coalesce(bc.n, 0) as ballots,
               coalesce(rc.n, 0) as responses, coalesce(ac.n, 0) as accounts
        from keys k
        left join districts d on d.id = k.id
        left join ic on ic.d = k.d
        left join sc on sc.d = k.d
        left join bc on bc.d = k.d
        left join rc on rc.d = k.d
        left join ac on ac.d = k.d
      ),
      city as (select sum(population) as population from districts where population > 0)
    select kind, id, name, population, ideas, supports, ballots, responses, accounts, accountsPer1000, ballotsPer1000
    from (
      select kind, id, name, population, ideas, supports, ballots, responses, accounts,
             case when population > 0 then round(accounts * 1000.0 / population, 1) end as accountsPer1000,
             case when population > 0 then round(ballots * 1000.0 / population, 1) end as ballotsPer1000,
             case kind when 'district' then 0 else 1 end as grp, position,
             case when population > 0 then accounts * 1.0 / population end as accountsRate,
             case when population > 0 then ballots * 1.0 / population end as ballotsRate
      from per
      union all
      select 'total', null, null, city.population, sum(ideas), sum(supports), sum(ballots), sum(responses), sum(accounts),
             case when city.population > 0 then round(sum(accounts) * 1000.0 / city.population, 1) end,
             case when city.population > 0 then round(sum(ballots) * 1000.0 / city.population, 1) end,
             2, null, null, null
      from per, city
    )
    order by grp, accountsRate is null, accountsRate, ballotsRate, position, id`);
  return rows.map((r) => ({ ...r, name: r.name === null ? null : (JSON.parse(r.name) as Translated) }));
}

// ─── 3. By channel ──────────────────────────────────────────────────────────────────────

export type ChannelRow = { channel: Channel | "total"; ballots: number; responses: number };

/** Ballots and survey responses online, on paper and imported, with the total. */
export function channelParticipation(filter: InsightsFilter, period: Period): ChannelRow[] {
  const scope = { filter, period };
  const by = (s: Series) => sql`select p.channel, sum(p.n) as n from participation_days p where ${counted(s, scope)} group by p.channel`;
  return getDb().all<ChannelRow>(sql`
    with
      ch(channel, position) as (values ('online', 0), ('paper', 1), ('import', 2)),
      bc as (${by("ballots")}),
      rc as (${by("responses")}),
      per as (select ch.channel, ch.position, coalesce(bc.n, 0) as ballots, coalesce(rc.n, 0) as responses from ch left join bc on bc.channel = ch.channel left join rc on rc.channel = ch.channel)
    select channel, ballots, responses from (
      select channel, ballots, responses, position from per
      union all
      select 'total', sum(ballots), sum(responses), 3 from per
    )
    order by position`);
}

// ─── 4. By age band and gender ──────────────────────────────────────────────────────────

export type Demographics = {
  /** Age bands, then null: not given. */
  ageBands: Array<string | null>;
  /** Genders, then null: not given. */
  genders: Array<string | null>;
  /** Counts after suppression: null = hidden (a group of 1–4, or a cell that would give one away). */
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  colTotals: (number | null)[];
  total: number | null;
};

/**
 * Survey responses that gave an age band or a gender (the optional block a resident consents to),
 * by age band × gender, including "not given" for the other of the two. Small groups are
 * suppressed with suppressTable (k = 5): no count of 1–4 is shown or can be worked out from the
 * totals. The goal filter does not apply.
 */
export function demographics(filter: InsightsFilter, period: Period): Demographics {
  const rows = getDb().all<{ ageBand: string; gender: string; n: number }>(sql`
    select p.age_band as ageBand, p.gender, sum(p.n) as n
    from participation_days p
    where ${counted("responses", { filter, period })} and (p.age_band != '' or p.gender != '')
    group by p.age_band, p.gender`);
  const ageBands: Array<string | null> = [...AGE_BANDS, null];
  const genders: Array<string | null> = [...GENDERS, null];
  // A value outside the known lists (none is stored by the app) counts as not given.
  const place = (list: ReadonlyArray<string | null>, value: string) => {
    const i = list.indexOf(value);
    return i === -1 ? list.length - 1 : i;
  };
  const cells = ageBands.map(() => genders.map(() => 0));
  for (const r of rows) cells[place(ageBands, r.ageBand)]![place(genders, r.gender)]! += r.n;
  const safe = suppressTable(cells, MIN_GROUP, {});
  return { ageBands, genders, ...safe };
}

// ─── 5. Ideas, goals and moderation ─────────────────────────────────────────────────────

export type IdeaRow = {
  id: number;
  title: string;
  district: Translated;
  goal: Translated;
  /** Supports given in the last RISING_DAYS days of the period. */
  recent: number;
  /** Every support the idea has now. */
  total: number;
};

/**
 * The most supported ideas submitted in the period (top: by every support they have, at least one),
 * and the ideas with the most supports given in its last RISING_DAYS days (rising: at least one),
 * `limit` of each. Hidden ideas are left out (these lists may be shown on a screen). Both read few
 * rows: the period's ideas through their index, and the supports of the last two weeks through theirs.
 */
export function ideasBySupports(filter: InsightsFilter, period: Period, limit: number, { rising: withRising = true } = {}): { top: IdeaRow[]; rising: IdeaRow[] } {
  const scope = { filter, period };
  type Raw = Omit<IdeaRow, "district" | "goal"> & { list: "top" | "rising"; district: string; goal: string };
  // One pass over the supports of the last two weeks (supports_created_idx; "+s.idea_id" groups
  // them with a temporary b-tree rather than reading the primary key in order) gives both the
  // rising list and the top ideas' recent supports.
  const rows = getDb().all<Raw>(sql`
    with
      c as materialized (
        select s.idea_id, count(*) as recent from supports s
        where s.created_at >= ${period.recentMs} and s.created_at < ${period.toMs}
        group by +s.idea_id
      ),
      top as (
        select i.id, i.title, i.district_id, i.goal_id, i.supports_count as total
        from ideas i
        where ${ideasIn(scope)} and i.hidden = 0 and i.supports_count > 0
        order by i.supports_count desc, i.id
        limit ${limit}
      ),
      rising as (
        select i.id, i.title, i.district_id, i.goal_id, i.supports_count as total, c.recent
        from c join ideas i on i.id = c.idea_id
        where i.hidden = 0${ideaFilter(filter)}
        order by c.recent desc, i.supports_count desc, i.id
        limit ${withRising ? limit : 0}
      )
    select x.list, x.id, x.title, d.name as district, g.title as goal, x.recent, x.total
    from (
      select 'top' as list, t.id, t.title, t.district_id, t.goal_id, t.total, coalesce(c.recent, 0) as recent, 0 as grp from top t left join c on c.idea_id = t.id
      union all
      select 'rising', r.id, r.title, r.district_id, r.goal_id, r.total, r.recent, 1 from rising r
    ) x
    join districts d on d.id = x.district_id
    join goals g on g.id = x.goal_id
    order by x.grp, case x.grp when 0 then -x.total else -x.recent end, -x.total, x.id`);
  const list = (which: "top" | "rising") =>
    rows.filter((r) => r.list === which).map(({ list: _list, ...r }) => ({ ...r, district: JSON.parse(r.district) as Translated, goal: JSON.parse(r.goal) as Translated }));
  return { top: list("top"), rising: list("rising") };
}

export type GoalRow = { id: number; title: Translated; ideas: number; supports: number };

/** Every goal (or the chosen one) by the supports its ideas got in the period, with the ideas submitted. */
export function goalsBySupports(filter: InsightsFilter, period: Period): GoalRow[] {
  const { first, last } = daysOf(period);
  const of = (series: "idea" | "idea_support") =>
    sql`select p.goal, sum(p.n) as n from participation_days p where p.series = ${series} and p.day between ${first} and ${last}${
      filter.district ? sql` and p.district = ${filter.district}` : empty
    } group by p.goal`;
  const rows = getDb().all<Omit<GoalRow, "title"> & { title: string }>(sql`
    with ic as (${of("idea")}), sc as (${of("idea_support")})
    select g.id, g.title, coalesce(ic.n, 0) as ideas, coalesce(sc.n, 0) as supports
    from goals g left join ic on ic.goal = g.id left join sc on sc.goal = g.id
    ${filter.goal ? sql`where g.id = ${filter.goal}` : empty}
    order by supports desc, ideas desc, g.position, g.id`);
  return rows.map((r) => ({ ...r, title: JSON.parse(r.title) as Translated }));
}

export type Workload = {
  /** Ideas waiting for a moderator now (status submitted). */
  waiting: number;
  /** Days the oldest of them has waited (null when none waits). */
  oldestWaitingDays: number | null;
  /** Reported ideas and comments with open reports now. */
  reported: number;
  /** Ideas submitted in the period. */
  submitted: number;
  /** Of those, ideas with an official answer, and the days it took: median and 90th percentile (one decimal). */
  answered: number;
  medianDays: number | null;
  p90Days: number | null;
  /** Ideas submitted in the period, OVERDUE_DAYS days ago or more, still without an answer (merged ones aside). */
  overdue: number;
};

/** A percentile (0..1) of r.days by linear interpolation between the closest ranks (k from 0, n rows). */
function percentile(p: number): SQL {
  const pos = sql`((n - 1) * ${p})`;
  const lo = sql`cast(${pos} as integer)`;
  return sql`round(sum(case when k = ${lo} then days * (1 - (${pos} - ${lo})) when k = ${lo} + 1 then days * (${pos} - ${lo}) else 0 end), 1)`;
}

/**
 * The moderators' work: what waits now (ideas for a decision, reported items; the period does not
 * apply) and how fast ideas submitted in the period got their first official answer (the first
 * status change to one of ANSWER_STATUSES, from idea_events).
 */
export function moderationWorkload(filter: InsightsFilter, period: Period, now = Date.now()): Workload {
  const scope = { filter, period };
  const waiting = getDb().get<{ waiting: number; oldest: number | null }>(sql`
    select count(*) as waiting, min(i.created_at) as oldest from ideas i where i.status = 'submitted'${ideaFilter(filter)}`)!;
  const reported = getDb().get<{ n: number }>(sql`
    select count(*) as n from (
      select 1
      from reports r
      left join comments c on r.target_type = 'comment' and c.id = r.target_id
      join ideas i on i.id = case r.target_type when 'idea' then r.target_id else c.idea_id end
      where r.resolved_at is null${ideaFilter(filter)}
      group by r.target_type, r.target_id
    )`)!;
  const times = getDb().get<Omit<Workload, "waiting" | "oldestWaitingDays" | "reported">>(sql`
    with
      submitted as materialized (
        select i.id, i.status, i.created_at,
               (select min(e.created_at) from idea_events e
                where e.idea_id = i.id and e.kind = 'status' and e.to_status in ${[...ANSWER_STATUSES]}) as answered_at
        from ideas i
        where ${ideasIn(scope)}
      ),
      r as (
        select (answered_at - created_at) / 86400000.0 as days,
               row_number() over (order by answered_at - created_at) - 1 as k,
               count(*) over () as n
        from submitted where answered_at is not null
      )
    select
      (select count(*) from submitted) as submitted,
      (select count(*) from r) as answered,
      (select ${percentile(0.5)} from r) as medianDays,
      (select ${percentile(0.9)} from r) as p90Days,
      (select count(*) from submitted where answered_at is null and status != 'merged' and created_at <= ${now - OVERDUE_DAYS * DAY_MS}) as overdue`)!;
  return {
    waiting: waiting.waiting,
    oldestWaitingDays: waiting.oldest === null ? null : Math.max(0, Math.floor((now - waiting.oldest) / DAY_MS)),
    reported: reported.n,
    ...times,
  };
}

// ─── All of it, kept for a minute ───────────────────────────────────────────────────────

/** Ideas in each of the page's top and rising lists. */
export const LIST_SIZE = 10;
/** How long computed figures are reused for the same filter (the page says when they were counted). */
export const FIGURES_MAX_AGE_MS = 60_000;

export type Figures = {
  /** When they were counted (UTC milliseconds). */
  at: number;
  weekly: ReturnType<typeof weeklyParticipation>;
  districts: DistrictRow[];
  channels: ChannelRow[];
  demographics: Demographics;
  lists: { top: IdeaRow[]; rising: IdeaRow[] };
  goals: GoalRow[];
  work: Workload;
  /** The exports' longer list of top ideas, counted when first asked for. */
  exportIdeas?: IdeaRow[];
};

const figuresCache = new Map<string, Figures>();

/**
 * Every figure of the page for a filter. Counted once and reused for FIGURES_MAX_AGE_MS: the same
 * view asked for again within a minute (by another moderator, a refresh, the exports) costs nothing,
 * and a figure is never more than a minute old. Counting costs 50–150 ms at a million supports and a
 * million ballots (bench/README.md).
 */
export function insightsFigures(filter: InsightsFilter, period: Period, now = Date.now()): Figures {
  const key = filterQuery(filter);
  const kept = figuresCache.get(key);
  if (kept && now - kept.at < FIGURES_MAX_AGE_MS && now >= kept.at) return kept;
  const figures: Figures = {
    at: now,
    weekly: weeklyParticipation(filter, period),
    districts: districtParticipation(filter, period),
    channels: channelParticipation(filter, period),
    demographics: demographics(filter, period),
    lists: ideasBySupports(filter, period, LIST_SIZE),
    goals: goalsBySupports(filter, period),
    work: moderationWorkload(filter, period, now),
  };
  for (const [k, f] of figuresCache) if (now - f.at >= FIGURES_MAX_AGE_MS) figuresCache.delete(k);
  figuresCache.set(key, figures);
  return figures;
}

/** Forgets every kept figure (tests that change data and read again at once). */
export function forgetInsightsFigures(): void {
  figuresCache.clear();
}

// ─── Exports ────────────────────────────────────────────────────────────────────────────

export { VIEWS, type View } from "~/domain/insights";
export const viewSchema = z.enum(VIEWS).catch("weekly");

/** Rows for the exports (CSV and the "ideas" sheet): the top ideas of the period, at most this many. */
export const EXPORT_IDEAS = 1000;

export type Cell = string | number | null;
export type ExportTable = { view: View; header: string[]; rows: Cell[][] };

/**
 * One view as a table with headers in the reader's language. Numbers stay numbers (per 1,000 with
 * one decimal); weeks are their Monday as YYYY-MM-DD; a suppressed cell is the `hidden` text.
 */
export function exportTable(
  view: View,
  filter: InsightsFilter,
  period: Period,
  { t, name }: { t: (key: string) => string; name: (value: Translated | null) => string },
): ExportTable {
  const col = (key: string) => t(`columns.${key}`);
  switch (view) {
    case "weekly": {
      const { weeks } = insightsFigures(filter, period).weekly;
      return { view, header: [col("week"), ...SERIES.map((s) => col(s))], rows: weeks.map((w) => [w.week, ...SERIES.map((s) => w[s])]) };
    }
    case "districts": {
      const rows = insightsFigures(filter, period).districts;
      return {
        view,
        header: [col("district"), col("population"), col("ideas"), col("supports"), col("ballots"), col("responses"), col("accountsAll"), col("accountsPer1000"), col("ballotsPer1000")],
        rows: rows.map((r) => [
          r.kind === "district" ? name(r.name) : t(r.kind === "none" ? "districts.none" : "districts.total"),
          r.population,
          r.ideas,
          r.supports,
          r.ballots,
          r.responses,
          r.accounts,
          r.accountsPer1000,
          r.ballotsPer1000,
        ]),
      };
    }
    case "channels": {
      const rows = insightsFigures(filter, period).channels;
      return { view, header: [col("channel"), col("ballots"), col("responses")], rows: rows.map((r) => [t(`channels.${r.channel}`), r.ballots, r.responses]) };
    }
    case "demographics": {
      const d = insightsFigures(filter, period).demographics;
      const cell = (v: number | null) => v ?? t("demographics.hidden");
      const label = (kind: "age" | "gender", v: string | null) => (v === null ? t("demographics.notGiven") : kind === "age" ? v : t(`genders.${v}`));
      return {
        view,
        header: [col("ageBand"), ...d.genders.map((g) => label("gender", g)), col("total")],
        rows: [
          ...d.ageBands.map((a, i) => [label("age", a), ...d.cells[i]!.map(cell), cell(d.rowTotals[i]!)]),
          [t("demographics.total"), ...d.colTotals.map(cell), cell(d.total)],
        ],
      };
    }
    case "ideas": {
      // Kept with the view's other figures: the CSV and the workbook of one view share them.
      const figures = insightsFigures(filter, period);
      const rows = (figures.exportIdeas ??= ideasBySupports(filter, period, EXPORT_IDEAS, { rising: false }).top);
      return {
        view,
        header: [col("ideaId"), col("idea"), col("district"), col("goal"), col("supportsRecent"), col("supportsTotal")],
        rows: rows.map((r) => [r.id, r.title, name(r.district), name(r.goal), r.recent, r.total]),
      };
    }
  }
}
