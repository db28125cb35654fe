// The `tally` command of scripts/khma.ts, run as a separate process.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PABULIB_DIR, pabulibFiles } from "./fixtures.test-helper";

function khma(...args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/khma.ts", ...args], {
    cwd: process.cwd(),
    encoding: "utf8",
    env: process.env, // test/setup.ts points DATABASE_PATH at a throwaway copy
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "khma-tally-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("npm run khma -- tally", () => {
  pabulibFiles();

  it("prints Wieliczka's equal-shares outcome (its META rule) on one line, sorted as strings", () => {
    const { status, stdout, stderr } = khma("tally", path.join(PABULIB_DIR, "poland_wieliczka_2023.pb"));
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const expected = "6 7 9 17 19 20 24 25 26 29 32 33 34 36 39 40 41 42 43 56 58 60 61 62 66 67 69 70 71 74 88".split(" ").sort();
    expect(stdout).toBe(`${expected.join(" ")}\n`);
  });

  it("follows --rule, and takes greedy for a greedy file", () => {
    const file = path.join(PABULIB_DIR, "poland_katowice_2021_zarzecze.pb");
    const text = fs.readFileSync(file, "utf8");
    const selected = text
      .split("PROJECTS\n")[1]!
      .split("\nVOTES")[0]!
      .split("\n")
      .slice(1)
      .map((row) => row.split(";"))
      .filter((f) => f[5] === "1")
      .map((f) => f[0] as string)
      .sort();
    expect(khma("tally", file)).toEqual({ status: 0, stdout: `${selected.join(" ")}\n`, stderr: "" });
    const wieliczka = path.join(PABULIB_DIR, "poland_wieliczka_2023.pb");
    const greedy = khma("tally", wieliczka, "--rule", "greedy");
    expect(greedy.status).toBe(0);
    expect(greedy.stdout.trim().split(" ")).not.toContain("66");
  });

  it("exits with status 2 and names the line of a broken file", () => {
    const broken = path.join(tmp, "broken.pb");
    fs.writeFileSync(broken, "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\na;ten\nVOTES\nvoter_id;vote\n1;a\n");
    const { status, stdout, stderr } = khma("tally", broken);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/broken\.pb: line 6: the cost of project "a"/);
  });

  it("exits with status 2 for an unknown rule or a missing file", () => {
    const ok = path.join(tmp, "ok.pb");
    fs.writeFileSync(ok, "META\nkey;value\nbudget;100\nrule;sortition\nPROJECTS\nproject_id;cost\na;10\nVOTES\nvoter_id;vote\n1;a\n");
    expect(khma("tally", ok)).toMatchObject({ status: 2, stdout: "" });
    expect(khma("tally", ok).stderr).toMatch(/unknown rule "sortition"/);
    expect(khma("tally", ok, "--rule", "mes")).toEqual({ status: 0, stdout: "a\n", stderr: "" });
    expect(khma("tally", path.join(tmp, "nope.pb"))).toMatchObject({ status: 2, stdout: "" });
  });
});
