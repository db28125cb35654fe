// Small random elections for property tests, from a seeded generator (reproducible).
import type { PabulibElection, PabulibProject, PabulibVote } from "./pabulib";

/** mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function randomApprovalElection(seed: number): PabulibElection {
  const random = prng(seed);
  const m = 1 + Math.floor(random() * 7);
  const n = 1 + Math.floor(random() * 12);
  const projects: PabulibProject[] = [];
  for (let i = 0; i < m; i++) {
    // Few distinct costs and small numbers make ties (of ρ, support and cost) frequent.
    const cost = BigInt([0, 1, 3, 5, 10, 10, 12, 20, 35][Math.floor(random() * 9)] as number);
    projects.push({ id: String(Math.floor(random() * 30)) + String.fromCharCode(97 + i), cost, line: i + 1 });
  }
  const votes: PabulibVote[] = [];
  for (let v = 0; v < n; v++) {
    const vote = projects.filter(() => random() < 0.45).map((p) => p.id);
    votes.push({ voterId: `v${v}`, vote: shuffled(vote, random), line: 100 + v });
  }
  const budget = BigInt(Math.floor(random() * 60));
  return { meta: {}, projects, votes, voteType: "approval", budget };
}
