// Published cross-tabulations never show a group of 1–4 respondents (k = 5), not even by
// subtraction. Pure: no database, no clock.
//
// A table with its margins is read as linear relations: each row's cells add up to its row total,
// each column's to its column total, the row totals and the column totals each add up to the grand
// total. Write the table with its totals as an (r+1)×(c+1) grid (the last row holds the column
// totals, the last column the row totals): every entry then lies in exactly one grid row and one
// grid column, and every grid row and grid column is one relation. Seen as a graph, relations are
// nodes and each hidden entry is an edge between its two relations. A hidden entry can be worked
// out from the shown ones, by any combination of the relations, exactly when its edge is a bridge
// (it lies on no cycle of hidden entries). So after hiding the small entries (primary suppression)
// more are hidden (secondary suppression) until:
//   1. no relation has exactly one hidden entry (simple differencing);
//   2. no relation with a shown total hides entries that add up to 1..k−1 (that sum would show a
//      small group made of two or more cells);
//   3. no hidden entry is a bridge (no combination of relations gives it away).
// Each step hides one entry, chosen by fixed rules, so the result is deterministic.
//
// Known margins. Some margins may be published elsewhere, unsuppressed (a survey question's
// one-way results give each option's total and the number who answered: the cross-tab's row totals
// and grand total). `known` names them. A known margin is always shown, as its number, whatever its
// size (hiding it would protect nothing), and it is never a complement: in the graph it is a shown
// entry, so a relation whose only other hidden entry was that margin needs another hidden entry.
// Some entries then follow from the known margins whatever is hidden (the grand total from the row
// totals; in a one-column table each cell from its row total): they count as known too, and are
// hidden only when small, so that the cross-tab never prints a count of 1..k−1 that is not a known
// margin.
//
// Public groups. An entry that is the only non-zero part of a relation is the same group of people
// as that relation's total: the table shows its zeros (nobody is in them). So when the total is
// known (or is itself such a public group) the entry's count is already public, and the other way
// round. The typical case: a known row total of 1..k−1 whose row has a single non-zero cell. That
// cell equals the row total; it is still hidden (the cross-tab never prints a small count), but no
// complement is spent on it and its being worked out from the row is allowed: protecting it would
// take hiding the row's zeros, i.e. the fact that everyone in that row falls in one column, a fact
// the module never hides for its own sake (shown zeros are fine; a zero is hidden only as a
// complement for some other entry). Every other small entry stays protected: rules
// 1–3 are waived only for public groups, and as the bridge test is exact (a bridge, once known,
// gives away nothing that was not already a bridge), an attacker who knows the public groups still
// cannot work out any other entry. A count that is merely a sum of public groups (a column total
// made of two small rows whose only non-zero cells lie in that column) is not public: it is protected.
import { MIN_GROUP } from "./rounds";

export type SuppressedTable = {
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  colTotals: (number | null)[];
  total: number | null;
};

/** Margins published elsewhere, unsuppressed: an attacker has them whatever the table shows. */
export type KnownMargins = { rowTotals?: boolean; colTotals?: boolean; total?: boolean };

type Entry = [number, number];

/** The table with its margins as an (r+1)×(c+1) grid: [r][j] column totals, [i][c] row totals, [r][c] the grand total. */
function withMargins(cells: number[][]): { grid: number[][]; r: number; c: number } {
  const r = cells.length;
  const c = cells[0]?.length ?? 0;
  for (const row of cells) {
    if (!Array.isArray(row) || row.length !== c) throw new RangeError("suppressTable: the rows must all have the same length");
    for (const v of row) if (!Number.isSafeInteger(v) || v < 0) throw new RangeError("suppressTable: cells must be counts (whole numbers ≥ 0)");
  }
  const grid = Array.from({ length: r + 1 }, () => new Array<number>(c + 1).fill(0));
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const v = cells[i]![j]!;
      grid[i]![j] = v;
      grid[i]![c]! += v;
      grid[r]![j]! += v;
      grid[r]![c]! += v;
    }
  }
  return { grid, r, c };
}

/** A relation: a grid row or a grid column; its members are in order, the last is its total. */
type Relation = Entry[];

function relations(r: number, c: number): Relation[] {
  const result: Relation[] = [];
  for (let i = 0; i <= r; i++) result.push(Array.from({ length: c + 1 }, (_, j): Entry => [i, j]));
  for (let j = 0; j <= c; j++) result.push(Array.from({ length: r + 1 }, (_, i): Entry => [i, j]));
  return result;
}

