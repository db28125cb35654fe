import { describe, expect, it } from "vitest";
import { readElection } from "./fixtures.test-helper";
import { equalShares, mesFixed, mesInstance } from "./mes";
import { parsePabulib, type PabulibElection } from "./pabulib";
import { prng, randomApprovalElection, shuffled } from "./random.test-helper";

const sorted = (ids: readonly string[]) => [...ids].sort();

function election(text: string): PabulibElection {
  return parsePabulib(text.trim().replace(/^ +/gm, ""));
}

// ---- A deliberately naive reference: per-voter exact fractions, every ρ recomputed each round. ----
type Q = [bigint, bigint];
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const q = (n: bigint, d: bigint): Q => {
  const g = gcd(n, d) || 1n;
  return [n / g, d / g];
};
const sub = (a: Q, b: Q): Q => q(a[0] * b[1] - b[0] * a[1], a[1] * b[1]);
const less = (a: Q, b: Q) => a[0] * b[1] < b[0] * a[1];
const same = (a: Q, b: Q) => a[0] * b[1] === b[0] * a[1];

function naiveRun(e: PabulibElection, perVoter: bigint): string[] {
  const money: Q[] = e.votes.map(() => [perVoter, 1n]);
  const supporters = new Map(e.projects.map((p) => [p.id, [] as number[]]));
  e.votes.forEach((b, i) => b.vote.forEach((id) => supporters.get(id)?.push(i)));
  const support = (id: string) => supporters.get(id)?.length ?? 0;
  const funded: string[] = [];
  for (;;) {
    let best: { id: string; cost: bigint; rho: Q; cap: Q } | null = null;
    for (const p of e.projects) {
      const s = supporters.get(p.id) ?? [];
      if (funded.includes(p.id) || p.cost === 0n || s.length === 0) continue;
      // smallest cap with sum of min(money, cap) = cost, by trying each voter as the richest who pays all
      const wallets = s.map((i) => money[i] as Q).sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
      let rest: Q = [p.cost, 1n];
      let cap: Q | null = null;
      for (let k = 0; k < wallets.length; k++) {
        const share = q(rest[0], rest[1] * BigInt(wallets.length - k));
        const w = wallets[k] as Q;
        if (less(w, share)) rest = sub(rest, w);
        else {
          cap = share;
          break;
        }
      }
      if (!cap) continue;
      const rho = q(cap[0], cap[1] * p.cost);
      const better =
        !best ||
        less(rho, best.rho) ||
        (same(rho, best.rho) &&
          (support(p.id) > support(best.id) ||
            (support(p.id) === support(best.id) && (p.cost < best.cost || (p.cost === best.cost && p.id < best.id)))));
      if (better) best = { id: p.id, cost: p.cost, rho, cap };
    }
    if (!best) return funded;
    for (const i of supporters.get(best.id) ?? []) {
      const m = money[i] as Q;
      money[i] = less(best.cap, m) ? sub(m, best.cap) : [0n, 1n];
    }
    funded.push(best.id);
  }
}

