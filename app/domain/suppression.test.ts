// Published tables never show a group of 1–4 respondents, not even by subtraction: hand cases,
// an attacker who differences relation after relation, and an attacker who solves the whole
// linear system (written here independently of the module's graph reasoning). With known margins
// (published elsewhere) both attackers have those margins too.
import { describe, expect, it } from "vitest";
import { isProtected, suppressTable, type KnownMargins, type SuppressedTable } from "./suppression";
import { prng } from "./tally/random.test-helper";

const K = 5;

/** The table with its margins: [r][j] column totals, [i][c] row totals, [r][c] the grand total. */
function grid(cells: number[][]): number[][] {
  const r = cells.length;
  const c = cells[0]?.length ?? 0;
  const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = Array.from({ length: c }, (_, j) => cells.reduce((a, row) => a + row[j]!, 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  return [...cells.map((row, i) => [...row, rowTotals[i]!]), [...colTotals, total]].slice(0, r + 1);
}

function publishedGrid(t: SuppressedTable): (number | null)[][] {
  return [...t.cells.map((row, i) => [...row, t.rowTotals[i] ?? null]), [...t.colTotals, t.total]];
}

/** Hidden entries ([row, column] of the grid with margins). */
function hiddenEntries(t: SuppressedTable): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  publishedGrid(t).forEach((row, i) => row.forEach((v, j) => v === null && out.push([i, j])));
  return out;
}

/**
 * The hidden entries that the shown ones determine exactly, using any combination of the
 * relations: row and column sums of the grid. Gaussian elimination on the unknowns: an unknown
 * is determined when its unit vector is one of the reduced rows.
 */
function determinedByAlgebra(t: SuppressedTable): Array<[number, number]> {
  const g = publishedGrid(t);
  const r = g.length - 1;
  const c = (g[0]?.length ?? 1) - 1;
  const unknowns = hiddenEntries(t);
  const index = new Map(unknowns.map(([i, j], n) => [`${i},${j}`, n]));
  const equations: number[][] = [];
  for (let i = 0; i <= r; i++) {
    const eq = new Array<number>(unknowns.length).fill(0);
    for (let j = 0; j <= c; j++) {
      const n = index.get(`${i},${j}`);
      if (n !== undefined) eq[n] = j === c ? -1 : 1;
    }
    equations.push(eq);
  }
  for (let j = 0; j <= c; j++) {
    const eq = new Array<number>(unknowns.length).fill(0);
    for (let i = 0; i <= r; i++) {
      const n = index.get(`${i},${j}`);
      if (n !== undefined) eq[n] = i === r ? -1 : 1;
    }
    equations.push(eq);
  }
  // Reduced row echelon form.
  let row = 0;
  for (let col = 0; col < unknowns.length && row < equations.length; col++) {
    let pivot = -1;
    for (let e = row; e < equations.length; e++) if (Math.abs(equations[e]![col]!) > 1e-9) pivot = pivot === -1 ? e : pivot;
    if (pivot === -1) continue;
    [equations[row], equations[pivot]] = [equations[pivot]!, equations[row]!];
    const p = equations[row]!;
    const f = p[col]!;
    for (let x = 0; x < p.length; x++) p[x] = p[x]! / f;
    for (let e = 0; e < equations.length; e++) {
      if (e === row) continue;
      const m = equations[e]![col]!;
      if (Math.abs(m) > 1e-9) for (let x = 0; x < p.length; x++) equations[e]![x] = equations[e]![x]! - m * p[x]!;
    }
    row++;
  }
  const found: Array<[number, number]> = [];
  for (const eq of equations) {
    const nonZero = eq.map((v, n) => [v, n] as const).filter(([v]) => Math.abs(v) > 1e-9);
    if (nonZero.length === 1) found.push(unknowns[nonZero[0]![1]]!);
  }
  return found;
}

/** The table as an attacker who also has the known margins reads it: those margins filled in with their true values. */
function withKnown(t: SuppressedTable, cells: number[][], known: KnownMargins): SuppressedTable {
  const g = grid(cells);
  const r = cells.length;
  const c = g[0]!.length - 1;
  return {
    cells: t.cells,
    rowTotals: t.rowTotals.map((v, i) => (known.rowTotals ? g[i]![c]! : v)),
    colTotals: t.colTotals.map((v, j) => (known.colTotals ? g[r]![j]! : v)),
    total: known.total ? g[r]![c]! : t.total,
  };
}

const key = ([i, j]: readonly [number, number]) => `${i},${j}`;

/**
 * The entries the known margins already make public, worked out here independently of the
 * module: the known margins; whatever the relations determine from them alone (the algebra above,
 * on a table showing nothing else); and, again and again, the only non-zero part of a grid row or
 * column together with that line's total, once either is public (the same people: the table
 * shows its zeros).
 */
function publicByMargins(cells: number[][], known: KnownMargins): Set<string> {
  const g = grid(cells);
  const nothingShown: SuppressedTable = {
    cells: cells.map((row) => row.map(() => null)),
    rowTotals: cells.map(() => null),
    colTotals: (cells[0] ?? []).map(() => null),
    total: null,
  };
  const onlyMargins = withKnown(nothingShown, cells, known);
  const pub = new Set<string>();
  publishedGrid(onlyMargins).forEach((row, i) => row.forEach((v, j) => v !== null && pub.add(key([i, j]))));
  for (const e of determinedByAlgebra(onlyMargins)) pub.add(key(e));
  const lines: Array<Array<[number, number]>> = [
    ...g.map((row, i) => row.map((_, j): [number, number] => [i, j])),
    ...g[0]!.map((_, j) => g.map((_, i): [number, number] => [i, j])),
  ];
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      const total = line[line.length - 1]!;
      const nonZero = line.slice(0, -1).filter(([i, j]) => g[i]![j]! !== 0);
      if (nonZero.length !== 1 || pub.has(key(nonZero[0]!)) === pub.has(key(total))) continue;
      pub.add(key(nonZero[0]!)).add(key(total));
      changed = true;
    }
  }
  return pub;
}

