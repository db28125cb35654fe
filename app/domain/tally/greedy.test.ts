import { describe, expect, it } from "vitest";
import { pabulibFiles, readElection } from "./fixtures.test-helper";
import { greedy, scoreProjects } from "./greedy";
import { parsePabulib, type PabulibElection } from "./pabulib";
import { prng, randomApprovalElection, shuffled } from "./random.test-helper";

const sorted = (ids: readonly string[]) => [...ids].sort();

function election(text: string): PabulibElection {
  return parsePabulib(text.trim().replace(/^ +/gm, ""));
}

describe("greedy", () => {
  it("walks by score, then cost, then id as a string, and skips what does not fit", () => {
    const e = election(`
      META
      key;value
      budget;100
      PROJECTS
      project_id;cost
      9;40
      10;40
      big;90
      cheap;10
      VOTES
      voter_id;vote
      1;big,9,10
      2;big,9,10,cheap
      3;big
    `);
    // big (3 votes) fits and takes 90; 9 and 10 tie on 2 votes and cost: "10" < "9", neither
    // fits; cheap (1 vote) still fits.
    expect(greedy(e).funded).toEqual(["big", "cheap"]);
    expect(greedy(e).spent).toBe(100n);
  });

  it("gives ordinal ballots max_length points for a first choice, one less for each next", () => {
    const e = election(`
      META
      key;value
      budget;10
      vote_type;ordinal
      max_length;3
      PROJECTS
      project_id;cost
      a;10
      b;10
      c;10
      VOTES
      voter_id;vote
      1;a,b,c
      2;b,c
      3;c
    `);
    expect(Object.fromEntries(scoreProjects(e))).toEqual({ a: 3, b: 5, c: 6 });
    expect(greedy(e).funded).toEqual(["c"]);
  });

  it("sums points on cumulative ballots", () => {
    const e = election(`
      META
      key;value
      budget;10
      vote_type;cumulative
      PROJECTS
      project_id;cost
      a;10
      b;10
      VOTES
      voter_id;vote;points
      1;a,b;1,2
      2;a;2
    `);
    expect(Object.fromEntries(scoreProjects(e))).toEqual({ a: 3, b: 2 });
    expect(greedy(e).funded).toEqual(["a"]);
  });

  const files = pabulibFiles();
  const greedyFiles = files.filter((f) => /^rule;greedy$/m.test(readElection(f)));
  it("finds the shared greedy-marked Pabulib files", () => {
    expect(greedyFiles.length).toBeGreaterThanOrEqual(9);
  });
  it.each(greedyFiles)("reproduces the selected column of %s", (file) => {
    const e = parsePabulib(readElection(file));
    expect(e.projects.every((p) => p.selected !== undefined)).toBe(true);
    const result = greedy(e);
    expect(sorted(result.funded)).toEqual(sorted(e.projects.filter((p) => p.selected).map((p) => p.id)));
    expect(result.spent).toBeLessThanOrEqual(e.budget);
  });

  it("on random elections: within budget, exhaustive, and blind to ballot and project order", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const e = randomApprovalElection(seed);
      const result = greedy(e);
      expect(result.spent).toBeLessThanOrEqual(e.budget);
      for (const p of e.projects) if (!result.funded.includes(p.id)) expect(result.spent + p.cost).toBeGreaterThan(e.budget);
      const random = prng(seed * 7919);
      const reordered = { ...e, projects: shuffled(e.projects, random), votes: shuffled(e.votes, random) };
      expect(sorted(greedy(reordered).funded)).toEqual(sorted(result.funded));
    }
  });
});