describe("Method of Equal Shares", () => {
  // Four voters with 10 each. K (21, voters 1-3) has ρ = 7/21 = 1/3, L (11, voters 1 and 4)
  // 1/2, H (9, voter 1) 1: K first, leaving 3, 3, 3, 10. Then for L an equal share of 5.5 is
  // more than voter 1 has, so voter 1 pays 3 and voter 4 pays 8: ρ = 8/11. H (9) is no longer
  // affordable, and it does not fit in the 8 left either.
  const waterFilling = election(`
    META
    key;value
    budget;40
    PROJECTS
    project_id;cost
    H;9
    K;21
    L;11
    VOTES
    voter_id;vote
    1;H,K,L
    2;K
    3;K
    4;L
  `);

  it("charges the poorer supporters everything and splits the rest equally", () => {
    const inst = mesInstance(waterFilling);
    const run = mesFixed(inst, 10n);
    expect(run.funded.map((c) => inst.ids[c])).toEqual(["K", "L"]);
    const [first, second] = run.rho;
    expect(first && first[0] * 3n === first[1]).toBe(true); // 1/3
    expect(second && second[0] * 11n === second[1] * 8n).toBe(true); // 8/11
    expect(run.spent).toBe(32n);
    expect(equalShares(waterFilling)).toMatchObject({ funded: ["K", "L"], spent: 32n, perVoter: 10n, runs: 1 });
  });

  it("add1: raises the per-voter amount by one until the outcome is exhaustive", () => {
    // 10 each. C (12, everyone, ρ = 1/3) first, leaving 6 each; B (9, voter 3) and A (20,
    // voters 1 and 2) are then unaffordable, though B would fit in the 18 left. With 13 each,
    // voter 3 keeps 9 after C and buys B; A does not fit in the 9 left: exhaustive.
    const e = election(`
      META
      key;value
      budget;30
      PROJECTS
      project_id;cost
      A;20
      B;9
      C;12
      VOTES
      voter_id;vote
      1;A,C
      2;A,C
      3;B,C
    `);
    expect(equalShares(e)).toMatchObject({ funded: ["C", "B"], byCompletion: [], perVoter: 13n, runs: 4, spent: 21n });
  });

  it("add1 keeps the last outcome that fits, then completes greedily by supporters", () => {
    // Budget 11, two voters with 5 each: X (10, both) is funded. Z (1) has no supporter, so MES
    // never buys it and the outcome stays non-exhaustive; once every project MES can fund is
    // funded, more money changes nothing, so add1 stops and the greedy completion adds Z.
    const e = election(`
      META
      key;value
      budget;11
      PROJECTS
      project_id;cost
      X;10
      Z;1
      VOTES
      voter_id;vote
      1;X
      2;X
    `);
    const result = equalShares(e);
    expect(result.byEqualShares).toEqual(["X"]);
    expect(result.byCompletion).toEqual(["Z"]);
    expect(result.spent).toBe(11n);
  });

  it("breaks ties of ρ by more supporters, then lower cost, then id as a string", () => {
    const tie = (rows: string, votes: string) =>
      equalShares(election(`META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n${rows}\nVOTES\nvoter_id;vote\n${votes}`));
    // Same ρ (1/2), same supporters, same cost: "10" < "9" as strings.
    expect(tie("9;10\n10;10", "1;9,10\n2;9,10").byEqualShares).toEqual(["10"]);
    // Same ρ (1/2): cost 8 beats cost 10.
    expect(tie("a;10\nb;8", "1;a,b\n2;a,b").byEqualShares[0]).toBe("b");
  });

  it("breaks a tie of ρ by more supporters before cost and id", () => {
    // Four voters with 10. W (30, voters 1, 3, 4; ρ = 1/3) drains them. Then X (5, voters 1 and
    // 2) and A (5, voter 2) both cost voter 2 everything asked: ρ = 1 for both; X has two
    // supporters, so it goes first although "A" < "X"; A is still affordable after.
    const e = election(`
      META
      key;value
      budget;40
      PROJECTS
      project_id;cost
      A;5
      W;30
      X;5
      VOTES
      voter_id;vote
      1;W,X
      2;X,A
      3;W
      4;W
    `);
    const inst = mesInstance(e);
    expect(mesFixed(inst, 10n).funded.map((c) => inst.ids[c])).toEqual(["W", "X", "A"]);
  });

  it("refuses ballots that are not approval ballots", () => {
    const e = election("META\nkey;value\nbudget;10\nvote_type;ordinal\nPROJECTS\nproject_id;cost\na;1\nVOTES\nvoter_id;vote\n1;a");
    expect(() => equalShares(e)).toThrow(/approval ballots/);
  });

  it("on random elections: equals a naive exact implementation, stays within budget, is exhaustive and blind to order", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const e = randomApprovalElection(seed);
      const result = equalShares(e);
      expect(naiveRun(e, result.perVoter), `seed ${seed}`).toEqual(result.byEqualShares);
      expect(result.spent).toBeLessThanOrEqual(e.budget);
      for (const p of e.projects) {
        if (!result.funded.includes(p.id)) expect(result.spent + p.cost, `seed ${seed}`).toBeGreaterThan(e.budget);
      }
      const random = prng(seed * 104729);
      const reordered = { ...e, projects: shuffled(e.projects, random), votes: shuffled(e.votes, random) };
      expect(sorted(equalShares(reordered).funded), `seed ${seed}`).toEqual(sorted(result.funded));
      // each fixed run also agrees with the naive one at a few other amounts
      for (const perVoter of [1n, 3n, 7n]) {
        const inst = mesInstance(e);
        expect(mesFixed(inst, perVoter).funded.map((c) => inst.ids[c]), `seed ${seed} at ${perVoter}`).toEqual(naiveRun(e, perVoter));
      }
    }
  });

  it("funds exactly the 31 projects of Wieliczka's Green Million 2023", () => {
    const e = parsePabulib(readElection("poland_wieliczka_2023.pb"));
    const result = equalShares(e);
    const expected = "6 7 9 17 19 20 24 25 26 29 32 33 34 36 39 40 41 42 43 56 58 60 61 62 66 67 69 70 71 74 88".split(" ");
    expect(sorted(result.funded)).toEqual(sorted(expected));
    expect(result.spent).toBeLessThanOrEqual(e.budget);
  });

  it("settles exact ties of ρ by cost, then id", () => {
    // 3 voters with 10 each, all approving everything: P, Q and R all have ρ = 1/3. P is
    // cheapest; then Q and R (9 each) still tie at 1/3 and "Q" < "R".
    const e = election(`
      META
      key;value
      budget;30
      PROJECTS
      project_id;cost
      P;3
      R;9
      Q;9
      VOTES
      voter_id;vote
      1;P,Q,R
      2;P,Q,R
      3;P,Q,R
    `);
    const inst = mesInstance(e);
    expect(mesFixed(inst, 10n).funded.map((c) => inst.ids[c])).toEqual(["P", "Q", "R"]);
  });
});
