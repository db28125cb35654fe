import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listAudit } from "./audit.server";
import { exportRoundPabulib, importPabulibRound } from "./rounds-pabulib.server";
import { castBallot, createRound, enterPaperBallot, getRound, optionTotals, turnout } from "./rounds.server";
import { createUser } from "./users.server";
import { ballots, users } from "#db/schema";
import { tallyPabulib } from "~/domain/tally";
import { readElection } from "~/domain/tally/fixtures.test-helper";
import { scoreProjects } from "~/domain/tally/greedy";
import { parsePabulib } from "~/domain/tally/pabulib";
import { getDb } from "~/utils/db.server";

function adminId(): number {
  const row = getDb().select({ id: users.id }).from(users).where(eq(users.email, "admin@khma.test")).get();
  if (!row) throw new Error("no demo admin");
  return row.id;
}

let n = 0;
function resident(): number {
  n += 1;
  return createUser({ displayName: `Voter ${n}`, identifier: { kind: "email", value: `voter${n}@pabulib.test` }, passwordHash: "x" })!.id;
}

function imported(text: string, now?: Date) {
  const result = importPabulibRound({ text, importedBy: adminId(), now });
  if (!result.ok) throw new Error(`import failed: ${result.message}`);
  return result;
}

const lines = (...rows: string[]) => rows.join("\n");

const SMALL = lines(
  "META",
  "key;value",
  "description;მწვანე ბიუჯეტი",
  "country;Georgia",
  "unit;Rustavi",
  "instance;2025",
  "budget;1000",
  "vote_type;approval",
  "rule;equalshares/add1",
  "date_begin;1.03.2025",
  "date_end;15.03.2025",
  "PROJECTS",
  "project_id;cost;name;selected",
  'p1;600;"პარკი ""მწვანე""; ახალი";1',
  "p2;300;;0",
  "p3;250;სკვერი;1",
  "VOTES",
  "voter_id;vote",
  "a;p1,p2",
  "b;p1",
  "c;p3,p1",
  "d;",
);

/** Ballots as sorted strings, so that two lists compare as multisets; only ranked ballots keep their order. */
function multiset(votes: Array<{ vote: string[]; points?: number[] }>, ranked = false): string[] {
  return votes
    .map((v) => {
      const entries = v.vote.map((id, k) => (v.points ? `${id}:${v.points[k]}` : id));
      return (ranked ? entries : entries.sort()).join(",");
    })
    .sort();
}