/**
 * With the row totals and the grand total known (a survey question's one-way results), the only
 * counts an attacker may work out, stated directly: a cell that is the only non-zero cell of its
 * row (it equals the row total, which is published); a column total for the same people as a
 * published margin: its column's only non-zero cell is alone in its row (it equals that row
 * total), or it is the only non-zero column (it equals the grand total).
 */
function allowedWithKnownRowTotals(cells: number[][], [i, j]: [number, number]): boolean {
  const r = cells.length;
  const c = cells[0]!.length;
  const aloneInRow = (a: number, b: number) => cells[a]![b]! !== 0 && cells[a]!.every((v, x) => x === b || v === 0);
  if (j === c) return false; // the row totals and the grand total are shown
  if (i < r) return aloneInRow(i, j);
  const nonZeroInColumn = cells.map((_, a) => a).filter((a) => cells[a]![j]! !== 0);
  if (nonZeroInColumn.length === 1 && aloneInRow(nonZeroInColumn[0]!, j)) return true;
  const nonZeroColumns = cells[0]!.map((_, b) => b).filter((b) => cells.some((row) => row[b] !== 0));
  return nonZeroColumns.length === 1 && nonZeroColumns[0] === j;
}

function randomTable(random: () => number): number[][] {
  const r = 1 + Math.floor(random() * 6);
  const c = 1 + Math.floor(random() * 8);
  // Each table has its own mix, from mostly zeros to mostly small to mostly large.
  const pZero = random() * 0.5;
  const pSmall = random() * 0.6;
  return Array.from({ length: r }, () =>
    Array.from({ length: c }, () => {
      const x = random();
      if (x < pZero) return 0;
      if (x < pZero + pSmall) return 1 + Math.floor(random() * 4);
      return random() < 0.3 ? 5 + Math.floor(random() * 5) : 5 + Math.floor(random() * 300);
    }),
  );
}

