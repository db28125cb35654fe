// Greedy (utilitarian) tally, the rule most Polish cities use: score each project, sort by
// score descending, then cost ascending, then id ascending (plain string order), and fund each
// project that still fits in what is left of the budget (one that does not fit is skipped).
// Exact: scores are whole numbers, money is BigInt.
import type { PabulibElection, PabulibProject } from "./pabulib";

/** Approval: ballots naming the project. Ordinal: a ballot's k-th choice (k from 0) gets
 * `maxLength - k` points (`maxLength` from META, else the longest ballot; never below 0).
 * Cumulative and scoring: the sum of points. */
export function scoreProjects(election: PabulibElection): Map<string, number> {
  const scores = new Map<string, number>();
  for (const p of election.projects) scores.set(p.id, 0);
  const add = (id: string, points: number) => scores.set(id, (scores.get(id) ?? 0) + points);
  if (election.voteType === "approval") {
    for (const ballot of election.votes) for (const id of ballot.vote) add(id, 1);
  } else if (election.voteType === "ordinal") {
    let top = election.maxLength ?? 0;
    if (election.maxLength === undefined) for (const b of election.votes) top = Math.max(top, b.vote.length);
    for (const ballot of election.votes) ballot.vote.forEach((id, k) => add(id, Math.max(top - k, 0)));
  } else {
    for (const ballot of election.votes) {
      const points = ballot.points ?? [];
      ballot.vote.forEach((id, k) => add(id, points[k] ?? 0));
    }
  }
  return scores;
}

/** Sort order of the greedy walk: score desc, cost asc, id asc (as strings, not locale). */
export function greedyOrder<P extends Pick<PabulibProject, "id" | "cost">>(projects: readonly P[], score: (p: P) => number): P[] {
  return [...projects].sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    if (sa !== sb) return sb - sa;
    if (a.cost !== b.cost) return a.cost < b.cost ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** Walks `ordered` and funds each project that fits in `budget`; returns the funded ones in
 * the order they were funded and the money they take. */
export function fillGreedily<P extends Pick<PabulibProject, "cost">>(ordered: readonly P[], budget: bigint): { funded: P[]; spent: bigint } {
  const funded: P[] = [];
  let spent = 0n;
  for (const p of ordered) {
    if (spent + p.cost <= budget) {
      funded.push(p);
      spent += p.cost;
    }
  }
  return { funded, spent };
}

export interface TallyResult {
  /** Funded project ids in the order the rule funded them. */
  funded: string[];
  /** Total cost of the funded projects. */
  spent: bigint;
}

export function greedy(election: PabulibElection): TallyResult & { scores: Map<string, number> } {
  const scores = scoreProjects(election);
  const ordered = greedyOrder(election.projects, (p) => scores.get(p.id) ?? 0);
  const { funded, spent } = fillGreedily(ordered, election.budget);
  return { funded: funded.map((p) => p.id), spent, scores };
}