describe("importPabulibRound", () => {
  it("creates an unpublished budget round with its options, costs and anonymous imported ballots", () => {
    const result = imported(SMALL);
    expect(result).toMatchObject({ ok: true, ballots: 4, options: 3 });
    const round = getRound(result.roundId)!;
    expect(round).toMatchObject({ title: { ka: "მწვანე ბიუჯეტი" }, description: {}, method: "budget", budget: 1000, budgetRule: "mes", published: false });
    // Tbilisi is UTC+4: the round opens at local midnight of the first day and closes after the last.
    expect(round.opensAt.toISOString()).toBe("2025-02-28T20:00:00.000Z");
    expect(round.closesAt.toISOString()).toBe("2025-03-15T20:00:00.000Z");
    expect(round.options.map((o) => [o.title, o.cost])).toEqual([
      [{ ka: 'პარკი "მწვანე"; ახალი' }, 600],
      [{ ka: "Project p2" }, 300],
      [{ ka: "სკვერი" }, 250],
    ]);
    expect(optionTotals(result.roundId, 0).map((t) => t.ballots)).toEqual([3, 1, 1]);
    const rows = getDb().select().from(ballots).where(eq(ballots.roundId, result.roundId)).all();
    expect(rows).toHaveLength(4);
    for (const b of rows) expect(b).toMatchObject({ channel: "import", userId: null, enteredBy: adminId(), districtId: null });
    const audit = listAudit({ limit: 5 }).find((a) => a.action === "round.imported" && a.targetId === String(result.roundId));
    expect(audit).toMatchObject({ actorId: adminId(), targetType: "round", details: { ballots: 4, options: 3 } });
  });

  it("approval without a budget, ordinal and cumulative files become approval, ranked and points rounds", () => {
    const now = new Date("2026-05-10T12:00:00Z");
    const approval = imported(lines("META", "key;value", "budget;0", "unit;Rustavi", "instance;2024", "max_length;2", "PROJECTS", "project_id;cost", "1;0", "2;0", "VOTES", "voter_id;vote", "1;1,2", "2;2"), now);
    expect(getRound(approval.roundId)).toMatchObject({ method: "approval", maxChoices: 2, budget: null, title: { ka: "Pabulib Rustavi 2024" } });
    expect(getRound(approval.roundId)!.closesAt).toEqual(now);
    expect(getRound(approval.roundId)!.opensAt).toEqual(new Date(now.getTime() - 24 * 60 * 60 * 1000));

    const ordinal = imported(lines("META", "key;value", "budget;100", "vote_type;ordinal", "PROJECTS", "project_id;cost", "x;10", "y;20", "z;30", "VOTES", "voter_id;vote", "1;z,x,y", "2;x,z"));
    expect(getRound(ordinal.roundId)).toMatchObject({ method: "ranked", maxChoices: 3 });
    const [x, y, z] = optionTotals(ordinal.roundId, 3);
    expect([x?.first, y?.first, z?.first]).toEqual([1, 0, 1]);
    expect([x?.borda, y?.borda, z?.borda]).toEqual([2 + 3, 1, 3 + 2]);

    const cumulative = imported(lines("META", "key;value", "budget;100", "vote_type;cumulative", "max_points;3", "PROJECTS", "project_id;cost", "x;10", "y;20", "VOTES", "voter_id;vote;points", "1;x,y;2,3", "2;y;4"));
    expect(getRound(cumulative.roundId)).toMatchObject({ method: "points", pointsTotal: 5, pointsPerOption: 3 });
    expect(optionTotals(cumulative.roundId, 0).map((t) => t.points)).toEqual([2, 7]);
  });

  it("reports the line of a broken file, and refuses what Khma cannot hold", () => {
    const broken = SMALL.replace("b;p1", "b;p9");
    expect(importPabulibRound({ text: broken, importedBy: adminId() })).toEqual({ ok: false, line: 20, message: expect.stringContaining("unknown project") });
    expect(importPabulibRound({ text: SMALL.replace("p2;300;;0", "p2;300;0"), importedBy: adminId() })).toMatchObject({ ok: false, line: 15 });

    const scoring = lines("META", "key;value", "budget;10", "vote_type;scoring", "PROJECTS", "project_id;cost", "1;1", "VOTES", "voter_id;vote;points", "1;1;5");
    expect(importPabulibRound({ text: scoring, importedBy: adminId() })).toEqual({ ok: false, line: null, message: expect.stringContaining("scoring") });
    const empty = lines("META", "key;value", "budget;10", "PROJECTS", "project_id;cost", "VOTES", "voter_id;vote");
    expect(importPabulibRound({ text: empty, importedBy: adminId() })).toEqual({ ok: false, line: null, message: expect.stringContaining("no projects") });
    const huge = lines("META", "key;value", "budget;10", "PROJECTS", "project_id;cost", "1;99999999999999999999", "VOTES", "voter_id;vote");
    expect(importPabulibRound({ text: huge, importedBy: adminId() })).toMatchObject({ ok: false, line: 6 });
  });

  it("a failed import leaves no round behind", () => {
    const before = getDb().$client.prepare("select count(*) as n from rounds").get() as { n: number };
    importPabulibRound({ text: SMALL.replace("VOTES", "VOTE"), importedBy: adminId() });
    expect(getDb().$client.prepare("select count(*) as n from rounds").get()).toEqual(before);
  });
});