describe("suppressTable: hand cases", () => {
  it("leaves a table of large counts (and zeros) unchanged", () => {
    const cells = [
      [10, 20, 0],
      [30, 0, 7],
    ];
    expect(suppressTable(cells)).toEqual({ cells, rowTotals: [30, 37], colTotals: [40, 20, 7], total: 67 });
  });

  it("hides a small cell with a second cell in its row and one in its column, closing the rectangle", () => {
    const t = suppressTable([
      [3, 10, 20],
      [8, 30, 40],
      [9, 50, 60],
    ]);
    expect(t.cells).toEqual([
      [null, null, 20],
      [null, null, 40],
      [9, 50, 60],
    ]);
    expect(t.rowTotals).toEqual([33, 78, 119]);
    expect(t.colTotals).toEqual([20, 90, 120]);
    expect(t.total).toBe(230);
  });

  it("hides the smallest non-zero cell as the complement (one that mends two relations first), a zero cell only when there is none", () => {
    // Row 0: the 2 needs a partner; 6 is the smallest non-zero cell of the row. Column 0 then
    // takes the 40; row 1 takes the 60 rather than the 50, as the 60 also mends column 2.
    const t = suppressTable([
      [2, 0, 6, 90],
      [40, 50, 60, 70],
    ]);
    expect(t.cells).toEqual([
      [null, 0, null, 90],
      [null, 50, null, 70],
    ]);
    // Column 0 must hide a second entry beside the 40 and has only a zero cell and its total:
    // the zero is hidden, closing the rectangle, and the totals stay shown.
    const cells = [
      [0, 50],
      [40, 3],
    ];
    const z = suppressTable(cells);
    expect(z).toEqual({ cells: [[null, null], [null, null]], rowTotals: [50, 43], colTotals: [40, 53], total: 93 });
    expect(isProtected(z, cells)).toBe(true);
  });

  it("hides a small grand total and every small margin", () => {
    expect(suppressTable([[2, 0], [0, 0]])).toEqual({ cells: [[null, 0], [0, 0]], rowTotals: [null, 0], colTotals: [null, 0], total: null });
    const t = suppressTable([[1, 2], [0, 1]]);
    expect(t).toEqual({ cells: [[null, null], [0, null]], rowTotals: [null, null], colTotals: [null, null], total: null });
    expect(suppressTable([[3]])).toEqual({ cells: [[null]], rowTotals: [null], colTotals: [null], total: null });
  });

  it("hides a small row total and a second row total, so the grand total does not give it away", () => {
    const cells = [
      [2, 0, 0],
      [30, 40, 50],
      [60, 70, 80],
    ];
    const t = suppressTable(cells);
    expect(t.rowTotals[0]).toBeNull();
    expect(t.rowTotals.filter((v) => v === null).length).toBeGreaterThanOrEqual(2);
    expect(isProtected(t, cells)).toBe(true);
    expect(determinedByAlgebra(t)).toEqual([]);
  });

  it("does not let two small cells of a row show their small sum", () => {
    // 2 + 1 = 3 people would follow from the shown row total 53 minus the shown 50.
    const cells = [
      [2, 1, 50],
      [30, 40, 50],
      [30, 40, 50],
    ];
    const t = suppressTable(cells);
    expect(t.cells[0]).toEqual([null, null, null]);
    expect(isProtected(t, cells)).toBe(true);
  });

  it("closes a chain that combining several relations would undo, not only single relations", () => {
    // Two rectangles of small cells joined by one small cell, (1,2): every relation hides two or
    // more entries, yet rows 0 and 1 minus columns 0 and 1 leave the 3 at (1,2) alone.
    const cells = [
      [3, 3, 50, 50, 50],
      [3, 3, 3, 50, 50],
      [50, 50, 3, 3, 50],
      [50, 50, 3, 3, 50],
      [50, 50, 50, 50, 50],
    ];
    const primaryOnly: SuppressedTable = {
      cells: cells.map((row) => row.map((v) => (v < K ? null : v))),
      rowTotals: grid(cells).slice(0, -1).map((row) => row[row.length - 1]!),
      colTotals: grid(cells)[cells.length]!.slice(0, -1),
      total: grid(cells)[cells.length]![cells[0]!.length]!,
    };
    expect(isProtected(primaryOnly, cells)).toBe(true); // the simple check misses it…
    expect(determinedByAlgebra(primaryOnly)).toEqual([[1, 2]]); // …the algebra does not
    const t = suppressTable(cells);
    expect(determinedByAlgebra(t)).toEqual([]);
    expect(hiddenEntries(t).length).toBe(hiddenEntries(primaryOnly).length + 1);
    expect(t.cells[0]![2]).toBeNull();
  });

  it("handles empty and one-line tables", () => {
    expect(suppressTable([])).toEqual({ cells: [], rowTotals: [], colTotals: [], total: 0 });
    expect(suppressTable([[]])).toEqual({ cells: [[]], rowTotals: [0], colTotals: [], total: 0 });
    const row = suppressTable([[4, 30, 40]]);
    expect(row.cells[0]![0]).toBeNull();
    expect(isProtected(row, [[4, 30, 40]])).toBe(true);
    const column = suppressTable([[4], [30], [40]]);
    expect(column.cells[0]).toEqual([null]);
    expect(isProtected(column, [[4], [30], [40]])).toBe(true);
  });

  it("uses k", () => {
    expect(suppressTable([[7, 20], [30, 40]], 10).cells[0]![0]).toBeNull();
    expect(suppressTable([[7, 20], [30, 40]]).cells[0]![0]).toBe(7);
  });

  it("rejects cells that are not a rectangle of counts", () => {
    expect(() => suppressTable([[1, 2], [3]])).toThrow(RangeError);
    expect(() => suppressTable([[-1]])).toThrow(RangeError);
    expect(() => suppressTable([[1.5]])).toThrow(RangeError);
  });
});

