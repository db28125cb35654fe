// Writes a participatory-budgeting election as a Pabulib `.pb` text, the inverse of `parsePabulib`.
// Pure: the caller gives every META row (num_votes, budget, vote_type…) and the order of ballots.

export interface PabulibOutput {
  /** Written in the object's key order. */
  meta: Record<string, string>;
  projects: Array<{ id: string; cost: bigint; name?: string; votes?: number; score?: number; selected?: boolean }>;
  votes: Array<{ voterId: string; vote: string[]; points?: number[] }>;
}

/** One field: newlines become spaces (a quoted field cannot span lines); `;` or `"` means quoting. */
function field(value: string): string {
  const flat = value.replace(/\r\n|\r|\n/g, " ");
  return /[;"]/.test(flat) ? `"${flat.replace(/"/g, '""')}"` : flat;
}

function row(values: readonly string[]): string {
  return values.map(field).join(";");
}

function checkId(id: string): string {
  if (id === "" || id !== id.trim() || /[,;"\r\n]/.test(id)) throw new Error(`project id "${id}" cannot be written to a .pb file`);
  return id;
}

function wholeNumber(n: number, what: string): string {
  if (!Number.isSafeInteger(n)) throw new Error(`${what} must be a whole number, not ${n}`);
  return String(n);
}

export function formatPabulib(election: PabulibOutput): string {
  const lines: string[] = ["META", "key;value"];
  for (const [key, value] of Object.entries(election.meta)) lines.push(row([key, value]));

  const hasVotes = election.projects.some((p) => p.votes !== undefined);
  const hasScore = election.projects.some((p) => p.score !== undefined);
  const hasSelected = election.projects.some((p) => p.selected !== undefined);
  lines.push("PROJECTS", row(["project_id", "cost", "name", ...(hasVotes ? ["votes"] : []), ...(hasScore ? ["score"] : []), ...(hasSelected ? ["selected"] : [])]));
  for (const p of election.projects) {
    if (p.cost < 0n) throw new Error(`the cost of project "${p.id}" is negative`);
    const values = [checkId(p.id), p.cost.toString(), p.name ?? ""];
    if (hasVotes) values.push(p.votes === undefined ? "" : wholeNumber(p.votes, "votes"));
    if (hasScore) values.push(p.score === undefined ? "" : String(p.score));
    if (hasSelected) values.push(p.selected ? "1" : "0");
    lines.push(row(values));
  }

  const hasPoints = election.votes.some((v) => v.points !== undefined);
  lines.push("VOTES", hasPoints ? "voter_id;vote;points" : "voter_id;vote");
  for (const v of election.votes) {
    const values = [v.voterId, v.vote.map(checkId).join(",")];
    if (hasPoints) {
      const points = v.points ?? [];
      if (points.length !== v.vote.length) throw new Error(`voter "${v.voterId}" has ${v.vote.length} projects but ${points.length} points`);
      values.push(points.map((p) => wholeNumber(p, "points")).join(","));
    }
    lines.push(row(values));
  }
  return lines.join("\n") + "\n";
}
