// The Method of Equal Shares (MES) with cost utilities and "add1" completion, as equalshares.net
// computes it by default, in exact arithmetic (see docs/decisions/008-exact-tallies.md).
//
// One run with a per-voter amount M: every voter starts with M. A project c (cost > 0, at least
// one supporter) is affordable while its supporters together still have at least cost(c). Among
// the affordable projects, fund the one with the smallest ρ such that the supporters, each paying
// min(own money, ρ·cost(c)), cover cost(c); ties go to more supporters, then lower cost, then id
// (plain string order). Charge its supporters and repeat until nothing is affordable.
//
// Completion: run with M = floor(budget / n); while the outcome is not exhaustive (some unfunded
// project still fits in the budget), rerun from scratch with M + 1, M + 2, … and keep the last
// outcome whose cost fits the budget (stop at the first that does not). Then fund what still fits
// greedily by number of supporters (ties as in greedy).
import { fillGreedily, greedyOrder, type TallyResult } from "./greedy";
import type { PabulibElection } from "./pabulib";

/** An approval election reduced to what MES needs. Voters are 0…n-1, projects 0…m-1. */
export interface MesInstance {
  voters: number;
  ids: string[];
  costs: bigint[];
  /** supporters[c]: the voters approving project c (each once). */
  supporters: Int32Array[];
  budget: bigint;
}

export function mesInstance(election: PabulibElection): MesInstance {
  if (election.voteType !== "approval") {
    throw new Error(`the Method of Equal Shares needs approval ballots; this file has ${election.voteType} ballots`);
  }
  const index = new Map<string, number>();
  election.projects.forEach((p, i) => index.set(p.id, i));
  const counts = new Int32Array(election.projects.length);
  for (const b of election.votes) for (const id of b.vote) counts[index.get(id) as number]! += 1;
  const supporters = Array.from(counts, (k) => new Int32Array(k));
  const filled = new Int32Array(election.projects.length);
  election.votes.forEach((b, voter) => {
    for (const id of b.vote) {
      const c = index.get(id) as number;
      (supporters[c] as Int32Array)[filled[c]!++] = voter;
    }
  });
  return {
    voters: election.votes.length,
    ids: election.projects.map((p) => p.id),
    costs: election.projects.map((p) => p.cost),
    supporters,
    budget: election.budget,
  };
}