/** The known margins as a mask of the grid. */
function knownMask(r: number, c: number, known: KnownMargins): boolean[][] {
  return Array.from({ length: r + 1 }, (_, i) =>
    Array.from({ length: c + 1 }, (_, j) =>
      i < r && j === c ? !!known.rowTotals : i === r && j < c ? !!known.colTotals : i === r && j === c ? !!known.total : false,
    ),
  );
}

/**
 * What an attacker has before reading the table. `fixed`: the known margins and every entry they
 * determine on their own (the bridges of the graph in which every other entry is hidden); these
 * are never edges nor complements. `open`: `fixed` plus the public groups, entries that are the only
 * non-zero part of a relation whose total is public, or whose total is then public too (the same
 * people, the zeros being shown); their being worked out is allowed.
 */
function publicEntries(grid: number[][], r: number, c: number, isKnown: boolean[][]): { fixed: boolean[][]; open: boolean[][] } {
  const fixed = isKnown.map((row) => [...row]);
  for (const [i, j] of bridges(isKnown.map((row) => row.map((k) => !k)), r, c)) fixed[i]![j] = true;
  const open = fixed.map((row) => [...row]);
  const rels = relations(r, c);
  for (let changed = true; changed; ) {
    changed = false;
    for (const rel of rels) {
      const nonZero = rel.slice(0, -1).filter(([i, j]) => grid[i]![j]! !== 0);
      if (nonZero.length !== 1) continue;
      const [[mi, mj]] = nonZero as [Entry];
      const [ti, tj] = rel[rel.length - 1]!;
      if (open[mi]![mj] === open[ti]![tj]) continue;
      open[mi]![mj] = open[ti]![tj] = true;
      changed = true;
    }
  }
  return { fixed, open };
}

/**
 * Which entry of a relation to hide next, among those that may be hidden: one that hides something
 * (not a public group, and not the last unknown of its other relation, which would give it away at
 * once); then a non-zero cell, else a zero cell, else the relation's total. Within that, one whose
 * other relation hides exactly one entry (hiding it mends both), else one whose other relation
 * already hides two or more (nothing new to mend), else any; then the smallest; then the first.
 * Null when none may be hidden.
 */
