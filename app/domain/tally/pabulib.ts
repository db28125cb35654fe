// Parses a participatory-budgeting election in the Pabulib `.pb` format (pabulib.org,
// arXiv:2012.06539). Pure: the caller reads the file and passes its text in.
//
// The format: `;`-separated, three sections `META`, `PROJECTS` and `VOTES`, each starting with a
// header row. Columns are found by their header names, never by position. A field may be quoted
// ("…", with "" for a quote inside); a quoted field does not span lines.

/** A broken file. `line` is 1-based; the message already names it. */
export class PabulibError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = "PabulibError";
    this.line = line;
  }
}

export type VoteType = "approval" | "ordinal" | "cumulative" | "scoring";

export interface PabulibProject {
  /** `project_id` (or `project`) column, kept as a string: ids are compared as strings. */
  id: string;
  /** Whole currency units, exact. */
  cost: bigint;
  /** The `selected` column when the file has one ("1" is true, anything else false). */
  selected?: boolean;
  name?: string;
  /** 1-based line of the project's row. */
  line: number;
}

export interface PabulibVote {
  voterId: string;
  /** Project ids in ballot order (for ordinal ballots: first choice first). */
  vote: string[];
  /** The `points` column, one whole number per entry of `vote`, when the file has one. */
  points?: number[];
  /** 1-based line of the ballot's row. */
  line: number;
}

export interface PabulibElection {
  /** Every META row as written (values may be empty). */
  meta: Record<string, string>;
  projects: PabulibProject[];
  votes: PabulibVote[];
  /** META `vote_type`; `approval` when absent. */
  voteType: VoteType;
  /** META `budget`, exact. */
  budget: bigint;
  /** META `max_length` when present and a whole number. */
  maxLength?: number;
  /** META `rule` as written, when present and not empty. */
  rule?: string;
}

type Section = "META" | "PROJECTS" | "VOTES";
const SECTIONS: readonly Section[] = ["META", "PROJECTS", "VOTES"];
const VOTE_TYPES: readonly VoteType[] = ["approval", "ordinal", "cumulative", "scoring"];
const WHOLE = /^\d+$/;
const MONEY = /^(\d+)(?:\.0*)?$/;
const INTEGER = /^-?\d+$/;

/** Splits one line on `;`, honouring quoted fields. */
export function splitRow(line: string, lineNo: number): string[] {
  if (!line.includes('"')) return line.split(";");
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new PabulibError(lineNo, "a quoted field is not closed");
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ";") throw new PabulibError(lineNo, "unexpected text after a quoted field");
      i++;
    } else {
      const next = line.indexOf(";", i);
      if (next < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, next));
      i = next + 1;
    }
  }
}

function parseMoney(raw: string, lineNo: number, what: string): bigint {
  const m = MONEY.exec(raw.trim());
  if (!m?.[1]) throw new PabulibError(lineNo, `${what} must be a whole non-negative number, not "${raw}"`);
  return BigInt(m[1]);
}