// ---- exact rationals (numerator, denominator > 0, in lowest terms) ----

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
/** Compares a/b with c/d (b, d > 0). */
function cmp(a: bigint, b: bigint, c: bigint, d: bigint): number {
  const l = a * d;
  const r = c * b;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** n / d as a float, also when both are beyond the float range. */
function ratio(n: bigint, d: bigint): number {
  const shift = BigInt(Math.max(0, Math.max(n.toString(16).length, d.toString(16).length) * 4 - 900));
  return Number(n >> shift) / Number(d >> shift);
}

/** Static tie-break between projects of equal ρ: more supporters, lower cost, smaller id. */
function tieBreak(inst: MesInstance, a: number, b: number): number {
  const sa = (inst.supporters[a] as Int32Array).length;
  const sb = (inst.supporters[b] as Int32Array).length;
  if (sa !== sb) return sb - sa;
  const ca = inst.costs[a] as bigint;
  const cb = inst.costs[b] as bigint;
  if (ca !== cb) return ca < cb ? -1 : 1;
  const ia = inst.ids[a] as string;
  const ib = inst.ids[b] as string;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

export interface MesRun {
  /** Funded project indices, in the order MES funded them. */
  funded: number[];
  spent: bigint;
  /** ρ of each funded project, as [numerator, denominator]. */
  rho: Array<[bigint, bigint]>;
}

/**
 * One MES run where every voter starts with `perVoter`. Money is exact. Every amount is an
 * integer numerator over one common denominator `scale` (a BigInt that grows when a payment
 * does not divide evenly; all numerators are then multiplied up), so sums and comparisons need
 * no gcd. Each distinct amount a voter can hold is an entry in a table and each voter holds an
 * index into it: voters who paid for the same projects hold the same amount, so a project's
 * supporters hold few distinct amounts and the water-filling works on those, not on each voter.
 */
export function mesFixed(inst: MesInstance, perVoter: bigint): MesRun {
  const m = inst.ids.length;
  let scale = 1n;
  // Value table (numerators over `scale`); index 0 is zero, index 1 the starting amount.
  const val: bigint[] = [0n, perVoter];
  // A float shadow of each amount, only to sort quickly (an exact pass then fixes the order),
  // and how many voters hold each amount (amounts nobody holds are not scaled up any more).
  const approx: number[] = [0, Number(perVoter)];
  const holders: number[] = [0, inst.voters];
  const holds = new Int32Array(inst.voters).fill(perVoter > 0n ? 1 : 0);
  let count = new Int32Array(16);
  const touched: number[] = [];

  /** Fills `touched` with the distinct positive amounts among c's supporters (ascending) and
   * `count` with how many supporters hold each. Returns how many hold a positive amount. */
  const gather = (c: number): number => {
    if (count.length < val.length) count = new Int32Array(Math.max(val.length, count.length * 2));
    touched.length = 0;
    let positive = 0;
    for (const v of inst.supporters[c] as Int32Array) {
      const h = holds[v] as number;
      if (h === 0) continue;
      positive++;
      if (count[h] === 0) touched.push(h);
      count[h]!++;
    }
    touched.sort((x, y) => approx[x]! - approx[y]!);
    // Exact insertion pass: linear when the float order is already right, as it nearly always is.
    for (let i = 1; i < touched.length; i++) {
      const h = touched[i]!;
      let j = i - 1;
      while (j >= 0 && val[touched[j]!]! > val[h]!) {
        touched[j + 1] = touched[j]!;
        j--;
      }
      touched[j + 1] = h;
    }
    return positive;
  };
  const release = () => {
    for (const h of touched) count[h] = 0;
  };

  /** The payment cap p = ρ·cost of project c as [R, left]: p = R / (left · scale); null when c is
   * not affordable. Leaves `touched`/`count` filled (the caller releases them). */
  const cap = (c: number): [bigint, bigint] | null => {
    let left = gather(c);
    // What is still to be paid (over `scale`) once the poorer groups paid everything they have.
    let rest = (inst.costs[c] as bigint) * scale;
    for (const h of touched) {
      const v = val[h]!;
      // Would an equal share rest/left exceed v? Then this group pays everything it has.
      if (v * BigInt(left) < rest) {
        rest -= v * BigInt(count[h]!);
        left -= count[h]!;
      } else {
        return [rest, BigInt(left)];
      }
    }
    return null; // all of them paying everything would not cover the cost
  };

  // Candidates with a lower bound lbN/lbD on ρ; ρ ≥ 1/|supporters| always, and ρ only grows.
  interface Cand {
    c: number;
    lbN: bigint;
    lbD: bigint;
  }
  let cands: Cand[] = [];
  for (let c = 0; c < m; c++) {
    const s = (inst.supporters[c] as Int32Array).length;
    if ((inst.costs[c] as bigint) > 0n && s > 0 && perVoter > 0n) cands.push({ c, lbN: 1n, lbD: BigInt(s) });
  }

  const funded: number[] = [];
  const rho: Array<[bigint, bigint]> = [];
  let spent = 0n;
  for (;;) {
    cands.sort((a, b) => cmp(a.lbN, a.lbD, b.lbN, b.lbD) || tieBreak(inst, a.c, b.c));
    let best: Cand | null = null;
    let bestCap: [bigint, bigint] | null = null;
    let gone = false;
    for (const cand of cands) {
      if (best) {
        const order = cmp(cand.lbN, cand.lbD, best.lbN, best.lbD);
        if (order > 0 || (order === 0 && tieBreak(inst, cand.c, best.c) > 0)) break;
      }
      const p = cap(cand.c);
      release();
      if (!p) {
        cand.lbD = 0n; // money only shrinks: never affordable again
        gone = true;
        continue;
      }
      // ρ = p / cost = R / (left · scale · cost)
      cand.lbN = p[0];
      cand.lbD = p[1] * scale * (inst.costs[cand.c] as bigint);
      if (!best) {
        best = cand;
        bestCap = p;
      } else {
        const order = cmp(cand.lbN, cand.lbD, best.lbN, best.lbD);
        if (order < 0 || (order === 0 && tieBreak(inst, cand.c, best.c) < 0)) {
          best = cand;
          bestCap = p;
        }
      }
    }
    if (gone) cands = cands.filter((x) => x.lbD !== 0n);
    if (!best || !bestCap) break;

    // p = R / (left · scale). Make it a numerator over `scale`, scaling everything up if needed.
    const [r, left] = bestCap;
    const g = gcd(r, left);
    const up = left / g;
    if (up !== 1n) {
      scale *= up;
      for (let i = 1; i < val.length; i++) if (holders[i]! > 0) val[i]! *= up;
    }
    const pay = r / g; // = r · up / left
    const payApprox = ratio(r, left * scale / up);
    // Charge: each supporter pays min(own money, p).
    const c = best.c;
    gather(c);
    const next = new Map<number, number>();
    for (const h of touched) {
      const v = val[h]!;
      const k = count[h]!;
      holders[h]! -= k;
      if (v <= pay) {
        next.set(h, 0);
      } else {
        val.push(v - pay);
        approx.push(approx[h]! - payApprox);
        holders.push(k);
        next.set(h, val.length - 1);
      }
    }
    release();
    for (const v of inst.supporters[c] as Int32Array) {
      const h = holds[v] as number;
      if (h !== 0) holds[v] = next.get(h) as number;
    }
    funded.push(c);
    rho.push([best.lbN, best.lbD]);
    spent += inst.costs[c] as bigint;
    cands = cands.filter((x) => x !== best);
  }
  return { funded, spent, rho };
}

export interface MesResult extends TallyResult {
  /** Project ids funded by MES itself, in order. */
  byEqualShares: string[];
  /** Project ids added by the final greedy completion, in order. */
  byCompletion: string[];
  /** The per-voter amount of the kept MES run. */
  perVoter: bigint;
  /** How many MES runs the add1 completion made. */
  runs: number;
}

/** MES with add1 completion and greedy (by supporters) completion. */
export function equalShares(input: PabulibElection | MesInstance): MesResult {
  const inst = "supporters" in input ? input : mesInstance(input);
  const m = inst.ids.length;
  const n = BigInt(inst.voters);
  const fundable = inst.costs.filter((cost, c) => cost > 0n && (inst.supporters[c] as Int32Array).length > 0).length;

  const exhaustive = (run: MesRun) => {
    const inRun = new Set(run.funded);
    for (let c = 0; c < m; c++) if (!inRun.has(c) && run.spent + (inst.costs[c] as bigint) <= inst.budget) return false;
    return true;
  };

  let perVoter = n > 0n ? inst.budget / n : 0n;
  let run = mesFixed(inst, perVoter);
  let runs = 1;
  // Once every fundable project is funded, more money cannot change anything: stop there.
  while (n > 0n && !exhaustive(run) && run.funded.length < fundable) {
    const next = mesFixed(inst, perVoter + 1n);
    runs++;
    if (next.spent > inst.budget) break;
    run = next;
    perVoter++;
  }

  const inRun = new Set(run.funded);
  const rest = [];
  for (let c = 0; c < m; c++) {
    if (!inRun.has(c)) rest.push({ c, id: inst.ids[c] as string, cost: inst.costs[c] as bigint, support: (inst.supporters[c] as Int32Array).length });
  }
  const completion = fillGreedily(greedyOrder(rest, (p) => p.support), inst.budget - run.spent);
  const byEqualShares = run.funded.map((c) => inst.ids[c] as string);
  const byCompletion = completion.funded.map((p) => p.id);
  return {
    funded: [...byEqualShares, ...byCompletion],
    spent: run.spent + completion.spent,
    byEqualShares,
    byCompletion,
    perVoter,
    runs,
  };
}