function pickInRelation(
  rel: Relation,
  grid: number[][],
  hideable: (e: Entry) => boolean,
  useless: (e: Entry) => boolean,
  hiddenInOther: (e: Entry) => number,
): Entry | null {
  let best: Entry | null = null;
  let bestKey: number[] | null = null;
  for (const [n, e] of rel.entries()) {
    if (!hideable(e)) continue;
    const v = grid[e[0]]![e[1]]!;
    const isTotal = n === rel.length - 1;
    const other = hiddenInOther(e);
    const key = [useless(e) ? 1 : 0, isTotal ? 2 : v === 0 ? 1 : 0, other === 1 ? 0 : other > 1 ? 1 : 2, v];
    if (!bestKey || compare(key, bestKey) < 0) [best, bestKey] = [e, key];
  }
  return best;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The hidden entries that are bridges of the graph of relations (entries are edges row i – column j), in grid order. */
function bridges(hidden: boolean[][], r: number, c: number): Entry[] {
  const n = r + 1 + c + 1;
  const adj: Array<Array<{ to: number; e: Entry }>> = Array.from({ length: n }, () => []);
  for (let i = 0; i <= r; i++) {
    for (let j = 0; j <= c; j++) {
      if (!hidden[i]![j]) continue;
      adj[i]!.push({ to: r + 1 + j, e: [i, j] });
      adj[r + 1 + j]!.push({ to: i, e: [i, j] });
    }
  }
  const order = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const found: Entry[] = [];
  let counter = 0;
  const visit = (u: number, via: Entry | null) => {
    order[u] = low[u] = counter++;
    for (const { to, e } of adj[u]!) {
      if (via && e[0] === via[0] && e[1] === via[1]) continue;
      if (order[to] === -1) {
        visit(to, e);
        low[u] = Math.min(low[u]!, low[to]!);
        if (low[to]! > order[u]!) found.push(e);
      } else low[u] = Math.min(low[u]!, order[to]!);
    }
  };
  for (let u = 0; u < n; u++) if (order[u] === -1) visit(u, null);
  return found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/**
 * An entry that puts a bridge on a cycle: one joining the two sides the bridge separates, among
 * those that may be hidden. One that is not a public group, then the smallest non-zero one, inner
 * cells before totals, then the first. Null when there is none.
 */
function pickAcross(
  bridge: Entry,
  grid: number[][],
  hidden: boolean[][],
  hideable: (e: Entry) => boolean,
  isOpen: boolean[][],
  r: number,
  c: number,
): Entry | null {
  const n = r + 1 + c + 1;
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i <= r; i++) {
    for (let j = 0; j <= c; j++) {
      if (!hidden[i]![j] || (i === bridge[0] && j === bridge[1])) continue;
      adj[i]!.push(r + 1 + j);
      adj[r + 1 + j]!.push(i);
    }
  }
  const side = new Array<boolean>(n).fill(false);
  const stack = [bridge[0]];
  side[bridge[0]] = true;
  while (stack.length) {
    for (const to of adj[stack.pop()!]!) {
      if (side[to]) continue;
      side[to] = true;
      stack.push(to);
    }
  }
  let best: Entry | null = null;
  let bestKey: number[] | null = null;
  for (let i = 0; i <= r; i++) {
    for (let j = 0; j <= c; j++) {
      if (!hideable([i, j]) || side[i] === side[r + 1 + j]) continue;
      const v = grid[i]![j]!;
      const key = [isOpen[i]![j] ? 1 : 0, v === 0 ? 1 : 0, v, i === r || j === c ? 1 : 0];
      if (!bestKey || compare(key, bestKey) < 0) [best, bestKey] = [[i, j], key];
    }
  }
  // Without known margins never null once no relation hides exactly one entry: each side then
  // holds a row and a column. With them it can be: the two sides are joined only by known entries.
  return best;
}

/**
 * Hides every count of 1..k−1 (cells, row and column totals, the grand total) and enough other
 * entries that none of them can be worked out from what is shown (null = hidden). Shown zeros
 * are fine: nobody is in them. `known` names margins published elsewhere: they are shown whatever
 * their size, never serve as complements and count as known in every relation (see the top of
 * this file, also for the small cells that are public through them). Throws a RangeError when the
 * cells are not a rectangle of counts.
 */
export function suppressTable(cells: number[][], k: number = MIN_GROUP, known: KnownMargins = {}): SuppressedTable {
  const { grid, r, c } = withMargins(cells);
  const isKnown = knownMask(r, c, known);
  const { fixed, open } = publicEntries(grid, r, c, isKnown);
  const hidden = grid.map((row, i) => row.map((v, j) => v > 0 && v < k && !isKnown[i]![j]));
  // The graph's edges: hidden entries the attacker does not have anyway.
  const edges = () => hidden.map((row, i) => row.map((h, j) => h && !fixed[i]![j]));
  const isEdge = ([i, j]: Entry) => hidden[i]![j]! && !fixed[i]![j];
  const hideable = ([i, j]: Entry) => !hidden[i]![j] && !fixed[i]![j];
  const isPublic = ([i, j]: Entry) => open[i]![j]!;
  const rels = relations(r, c);
  const edgeCount = (rel: Relation) => rel.reduce((n, e) => n + (isEdge(e) ? 1 : 0), 0);
  const available = (rel: Relation) => rel.some(hideable);
  // Relations 0..r are grid rows, r+1.. grid columns: an entry's other relation is its column, or its row.
  const otherOf = (rel: number) => (rel <= r ? ([, j]: Entry) => rels[r + 1 + j]! : ([i]: Entry) => rels[i]!);
  const pick = (n: number) => {
    const other = otherOf(n);
    // Useless as a complement: a public group, or the last unknown of its other relation.
    const useless = (e: Entry) => isPublic(e) || (edgeCount(other(e)) === 0 && other(e).filter(hideable).length === 1);
    return pickInRelation(rels[n]!, grid, hideable, useless, (e) => edgeCount(other(e)));
  };
  /** A relation with a total the attacker has whose hidden cells add up to a small group that is not public. */
  const smallSum = (rel: Relation) => {
    const t = rel[rel.length - 1]!;
    if (isEdge(t)) return false;
    const parts = rel.slice(0, -1).filter(isEdge);
    const sum = parts.reduce((s, [i, j]) => s + grid[i]![j]!, 0);
    if (!(sum > 0 && sum < k) || sum === grid[t[0]]![t[1]]!) return false;
    const nonZero = parts.filter(([i, j]) => grid[i]![j]! !== 0);
    return !(nonZero.length === 1 && isPublic(nonZero[0]!));
  };
  const exposed = () => bridges(edges(), r, c).filter((e) => !isPublic(e));

  const maxSteps = (r + 1) * (c + 1);
  for (let step = 0; step < maxSteps; step++) {
    let next: Entry | null = null;
    // 1. A relation hiding exactly one entry would give it away (unless it is public anyway).
    const single = rels.findIndex((rel) => {
      const hiddenHere = rel.filter(isEdge);
      return hiddenHere.length === 1 && !isPublic(hiddenHere[0]!) && available(rel);
    });
    if (single !== -1) next = pick(single);
    // 2. A relation with a shown total whose hidden cells add up to a small group.
    if (!next) {
      const n = rels.findIndex((rel) => smallSum(rel) && available(rel));
      if (n !== -1) next = pick(n);
    }
    // 3. A hidden entry on no cycle of hidden entries can be worked out by combining relations.
    if (!next) {
      for (const bridge of exposed()) {
        next = pickAcross(bridge, grid, edges(), hideable, open, r, c);
        if (next) break;
      }
    }
    if (!next || hidden[next[0]]![next[1]]) break;
    hidden[next[0]]![next[1]] = true;
  }
  // A last resort the rules above have not needed on any table tried: hide all that may be hidden.
  // Then only what the known margins determine on their own can be worked out.
  if (exposed().length || rels.some(smallSum)) {
    for (let i = 0; i <= r; i++) for (let j = 0; j <= c; j++) if (!fixed[i]![j]) hidden[i]![j] = true;
  }

  const shown = (i: number, j: number) => (hidden[i]![j] ? null : grid[i]![j]!);
  return {
    cells: Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => shown(i, j))),
    rowTotals: Array.from({ length: r }, (_, i) => shown(i, c)),
    colTotals: Array.from({ length: c }, (_, j) => shown(r, j)),
    total: shown(r, c),
  };
}