describe("suppressTable with known margins", () => {
  const rowsKnown = { rowTotals: true, total: true };

  it("changes nothing when no margin is known", () => {
    const cells = [
      [3, 57, 4],
      [0, 0, 3],
      [2, 1, 9],
    ];
    expect(suppressTable(cells, K, {})).toEqual(suppressTable(cells));
    expect(suppressTable(cells, K, { rowTotals: false, colTotals: false, total: false })).toEqual(suppressTable(cells));
  });

  it("shows a known row total of 1–4 and protects its row's small cells with cells of other rows", () => {
    const cells = [
      [2, 1, 0],
      [30, 40, 50],
      [60, 70, 80],
    ];
    expect(suppressTable(cells).rowTotals).toEqual([null, null, 210]);
    const t = suppressTable(cells, K, { rowTotals: true });
    expect(t).toEqual({
      cells: [
        [null, null, 0],
        [null, null, 50],
        [60, 70, 80],
      ],
      rowTotals: [3, 120, 210],
      colTotals: [92, 111, 130],
      total: 333,
    });
    // The 2 and the 1 add up to the shown 3, which is the row's own group: that is allowed.
    expect(isProtected(t, cells, K, { rowTotals: true })).toBe(true);
    expect(isProtected(t, cells)).toBe(false); // without the known margin, a shown 3 is a violation
    expect(determinedByAlgebra(withKnown(t, cells, { rowTotals: true }))).toEqual([]);
  });

  it("hides another entry where a known row total was doing the protecting", () => {
    const cells = [
      [3, 57, 4],
      [0, 0, 3],
      [2, 1, 9],
    ];
    // Without known margins, the hidden row totals 3 and 12 keep the 4 at [0,2] safe…
    const plain = suppressTable(cells);
    expect(plain.rowTotals).toEqual([64, null, null]);
    expect(isProtected(plain, cells)).toBe(true);
    // …but with them published, row 2 gives 2 + 1 = 3 and column 2 then gives 16 − 3 − 9 = 4.
    expect(isProtected(plain, cells, K, { rowTotals: true })).toBe(false);
    expect(determinedByAlgebra(withKnown(plain, cells, { rowTotals: true }))).toContainEqual([0, 2]);
    const t = suppressTable(cells, K, { rowTotals: true });
    expect(t).toEqual({
      cells: [
        [null, null, null],
        [0, 0, null],
        [null, null, null],
      ],
      rowTotals: [64, 3, 12],
      colTotals: [5, 58, 16],
      total: 79,
    });
    expect(isProtected(t, cells, K, { rowTotals: true })).toBe(true);
    // Only the 3 at [1,2] follows, and it is the published row total 3 (see the next case).
    expect(determinedByAlgebra(withKnown(t, cells, { rowTotals: true }))).toEqual([[1, 2]]);
  });

  it("hides the single non-zero cell of a row with a known total of 1–4, spends no complement on it, and lets it be worked out", () => {
    // The 3 at [0,0] is the same three people as the published row total 3: the shown zeros say
    // that all of them fall in column 0. Protecting the cell would mean hiding those zeros, which
    // the module never does for a small count's sake (zeros are shown: nobody is in them). So the
    // cell is hidden only so that the cross-tab never prints a 1–4, and may be worked out.
    const cells = [
      [3, 0, 0],
      [30, 40, 50],
      [60, 70, 80],
    ];
    const t = suppressTable(cells, K, { rowTotals: true });
    expect(t).toEqual({
      cells: [
        [null, 0, 0],
        [30, 40, 50],
        [60, 70, 80],
      ],
      rowTotals: [3, 120, 210],
      colTotals: [93, 110, 130],
      total: 333,
    });
    expect(isProtected(t, cells, K, { rowTotals: true })).toBe(true);
    expect(determinedByAlgebra(withKnown(t, cells, { rowTotals: true }))).toEqual([[0, 0]]); // = the row total
    // A column total made of such a cell alone is the same people again: it may follow too.
    const alone = [
      [3, 0, 0],
      [0, 40, 50],
      [0, 70, 80],
    ];
    const a = suppressTable(alone, K, rowsKnown);
    expect(a.cells[0]).toEqual([null, 0, 0]);
    expect(a.colTotals[0]).toBeNull();
    expect(isProtected(a, alone, K, rowsKnown)).toBe(true);
    expect(determinedByAlgebra(a)).toEqual([
      [0, 0],
      [3, 0],
    ]);
  });

  it("still protects a count that is only a sum of such cells", () => {
    // Column 0 holds the 2 of row 0 and the 1 of row 1, each its row's only non-zero cell. Its
    // total 3 is no published margin: it stays hidden and cannot be worked out (a zero of row 0
    // is hidden for that), while the 1, equal to its row total, may be.
    const cells = [
      [2, 0],
      [1, 0],
      [0, 50],
    ];
    const t = suppressTable(cells, K, rowsKnown);
    expect(t).toEqual({
      cells: [
        [null, null],
        [null, 0],
        [0, 50],
      ],
      rowTotals: [2, 1, 50],
      colTotals: [null, null],
      total: 53,
    });
    expect(isProtected(t, cells, K, rowsKnown)).toBe(true);
    expect(determinedByAlgebra(t)).toEqual([[1, 0]]);
  });

  it("hides nothing else in a one-column table, where every cell is its known row total", () => {
    const cells = [[3], [40], [50]];
    expect(suppressTable(cells).cells).toEqual([[null], [null], [50]]); // the 40 was a complement
    const t = suppressTable(cells, K, rowsKnown);
    expect(t).toEqual({ cells: [[null], [40], [50]], rowTotals: [3, 40, 50], colTotals: [93], total: 93 });
    expect(isProtected(t, cells, K, rowsKnown)).toBe(true);
  });

  it("hides a small grand total that the known row totals determine, and counts it as known", () => {
    const cells = [
      [2, 0],
      [0, 1],
    ];
    const t = suppressTable(cells, K, { rowTotals: true });
    expect(t).toEqual({ cells: [[null, 0], [0, null]], rowTotals: [2, 1], colTotals: [null, null], total: null });
    expect(isProtected(t, cells, K, { rowTotals: true })).toBe(true);
  });

  it("shows a known grand total of 1–4 and keeps the cells, row and column totals protected", () => {
    const cells = [
      [1, 2],
      [0, 1],
    ];
    expect(suppressTable(cells).total).toBeNull();
    const t = suppressTable(cells, K, { total: true });
    expect(t).toEqual({ cells: [[null, null], [0, null]], rowTotals: [null, null], colTotals: [null, null], total: 4 });
    expect(isProtected(t, cells, K, { total: true })).toBe(true);
    expect(isProtected(t, cells)).toBe(false);
    expect(determinedByAlgebra(t)).toEqual([]);
    // With a single non-zero row, that row's total is the grand total: the same people, public.
    const one = [
      [1, 2],
      [0, 0],
    ];
    const o = suppressTable(one, K, { total: true });
    expect(o).toEqual({ cells: [[null, null], [0, 0]], rowTotals: [null, 0], colTotals: [null, null], total: 3 });
    expect(isProtected(o, one, K, { total: true })).toBe(true);
    expect(determinedByAlgebra(o)).toEqual([[0, 2]]);
  });
});