describe("exportRoundPabulib", () => {
  it("is null for a round that does not exist", () => {
    expect(exportRoundPabulib(987_654, "ka")).toBeNull();
  });

  it("writes the same ballots as a multiset, shuffled and numbered 1..n, with nothing about who voted", () => {
    const roundId = createRound({
      title: { ka: "პრიორიტეტები", en: "Priorities" },
      description: { ka: "" },
      method: "budget",
      budget: 500_000,
      budgetRule: "mes",
      opensAt: new Date("2026-12-01T08:00:00Z"),
      closesAt: new Date("2026-12-15T20:00:00Z"),
      options: ["პარკები", "ტრანსპორტი", "ჰაერი", "სამუშაო"].map((ka, i) => ({ title: { ka, ...(i === 0 ? { en: "Parks" } : {}) }, description: {}, cost: 100_000 * (i + 1) })),
    });
    const options = getRound(roundId)!.options;
    const staff = adminId();
    // A ballot with a high id elsewhere, so that this round's ballot ids cannot be 1..30.
    getDb().$client.prepare("insert into ballots (id, round_id, channel, entered_by) values (5000, ?, 'paper', ?)").run(imported(SMALL).roundId, staff);
    const cast: string[][] = [];
    // Every non-empty subset of the four options, twice: once online, once on paper.
    for (let mask = 1; mask < 16; mask++) {
      const chosen = options.filter((_, i) => mask & (1 << i));
      castBallot({ roundId, userId: resident(), districtId: null, choices: chosen.map((o) => ({ optionId: o.id })) });
      enterPaperBallot({ roundId, enteredBy: staff, districtId: null, choices: chosen.map((o) => ({ optionId: o.id })) });
      cast.push(chosen.map((o) => String(o.id)), chosen.map((o) => String(o.id)));
    }

    const text = exportRoundPabulib(roundId, "en")!;
    const election = parsePabulib(text);
    expect(election.meta).toMatchObject({
      description: "Priorities",
      country: "Georgia",
      unit: "Rustavi",
      instance: "2026",
      num_projects: "4",
      num_votes: "30",
      budget: "500000",
      vote_type: "approval",
      rule: "equalshares/add1",
      date_begin: "01.12.2026",
      date_end: "15.12.2026",
    });
    expect(election.projects.map((p) => [p.id, p.cost, p.name])).toEqual(options.map((o, i) => [String(o.id), BigInt(o.cost!), i === 0 ? "Parks" : o.title.ka]));
    expect(multiset(election.votes)).toEqual(multiset(cast.map((vote) => ({ vote }))));

    const voterIds = election.votes.map((v) => v.voterId);
    expect(voterIds).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    const ballotIds = getDb().select({ id: ballots.id }).from(ballots).where(eq(ballots.roundId, roundId)).all().map((b) => String(b.id));
    expect(voterIds.some((id) => ballotIds.includes(id))).toBe(false);
    expect(text).toContain("\nVOTES\nvoter_id;vote\n");
    expect(text).not.toMatch(/paper|online|district|user/i);

    // The order is random: 30 ballots in 15 pairs come out in the order they were cast with
    // probability 2^15 / 30!, and two exports agree with about the same probability.
    const order = (t: string) => parsePabulib(t).votes.map((v) => v.vote.join(","));
    expect(order(text)).not.toEqual(cast.map((v) => v.join(",")));
    expect(order(exportRoundPabulib(roundId, "en")!)).not.toEqual(order(text));
  });

  it("keeps the rank order of ranked ballots and the points of points ballots", () => {
    const ranked = createRound({
      title: { ka: "რიგი" },
      description: {},
      method: "ranked",
      maxChoices: 3,
      opensAt: new Date("2026-01-01T00:00:00Z"),
      closesAt: new Date("2026-02-01T00:00:00Z"),
      options: ["ა", "ბ", "გ"].map((ka) => ({ title: { ka }, description: {} })),
    });
    const [a, b, c] = getRound(ranked)!.options;
    castBallot({ roundId: ranked, userId: resident(), districtId: null, choices: [{ optionId: a!.id, rank: 3 }, { optionId: c!.id, rank: 1 }, { optionId: b!.id, rank: 2 }] });
    const rankedPb = parsePabulib(exportRoundPabulib(ranked, "en")!);
    expect(rankedPb.voteType).toBe("ordinal");
    expect(rankedPb.maxLength).toBe(3);
    expect(rankedPb.meta).toMatchObject({ description: "რიგი", budget: "0" });
    expect(rankedPb.votes.map((v) => v.vote)).toEqual([[String(c!.id), String(b!.id), String(a!.id)]]);

    const points = createRound({
      title: { ka: "ქულები" },
      description: {},
      method: "points",
      pointsTotal: 10,
      pointsPerOption: 6,
      opensAt: new Date("2026-01-01T00:00:00Z"),
      closesAt: new Date("2026-02-01T00:00:00Z"),
      options: ["ა", "ბ"].map((ka, i) => ({ title: { ka }, description: {}, cost: 100 * (i + 1) })),
    });
    const [p, q] = getRound(points)!.options;
    castBallot({ roundId: points, userId: resident(), districtId: null, choices: [{ optionId: p!.id, points: 4 }, { optionId: q!.id, points: 6 }] });
    const pointsPb = parsePabulib(exportRoundPabulib(points, "ka")!);
    expect(pointsPb.voteType).toBe("cumulative");
    expect(pointsPb.meta).toMatchObject({ max_sum_points: "10", max_points: "6", budget: "300" });
    expect(multiset(pointsPb.votes)).toEqual([`${p!.id}:4,${q!.id}:6`]);
  });
});

