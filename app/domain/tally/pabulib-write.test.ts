import { describe, expect, it } from "vitest";
import { pabulibFiles, readElection } from "./fixtures.test-helper";
import { parsePabulib, type PabulibElection } from "./pabulib";
import { formatPabulib } from "./pabulib-write";

const projectsOf = (e: PabulibElection) => e.projects.map(({ id, cost, name, selected }) => ({ id, cost, name, selected }));
const votesOf = (e: PabulibElection) => e.votes.map(({ voterId, vote, points }) => ({ voterId, vote, points }));

describe("formatPabulib", () => {
  it("round-trips Georgian names, quotes, semicolons and points", () => {
    const input = {
      meta: { description: 'რუსთავი; "მწვანე" ბიუჯეტი', country: "Georgia", unit: "Rustavi", instance: "2026", budget: "1000", vote_type: "cumulative", max_sum_points: "5" },
      projects: [
        { id: "1", cost: 600n, name: 'პარკი "მწვანე"; ახალი', votes: 2, selected: true },
        { id: "2", cost: 0n, name: "სკვერი\nმეორე ხაზი", votes: 1, selected: false },
        { id: "x-3", cost: 12_345_678_901_234_567_890n, name: '"' },
        { id: "4", cost: 5n },
      ],
      votes: [
        { voterId: "1", vote: ["1", "2"], points: [3, 2] },
        { voterId: "2", vote: [], points: [] },
        { voterId: "3", vote: ["x-3"], points: [5] },
      ],
    };
    const text = formatPabulib(input);
    const back = parsePabulib(text);
    expect(back.meta).toEqual(input.meta);
    expect(back.voteType).toBe("cumulative");
    expect(back.budget).toBe(1000n);
    expect(projectsOf(back)).toEqual([
      { id: "1", cost: 600n, name: 'პარკი "მწვანე"; ახალი', selected: true },
      { id: "2", cost: 0n, name: "სკვერი მეორე ხაზი", selected: false },
      { id: "x-3", cost: 12_345_678_901_234_567_890n, name: '"', selected: false },
      { id: "4", cost: 5n, name: "", selected: false },
    ]);
    expect(votesOf(back)).toEqual(input.votes);
    expect(text).toContain('"პარკი ""მწვანე""; ახალი"');
  });

  it("writes no points column when no ballot has points", () => {
    const text = formatPabulib({ meta: { budget: "0" }, projects: [{ id: "a", cost: 1n }], votes: [{ voterId: "v", vote: ["a"] }] });
    expect(text).toContain("VOTES\nvoter_id;vote\nv;a\n");
    expect(parsePabulib(text).votes[0]?.points).toBeUndefined();
  });

  it("refuses project ids that cannot be read back", () => {
    expect(() => formatPabulib({ meta: { budget: "0" }, projects: [{ id: "a,b", cost: 1n }], votes: [] })).toThrow(/cannot be written/);
  });

  it.each(pabulibFiles())("%s: parsed, written and parsed again gives the same election", (file) => {
    const original = parsePabulib(readElection(file));
    const back = parsePabulib(formatPabulib({ meta: original.meta, projects: original.projects, votes: original.votes }));
    expect(projectsOf(back)).toEqual(projectsOf(original));
    expect(votesOf(back)).toEqual(votesOf(original));
    expect(back.meta).toEqual(original.meta);
    expect(back.budget).toBe(original.budget);
    expect(back.voteType).toBe(original.voteType);
    expect(back.maxLength).toBe(original.maxLength);
  });
});
