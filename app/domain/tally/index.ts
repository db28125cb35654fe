// One entry point for a tally: the text of a `.pb` file in, the funded project ids out.
import { greedy } from "./greedy";
import { equalShares } from "./mes";
import { parsePabulib } from "./pabulib";

export { PabulibError, parsePabulib } from "./pabulib";

export type TallyRule = "greedy" | "mes";

/** Maps a Pabulib `rule` (META) or a `--rule` value to a rule Khma computes, or null.
 * "greedy", "greedy/…", "utilitarian" → greedy; "mes", "equalshares", "equal_shares",
 * "equalshares/add1", "mes/add1"… → the Method of Equal Shares with add1 completion. */
export function ruleFromName(name: string): TallyRule | null {
  const n = name.trim().toLowerCase().replace(/[\s_-]+/g, "");
  const base = n.split("/")[0] ?? "";
  if (base === "greedy" || base === "utilitarian" || base === "utilitariangreedy") return "greedy";
  if (base === "mes" || base === "equalshares" || base === "methodofequalshares") return "mes";
  return null;
}

/** Tallies a `.pb` file's text. `rule` defaults to the file's META rule, and to greedy when the
 * file names none. Returns the funded ids sorted as plain strings. Throws `PabulibError` for a
 * broken file and `Error` for an unknown rule. */
export function tallyPabulib(text: string, rule?: string): { rule: TallyRule; funded: string[] } {
  const election = parsePabulib(text);
  const name = rule ?? election.rule ?? "greedy";
  const chosen = ruleFromName(name);
  if (!chosen) {
    throw new Error(
      `unknown rule "${name}"${rule === undefined ? " in the file's META" : ""}; use --rule greedy or --rule mes`,
    );
  }
  const result = chosen === "greedy" ? greedy(election) : equalShares(election);
  return { rule: chosen, funded: [...result.funded].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
}