/** Parses the text of a `.pb` file. Throws `PabulibError` (with the 1-based line) when it is broken. */
export function parsePabulib(text: string): PabulibElection {
  const lines = text.split("\n");
  const meta: Record<string, string> = {};
  const metaLines: Record<string, number> = {};
  const projects: PabulibProject[] = [];
  const projectIds = new Set<string>();
  const rawVotes: PabulibVote[] = [];
  const seen = new Set<Section>();

  let section: Section | null = null;
  let header: string[] | null = null;
  let headerLine = 0;
  // Column positions, found from the section's header.
  let keyCol = -1;
  let valueCol = -1;
  let idCol = -1;
  let costCol = -1;
  let selectedCol = -1;
  let nameCol = -1;
  let voterCol = -1;
  let voteCol = -1;
  let pointsCol = -1;
  let anyContent = false;
  let votesHeaderLine = 1;

  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    let line = lines[index] as string;
    if (index === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.trim() === "") continue;
    anyContent = true;

    if (!line.includes(";")) {
      const name = line.trim();
      const next = SECTIONS.find((s) => s.toLowerCase() === name.toLowerCase());
      if (next) {
        if (seen.has(next)) throw new PabulibError(lineNo, `section ${next} appears twice`);
        seen.add(next);
        section = next;
        header = null;
        continue;
      }
      if (section === null || header === null || /^[A-Z_]+$/.test(name)) {
        throw new PabulibError(lineNo, `unknown section "${name}" (expected META, PROJECTS or VOTES)`);
      }
    }
    if (section === null) {
      throw new PabulibError(lineNo, "the file must start with a section name (META, PROJECTS or VOTES)");
    }

    const fields = splitRow(line, lineNo);
    if (header === null) {
      header = fields.map((f) => f.trim().toLowerCase());
      headerLine = lineNo;
      const col = (...names: string[]) => {
        for (const n of names) {
          const at = header?.indexOf(n) ?? -1;
          if (at >= 0) return at;
        }
        return -1;
      };
      const need = (at: number, name: string) => {
        if (at < 0) throw new PabulibError(lineNo, `the ${section} header has no "${name}" column`);
        return at;
      };
      if (section === "META") {
        keyCol = need(col("key"), "key");
        valueCol = need(col("value"), "value");
      } else if (section === "PROJECTS") {
        idCol = need(col("project_id", "project"), "project_id");
        costCol = need(col("cost"), "cost");
        selectedCol = col("selected");
        nameCol = col("name");
      } else {
        votesHeaderLine = lineNo;
        voteCol = need(col("vote"), "vote");
        voterCol = col("voter_id", "voter");
        pointsCol = col("points");
      }
      continue;
    }
    if (fields.length !== header.length) {
      throw new PabulibError(
        lineNo,
        `${fields.length} fields where the ${section} header (line ${headerLine}) has ${header.length}`,
      );
    }

    if (section === "META") {
      const key = (fields[keyCol] as string).trim();
      meta[key] = (fields[valueCol] as string).trim();
      metaLines[key] = lineNo;
    } else if (section === "PROJECTS") {
      const id = (fields[idCol] as string).trim();
      if (id === "") throw new PabulibError(lineNo, "a project without an id");
      if (projectIds.has(id)) throw new PabulibError(lineNo, `project "${id}" is listed twice`);
      projectIds.add(id);
      const project: PabulibProject = { id, cost: parseMoney(fields[costCol] as string, lineNo, `the cost of project "${id}"`), line: lineNo };
      if (selectedCol >= 0) project.selected = (fields[selectedCol] as string).trim() === "1";
      if (nameCol >= 0) project.name = fields[nameCol] as string;
      projects.push(project);
    } else {
      const voterId = voterCol >= 0 ? (fields[voterCol] as string).trim() : String(rawVotes.length + 1);
      const rawVote = (fields[voteCol] as string).trim();
      const vote = rawVote === "" ? [] : rawVote.split(",").map((s) => s.trim());
      const ballot: PabulibVote = { voterId, vote, line: lineNo };
      if (pointsCol >= 0) {
        const rawPoints = (fields[pointsCol] as string).trim();
        const points = rawPoints === "" ? [] : rawPoints.split(",").map((s) => s.trim());
        if (points.length !== vote.length) {
          throw new PabulibError(lineNo, `${vote.length} projects in "vote" but ${points.length} in "points"`);
        }
        ballot.points = points.map((p) => {
          if (!INTEGER.test(p)) throw new PabulibError(lineNo, `points must be whole numbers, not "${p}"`);
          return Number(p);
        });
      }
      rawVotes.push(ballot);
    }
  }

  if (!anyContent) throw new PabulibError(1, "the file is empty");
  for (const s of SECTIONS) {
    if (!seen.has(s)) throw new PabulibError(lines.length, `the file has no ${s} section`);
  }

  // Ballots are checked once every project is known (PROJECTS may in principle follow VOTES).
  for (const ballot of rawVotes) {
    const inBallot = new Set<string>();
    for (const id of ballot.vote) {
      if (!projectIds.has(id)) throw new PabulibError(ballot.line, `the ballot of voter "${ballot.voterId}" names unknown project "${id}"`);
      if (inBallot.has(id)) throw new PabulibError(ballot.line, `the ballot of voter "${ballot.voterId}" names project "${id}" twice`);
      inBallot.add(id);
    }
  }

  const rawType = (meta.vote_type ?? "").toLowerCase();
  let voteType: VoteType = "approval";
  if (rawType !== "") {
    if (!(VOTE_TYPES as readonly string[]).includes(rawType)) {
      throw new PabulibError(metaLines.vote_type ?? 1, `unknown vote_type "${meta.vote_type}"`);
    }
    voteType = rawType as VoteType;
  }
  if ((voteType === "cumulative" || voteType === "scoring") && rawVotes.length > 0 && pointsCol < 0) {
    throw new PabulibError(votesHeaderLine, `${voteType} ballots need a "points" column in VOTES`);
  }

  if (meta.budget === undefined || meta.budget === "") throw new PabulibError(metaLines.budget ?? 1, "META has no budget");
  const budget = parseMoney(meta.budget, metaLines.budget ?? 1, "the budget");

  let maxLength: number | undefined;
  if (meta.max_length && WHOLE.test(meta.max_length)) maxLength = Number(meta.max_length);
  const rule = meta.rule ? meta.rule : undefined;

  return { meta, projects, votes: rawVotes, voteType, budget, maxLength, rule };
}