describe("isProtected", () => {
  const cells = [
    [3, 10, 20],
    [8, 30, 40],
  ];
  const g = grid(cells);
  const open: SuppressedTable = { cells, rowTotals: [g[0]![3]!, g[1]![3]!], colTotals: g[2]!.slice(0, 3), total: g[2]![3]! };

  it("refuses a table showing a small count", () => {
    expect(isProtected(open, cells)).toBe(false);
  });

  it("refuses a table where the one hidden cell follows from its row", () => {
    expect(isProtected({ ...open, cells: [[null, 10, 20], [8, 30, 40]] }, cells)).toBe(false);
  });

  it("refuses a table the attacker unravels step by step", () => {
    // Row 0 hides two entries, but column 1 hides only the 10: once it is known, the 3 follows.
    expect(isProtected({ ...open, cells: [[null, null, 20], [8, 30, 40]] }, cells)).toBe(false);
  });

  it("refuses a table whose shown numbers are not the true ones", () => {
    expect(isProtected({ ...suppressTable(cells), total: 1 }, cells)).toBe(false);
  });

  it("accepts what suppressTable publishes", () => {
    expect(isProtected(suppressTable(cells), cells)).toBe(true);
  });

  it("gives the attacker the known margins: a hidden row total that protected a cell no longer does", () => {
    // The 3 and the 8 with both row totals hidden: a cycle through the row totals, safe…
    const viaRowTotals: SuppressedTable = { cells: [[null, 10, 20], [null, 30, 40]], rowTotals: [null, null], colTotals: open.colTotals, total: open.total };
    expect(isProtected(viaRowTotals, cells)).toBe(true);
    // …until the row totals are published elsewhere: 33 − 10 − 20 = 3.
    expect(isProtected(viaRowTotals, cells, K, { rowTotals: true })).toBe(false);
  });

  it("allows a known margin of 1–4 to show, and nothing else of 1–4", () => {
    const small = [
      [1, 2],
      [30, 40],
    ];
    const t: SuppressedTable = { cells: [[null, null], [null, null]], rowTotals: [3, 70], colTotals: [31, 42], total: 73 };
    expect(isProtected(t, small, K, { rowTotals: true })).toBe(true);
    expect(isProtected(t, small)).toBe(false);
    expect(isProtected({ ...t, colTotals: [null, null] }, small, K, { rowTotals: true })).toBe(true);
    expect(isProtected({ ...t, cells: [[1, null], [null, null]] }, small, K, { rowTotals: true })).toBe(false);
  });
});

