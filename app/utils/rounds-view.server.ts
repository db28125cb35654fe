// What the round pages and the open-data API show of a round, in one place, so that the results
// page, its CSV and its JSON can never disagree.
import { json } from "@remix-run/node";
import { isPublic, type IdeaStatus } from "~/domain/ideas";
import { phase, publicTurnout, ranking, resultsPublic, score, type RoundPhase } from "~/domain/rounds";
import { pick } from "~/domain/translated";
import { formatNumber } from "~/ui/format";
import type { Language } from "~/utils/i18n";
import { listDistricts, listGoals } from "~/models/municipality.server";
import { getRound, roundResults, type Round } from "~/models/rounds.server";
import type { User } from "~/models/users.server";
import { isStaff } from "~/utils/session.server";

export function roundIdFrom(params: { id?: string }): number {
  const id = Number(params.id);
  if (!/^[1-9]\d{0,9}$/.test(params.id ?? "")) throw json({ reason: "notFound" }, { status: 404 });
  return id;
}

/** A round residents may see: published, or any round for staff (as a preview). 404 otherwise. */
export function visibleRound(id: number, user: User | null): { round: Round; preview: boolean } {
  const round = getRound(id);
  if (!round) throw json({ reason: "notFound" }, { status: 404 });
  const staff = Boolean(user && isStaff(user.role));
  if (!round.published && !staff) throw json({ reason: "notFound" }, { status: 404 });
  return { round, preview: !round.published };
}

/** Whether the results may be shown to this person now: staff always, the public per the round's setting. */
export function resultsVisible(round: Round, user: User | null, now = new Date()): { visible: boolean; staffOnly: boolean } {
  if (resultsPublic(round, now)) return { visible: true, staffOnly: false };
  const staff = Boolean(user && isStaff(user.role));
  return { visible: staff, staffOnly: staff };
}

export type ResultRow = {
  id: number;
  title: string;
  cost: number | null;
  ballots: number;
  firstPreferences: number | null;
  borda: number | null;
  points: number | null;
  score: number;
  funded: { greedy: boolean; mes: boolean } | null;
};

export type ResultsView = {
  id: number;
  title: string;
  method: Round["method"];
  phase: RoundPhase;
  opensAt: string;
  closesAt: string;
  budget: { amount: number; rule: "greedy" | "mes"; greedy: { funded: number[]; spent: number }; mes: { funded: number[]; spent: number } } | null;
  turnout: {
    /** null: fewer than 5 ballots in all. */
    total: number | null;
    byDistrict: Array<{ districtId: number | null; district: string | null; ballots: number | null }>;
    byChannel: Array<{ channel: string; ballots: number | null }>;
  };
  options: ResultRow[];
};

/** Results for a round in a language: options in ranking order, turnout with small groups hidden. */
export function resultsView(round: Round, language: string, now = new Date()): ResultsView {
  const results = roundResults(round);
  const byId = new Map(round.options.map((o) => [o.id, o]));
  const rows = ranking(
    round.method,
    results.totals.map((t) => ({ ...t, cost: byId.get(t.optionId)?.cost ?? null })),
  );
  const greedy = new Set(results.budget?.greedy.funded ?? []);
  const mes = new Set(results.budget?.mes.funded ?? []);
  const names = new Map(listDistricts().map((d) => [d.id, pick(d.name, language)]));
  const counted = new Map(results.turnout.byDistrict.map((d) => [d.districtId, d.ballots]));
  // Every district is listed, with zero where nobody voted, so a missing row gives nothing away.
  const districts = [...names.keys()].map((districtId) => ({ districtId, ballots: counted.get(districtId) ?? 0 }));
  const all: Array<{ districtId: number | null; ballots: number }> = [...districts];
  if (counted.has(null)) all.push({ districtId: null, ballots: counted.get(null) ?? 0 });
  const shown = publicTurnout(all);
  return {
    id: round.id,
    title: pick(round.title, language),
    method: round.method,
    phase: phase(round, now),
    opensAt: round.opensAt.toISOString(),
    closesAt: round.closesAt.toISOString(),
    budget: results.budget ? { amount: round.budget ?? 0, rule: round.budgetRule ?? "greedy", ...results.budget } : null,
    turnout: {
      total: shown.total,
      byDistrict: shown.byDistrict.map((d) => ({ districtId: d.districtId, district: d.districtId === null ? null : (names.get(d.districtId) ?? null), ballots: d.ballots })),
      // Channels are groups too: the same rule, so that paper ballots of a small polling station stay hidden.
      byChannel: publicTurnout(results.turnout.byChannel.map((c) => ({ districtId: c.channel, ballots: c.ballots }))).byDistrict.map((c) => ({ channel: c.districtId, ballots: c.ballots })),
    },
    options: rows.map((t) => ({
      id: t.optionId,
      title: pick(byId.get(t.optionId)?.title, language),
      cost: t.cost,
      ballots: t.ballots,
      firstPreferences: round.method === "ranked" ? t.first : null,
      borda: round.method === "ranked" ? t.borda : null,
      points: round.method === "points" ? t.points : null,
      score: score(round.method, t),
      funded: results.budget ? { greedy: greedy.has(t.optionId), mes: mes.has(t.optionId) } : null,
    })),
  };
}

/** The round's numbers as the ballot shows them, formatted here so that server and browser agree. */
export function shownRules(round: Pick<Round, "maxChoices" | "pointsTotal" | "pointsPerOption" | "budget">, language: string) {
  const n = (v: number | null) => formatNumber(language as Language, v ?? 0);
  return { maxChoices: n(round.maxChoices), pointsTotal: n(round.pointsTotal), pointsPerOption: n(round.pointsPerOption), budget: n(round.budget) };
}

/** Option texts for the ballot page, in a language. */
export function ballotOptions(round: Round, language: string) {
  const goals = new Map(listGoals().map((g) => [g.id, pick(g.title, language)]));
  return round.options.map((o) => ({
    id: o.id,
    title: pick(o.title, language),
    description: pick(o.description, language),
    cost: o.cost,
    costShown: o.cost === null ? null : formatNumber(language as Language, o.cost),
    goal: o.goalId ? (goals.get(o.goalId) ?? null) : null,
    // Only ideas the public can see: a link must not reveal a rejected or hidden one.
    ideas: o.ideas.filter((i) => isPublic(i.status as IdeaStatus) && !i.hidden).map((i) => ({ id: i.id, title: i.title })),
    photo: o.photoId !== null,
  }));
}
