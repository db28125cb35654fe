// Tally speed (issue 4): parse, greedy and the Method of Equal Shares (exact, with add1) on
// Łódź 2022 (90,494 voters, 160 projects) and on a generated round of 1,000,000 approval ballots.
//   node --import tsx bench/tally.ts            (BENCH_BALLOTS=… to change the generated size)
import fs from "node:fs";
import path from "node:path";
import { greedy } from "~/domain/tally/greedy";
import { equalShares } from "~/domain/tally/mes";
import { parsePabulib } from "~/domain/tally/pabulib";

const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 1_000_000);

function time<T>(run: () => T): [T, number] {
  const started = process.hrtime.bigint();
  const result = run();
  return [result, Number(process.hrtime.bigint() - started) / 1e6];
}

/** A generated vote: 60 projects of 20,000–300,000 GEL, a budget of 2,000,000, ballots of 1–8 projects with skewed popularity. */
function generated(n: number): string {
  let state = 7;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const projects = Array.from({ length: 60 }, (_, i) => `${i + 1};${20_000 + Math.floor(random() * 28) * 10_000}`);
  const lines = ["META", "key;value", "description;generated", "num_projects;60", `num_votes;${n}`, "budget;2000000", "vote_type;approval", "rule;greedy", "PROJECTS", "project_id;cost", ...projects, "VOTES", "voter_id;vote"];
  for (let v = 0; v < n; v++) {
    const chosen = new Set<number>();
    const size = 1 + Math.floor(random() * 8);
    while (chosen.size < size) chosen.add(1 + Math.floor(random() ** 1.7 * 60));
    lines.push(`${v};${[...chosen].join(",")}`);
  }
  return lines.join("\n");
}

const rows: string[] = [];
for (const [name, text] of [
  ["Łódź 2022 (90,494 voters, 160 projects)", fs.readFileSync(path.resolve("../shared/pabulib/poland_lodz_2022.pb"), "utf8")],
  [`generated (${BALLOTS.toLocaleString("en")} voters, 60 projects)`, generated(BALLOTS)],
] as const) {
  const [election, parseMs] = time(() => parsePabulib(text));
  const [g, greedyMs] = time(() => greedy(election));
  const [m, mesMs] = time(() => equalShares(election));
  rows.push(`| ${name} | ${parseMs.toFixed(0)} | ${greedyMs.toFixed(0)} | ${mesMs.toFixed(0)} | ${g.funded.length} | ${m.funded.length} |`);
}
console.log(`\nNode ${process.version}\n`);
console.log("| vote | parse ms | greedy ms | MES (exact, add1) ms | funded by greedy | funded by MES |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const row of rows) console.log(row);