describe("suppressTable on random tables", () => {
  it("2,000 tables from 1×1 to 6×8: no count of 1–4 can be worked out, by differencing or by algebra", () => {
    const random = prng(20240611);
    let hiddenComplements = 0;
    for (let n = 0; n < 2000; n++) {
      const cells = randomTable(random);
      const copy = structuredClone(cells);
      const t = suppressTable(cells);
      expect(cells, "the input is not changed").toEqual(copy);
      const g = grid(cells);
      const published = publishedGrid(t);
      for (let i = 0; i < g.length; i++) {
        for (let j = 0; j < g[i]!.length; j++) {
          const v = g[i]![j]!;
          const p = published[i]![j];
          if (v > 0 && v < K) expect(p, `small entry [${i},${j}] of ${JSON.stringify(cells)}`).toBeNull();
          if (p !== null) expect(p).toBe(v);
          if (p === null && v >= K) hiddenComplements++;
        }
      }
      expect(isProtected(t, cells), JSON.stringify(cells)).toBe(true);
      expect(determinedByAlgebra(t), JSON.stringify(cells)).toEqual([]);
    }
    expect(hiddenComplements).toBeGreaterThan(0);
  });

  it("2,000 tables with known row totals and grand total: those are shown; no other count of 1–4 can be worked out, by differencing or by algebra, but a cell equal to its published row total", () => {
    const known = { rowTotals: true, total: true };
    const random = prng(20240611);
    let shownSmallMargins = 0;
    let allowedCells = 0;
    let allowedColumnTotals = 0;
    for (let n = 0; n < 2000; n++) {
      const cells = randomTable(random);
      const t = suppressTable(cells, K, known);
      const g = grid(cells);
      const r = cells.length;
      const c = g[0]!.length - 1;
      const published = publishedGrid(t);
      const pub = publicByMargins(cells, known);
      for (let i = 0; i <= r; i++) {
        for (let j = 0; j <= c; j++) {
          const v = g[i]![j]!;
          const p = published[i]![j];
          const small = v > 0 && v < K;
          if (j === c) {
            expect(p, `known margin [${i},${j}] of ${JSON.stringify(cells)}`).toBe(v);
            if (small) shownSmallMargins++;
            continue;
          }
          if (small) expect(p, `small entry [${i},${j}] of ${JSON.stringify(cells)}`).toBeNull();
          if (p !== null) expect(p).toBe(v);
          // The stated exception and the general rule (publicByMargins) agree.
          if (small) expect(allowedWithKnownRowTotals(cells, [i, j]), `[${i},${j}] of ${JSON.stringify(cells)}`).toBe(pub.has(key([i, j])));
        }
      }
      expect(isProtected(t, cells, K, known), JSON.stringify(cells)).toBe(true);
      // The full algebra with the known margins as known (they are shown; withKnown makes sure).
      for (const [i, j] of determinedByAlgebra(withKnown(t, cells, known))) {
        const v = g[i]![j]!;
        if (v === 0 || v >= K) continue;
        // The one exception: a count the published margins give away already (the cell is its
        // row's only non-zero cell, so it equals the row total; or a column total for the same people).
        expect(allowedWithKnownRowTotals(cells, [i, j]), `[${i},${j}] = ${v} of ${JSON.stringify(cells)} can be worked out`).toBe(true);
        if (i < r) allowedCells++;
        else allowedColumnTotals++;
      }
    }
    expect(shownSmallMargins).toBeGreaterThan(0);
    expect(allowedCells).toBeGreaterThan(0);
    expect(allowedColumnTotals).toBeGreaterThan(0);
  });

  it("500 tables under each other choice of known margins: they are shown, and only counts they already make public can be worked out", () => {
    const choices: KnownMargins[] = [
      { rowTotals: true },
      { colTotals: true },
      { total: true },
      { colTotals: true, total: true },
      { rowTotals: true, colTotals: true },
      { rowTotals: true, colTotals: true, total: true },
    ];
    for (const [m, known] of choices.entries()) {
      const random = prng(4242 + m);
      for (let n = 0; n < 500; n++) {
        const cells = randomTable(random);
        const t = suppressTable(cells, K, known);
        const g = grid(cells);
        const r = cells.length;
        const c = g[0]!.length - 1;
        const published = publishedGrid(t);
        const where = `${JSON.stringify(known)} ${JSON.stringify(cells)}`;
        for (let i = 0; i <= r; i++) {
          for (let j = 0; j <= c; j++) {
            const v = g[i]![j]!;
            const p = published[i]![j];
            const isKnown = (i < r && j === c && known.rowTotals) || (i === r && j < c && known.colTotals) || (i === r && j === c && known.total);
            if (isKnown) expect(p, `known margin [${i},${j}] of ${where}`).toBe(v);
            else if (v > 0 && v < K) expect(p, `small entry [${i},${j}] of ${where}`).toBeNull();
            if (p !== null) expect(p).toBe(v);
          }
        }
        expect(isProtected(t, cells, K, known), where).toBe(true);
        const pub = publicByMargins(cells, known);
        for (const [i, j] of determinedByAlgebra(withKnown(t, cells, known))) {
          const v = g[i]![j]!;
          if (v > 0 && v < K) expect(pub.has(key([i, j])), `[${i},${j}] = ${v} of ${where} can be worked out`).toBe(true);
        }
      }
    }
  });

  it("is deterministic", () => {
    const random = prng(7);
    for (let n = 0; n < 200; n++) {
      const cells = randomTable(random);
      expect(suppressTable(structuredClone(cells))).toEqual(suppressTable(cells));
      expect(suppressTable(structuredClone(cells), K, { rowTotals: true, total: true })).toEqual(suppressTable(cells, K, { rowTotals: true, total: true }));
      expect(suppressTable(cells, K, {})).toEqual(suppressTable(cells));
    }
  });

  it("stays quick on a large table (50 × 50)", () => {
    const random = prng(99);
    const cells = Array.from({ length: 50 }, () => Array.from({ length: 50 }, () => (random() < 0.3 ? 1 + Math.floor(random() * 4) : Math.floor(random() * 40))));
    const started = performance.now();
    const t = suppressTable(cells);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(isProtected(t, cells)).toBe(true);
    const known = { rowTotals: true, total: true };
    const again = performance.now();
    const k = suppressTable(cells, K, known);
    expect(performance.now() - again).toBeLessThan(5000);
    expect(isProtected(k, cells, K, known)).toBe(true);
  });
});