describe("real Pabulib files", () => {
  /** Tallies the round as exported, with the option ids turned back into the file's project ids. */
  function tallyOfRound(roundId: number, file: string): string[] {
    const fileIds = parsePabulib(readElection(file)).projects.map((p) => p.id);
    const byOption = new Map(getRound(roundId)!.options.map((o, i) => [String(o.id), fileIds[i]!]));
    return tallyPabulib(exportRoundPabulib(roundId, "ka")!).funded.map((id) => byOption.get(id)!).sort();
  }

  it.each(["poland_warszawa_2023_rembertow.pb", "poland_wieliczka_2023.pb"])("%s: tallying the imported round gives the file's own outcome", (file) => {
    const text = readElection(file);
    const { roundId, ballots: count } = imported(text);
    const election = parsePabulib(text);
    expect(count).toBe(election.votes.length);
    expect(getRound(roundId)?.budgetRule).toBe(file.includes("wieliczka") ? "mes" : "greedy");
    expect(tallyOfRound(roundId, file)).toEqual(tallyPabulib(text).funded);
    // Greedy reproduces the city's `selected` column exactly (Wieliczka's is the published outcome).
    if (!file.includes("wieliczka")) expect(tallyPabulib(text).funded).toEqual(election.projects.filter((p) => p.selected).map((p) => p.id).sort());
  });

  it("ordinal and cumulative files keep their Borda scores and points", () => {
    for (const file of ["poland_krakow_2022_zwierzyniec.pb", "poland_katowice_2021_zarzecze.pb"]) {
      const election = parsePabulib(readElection(file));
      const { roundId } = imported(readElection(file));
      const round = getRound(roundId)!;
      const scores = scoreProjects(election);
      const totals = optionTotals(roundId, round.maxChoices ?? 0);
      expect(totals.map((t) => (round.method === "ranked" ? t.borda : t.points))).toEqual(election.projects.map((p) => scores.get(p.id)));
      const exported = parsePabulib(exportRoundPabulib(roundId, "ka")!);
      expect(exported.voteType).toBe(election.voteType);
      const fileIdOf = new Map(round.options.map((o, i) => [String(o.id), election.projects[i]!.id]));
      const back = exported.votes.map((v) => ({ vote: v.vote.map((id) => fileIdOf.get(id)!), ...(v.points ? { points: v.points } : {}) }));
      const original = election.votes.map((v) => ({ vote: v.vote, ...(election.voteType === "cumulative" ? { points: v.points } : {}) }));
      expect(multiset(back, round.method === "ranked")).toEqual(multiset(original, round.method === "ranked"));
    }
  });

  it("imports the Łódź file (about 90,000 ballots) quickly", () => {
    const text = readElection("poland_lodz_2022.pb");
    const started = performance.now();
    const { roundId, ballots: count } = imported(text);
    const seconds = (performance.now() - started) / 1000;
    expect(count).toBe(Number(parsePabulib(text).meta.num_votes));
    expect(turnout(roundId).total).toBe(count);
    expect(seconds).toBeLessThan(10);
    expect(parsePabulib(exportRoundPabulib(roundId, "ka")!).votes).toHaveLength(count);
  });
});
