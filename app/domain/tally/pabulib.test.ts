import { describe, expect, it } from "vitest";
import { PabulibError, parsePabulib } from "./pabulib";

const GOOD = [
  "META",
  "key;value",
  "description;A test",
  "district;",
  "budget;100",
  "vote_type;approval",
  "rule;greedy",
  "max_length;2",
  "PROJECTS",
  "name;cost;project_id;selected",
  '"Park ""Green"";1";60;p1;1',
  "Bench;50;p2;0",
  "VOTES",
  "voter_id;age;vote",
  "v1;30;p1,p2",
  "v2;;p2",
  "v3;40;",
].join("\n");

function errorOf(text: string): PabulibError {
  try {
    parsePabulib(text);
  } catch (error) {
    if (error instanceof PabulibError) return error;
    throw error;
  }
  throw new Error("expected a PabulibError");
}

/** GOOD with line `lineNo` (1-based) replaced. */
function withLine(lineNo: number, replacement: string): string {
  const lines = GOOD.split("\n");
  lines[lineNo - 1] = replacement;
  return lines.join("\n");
}

describe("parsePabulib", () => {
  it("reads columns by header name, quoted fields, empty META values and empty ballots", () => {
    const e = parsePabulib(GOOD);
    expect(e.meta.district).toBe("");
    expect(e.budget).toBe(100n);
    expect(e.voteType).toBe("approval");
    expect(e.rule).toBe("greedy");
    expect(e.maxLength).toBe(2);
    expect(e.projects).toEqual([
      { id: "p1", cost: 60n, selected: true, name: 'Park "Green";1', line: 11 },
      { id: "p2", cost: 50n, selected: false, name: "Bench", line: 12 },
    ]);
    expect(e.votes.map((v) => [v.voterId, v.vote])).toEqual([
      ["v1", ["p1", "p2"]],
      ["v2", ["p2"]],
      ["v3", []],
    ]);
  });

  it("accepts CRLF line ends, a byte-order mark and costs written as 60.00", () => {
    const e = parsePabulib(`\ufeff${withLine(11, "Park;60.00;p1;1")}`.replace(/\n/g, "\r\n"));
    expect(e.projects[0]?.cost).toBe(60n);
    expect(e.votes).toHaveLength(3);
  });

  it("reads points for cumulative ballots", () => {
    const text = withLine(6, "vote_type;cumulative").replace("voter_id;age;vote", "voter_id;age;vote;points");
    const lines = text.split("\n");
    lines[14] = "v1;30;p1,p2;2,1";
    lines[15] = "v2;;p2;3";
    lines[16] = "v3;40;;";
    const e = parsePabulib(lines.join("\n"));
    expect(e.votes[0]?.points).toEqual([2, 1]);
    expect(e.votes[2]?.points).toEqual([]);
  });

  it.each([
    ["an empty file", "", 1, /empty/],
    ["only blank lines", "\n\n  \n", 1, /empty/],
    ["an unknown section", withLine(13, "BALLOTS"), 13, /unknown section "BALLOTS"/],
    ["text before any section", `hello;world\n${GOOD}`, 1, /must start with a section/],
    ["a PROJECTS header without cost", withLine(10, "name;price;project_id;selected"), 10, /no "cost" column/],
    ["a PROJECTS header without project_id", withLine(10, "name;cost;id;selected"), 10, /no "project_id" column/],
    ["a VOTES header without vote", withLine(14, "voter_id;age;ballot"), 14, /no "vote" column/],
    ["a non-numeric cost", withLine(12, "Bench;fifty;p2;0"), 12, /cost of project "p2".*"fifty"/],
    ["a negative cost", withLine(12, "Bench;-5;p2;0"), 12, /cost of project "p2"/],
    ["a vote naming an unknown project", withLine(16, "v2;;p9"), 16, /voter "v2" names unknown project "p9"/],
    ["a vote naming a project twice", withLine(16, "v2;;p2,p2"), 16, /names project "p2" twice/],
    ["a row with too few fields", withLine(15, "v1;p1,p2"), 15, /2 fields where the VOTES header \(line 14\) has 3/],
    ["an unclosed quote", withLine(12, '"Bench;50;p2;0'), 12, /quoted field is not closed/],
    ["a project listed twice", withLine(12, "Bench;50;p1;0"), 12, /"p1" is listed twice/],
    ["a non-numeric budget", withLine(5, "budget;a lot"), 5, /budget must be a whole/],
    ["no budget", withLine(5, "country;Georgia"), 1, /no budget/],
    ["an unknown vote_type", withLine(6, "vote_type;quadratic"), 6, /unknown vote_type/],
    ["cumulative ballots without points", withLine(6, "vote_type;cumulative"), 14, /need a "points" column/],
    ["a missing VOTES section", GOOD.split("\n").slice(0, 12).join("\n"), 12, /no VOTES section/],
  ])("rejects %s with the line number", (_what, text, line, message) => {
    const error = errorOf(text);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^line ${line}: `));
  });

  it("parses Łódź 2022 (90,494 ballots) well under a second", async () => {
    const { readElection } = await import("./fixtures.test-helper");
    const started = performance.now();
    const e = parsePabulib(readElection("poland_lodz_2022.pb"));
    const elapsed = performance.now() - started;
    expect(e.votes).toHaveLength(90_494);
    expect(e.projects).toHaveLength(Number(e.meta.num_projects));
    expect(e.projects.find((p) => p.id === "L132")?.name).toContain("''od przedszkola do senora\"");
    expect(elapsed).toBeLessThan(1000);
  });
});