/**
 * Checks a published table against the counts it came from, as an attacker would who also has
 * the `known` margins: every count of 1..k−1 is hidden unless it is a known margin, every shown
 * entry is true, no relation hides exactly one entry, no relation with a known total hides cells
 * adding up to 1..k−1, and repeatedly working out any relation with a single unknown (and treating
 * it as known from then on) never reveals a count of 1..k−1. Public groups (see the top of this
 * file) are exempt: they may be the single unknown of a relation, be worked out, and be the only
 * non-zero part of a small hidden sum; a hidden sum equal to its relation's known total is fine.
 */
export function isProtected(result: SuppressedTable, original: number[][], k: number = MIN_GROUP, known: KnownMargins = {}): boolean {
  const { grid, r, c } = withMargins(original);
  if (result.cells.length !== r || result.rowTotals.length !== r || result.colTotals.length !== c) return false;
  const isKnown = knownMask(r, c, known);
  const { fixed, open } = publicEntries(grid, r, c, isKnown);
  const small = (v: number) => v > 0 && v < k;
  const published = (i: number, j: number): number | null | undefined =>
    i < r && j < c ? result.cells[i]?.[j] : i < r ? result.rowTotals[i] : j < c ? result.colTotals[j] : result.total;
  // What the attacker has: the shown entries, and the known margins (shown or not) with all they determine.
  const had = grid.map((row) => row.map(() => false));
  for (let i = 0; i <= r; i++) {
    if (i < r && result.cells[i]?.length !== c) return false;
    for (let j = 0; j <= c; j++) {
      const p = published(i, j);
      const v = grid[i]![j]!;
      if (p === undefined) return false;
      if (p !== null && (p !== v || (small(v) && !isKnown[i]![j]))) return false;
      had[i]![j] = p !== null || fixed[i]![j]!;
    }
  }
  const rels = relations(r, c);
  for (const rel of rels) {
    const unknown = rel.filter(([i, j]) => !had[i]![j]);
    if (unknown.length === 1 && !open[unknown[0]![0]]![unknown[0]![1]]) return false;
    const [ti, tj] = rel[rel.length - 1]!;
    if (!had[ti]![tj]) continue;
    const parts = unknown.filter(([i, j]) => grid[i]![j]! !== 0);
    const sum = parts.reduce((s, [i, j]) => s + grid[i]![j]!, 0);
    const publicPart = parts.length === 1 && open[parts[0]![0]]![parts[0]![1]];
    if (small(sum) && sum !== grid[ti]![tj] && !publicPart) return false;
  }
  // The iterative attacker: solve any relation with one unknown, again and again.
  for (let progress = true; progress; ) {
    progress = false;
    for (const rel of rels) {
      const unknown = rel.filter(([i, j]) => !had[i]![j]);
      if (unknown.length !== 1) continue;
      const [i, j] = unknown[0]!;
      if (small(grid[i]![j]!) && !open[i]![j]) return false;
      had[i]![j] = true;
      progress = true;
    }
  }
  return true;
}
