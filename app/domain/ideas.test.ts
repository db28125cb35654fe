// The life of an idea, as rules: who may move it where, what must be said, how duplicates merge,
// what the public sees, and how search words are made safe for FTS5.
import { describe, expect, it } from "vitest";
import {
  LISTED_STATUSES,
  audience,
  canMove,
  IDEA_STATUSES,
  mergeSupports,
  needsAnswer,
  nextStatuses,
  publicView,
  searchTerms,
  type IdeaStatus,
} from "./ideas";
import { ideaSchema, listQuerySchema, statusChangeSchema } from "./ideas-forms.server";

/** The lifecycle as the product describes it, written out here independently of the code. */
const ALLOWED: Array<[IdeaStatus, IdeaStatus]> = [
  ["submitted", "published"],
  ["submitted", "changes_requested"],
  ["submitted", "rejected"],
  ["changes_requested", "submitted"],
  ["changes_requested", "rejected"],
  ["rejected", "published"],
  ["published", "under_review"],
  ["published", "accepted"],
  ["published", "not_feasible"],
  ["published", "not_municipal"],
  ["under_review", "accepted"],
  ["under_review", "not_feasible"],
  ["under_review", "not_municipal"],
  ["accepted", "in_progress"],
  ["accepted", "under_review"],
  ["not_feasible", "under_review"],
  ["not_municipal", "under_review"],
  ["in_progress", "implemented"],
];
const allowed = new Set(ALLOWED.map(([a, b]) => `${a}→${b}`));
const FORBIDDEN = IDEA_STATUSES.flatMap((from) => IDEA_STATUSES.map((to) => [from, to] as [IdeaStatus, IdeaStatus])).filter(
  ([a, b]) => !allowed.has(`${a}→${b}`),
);

/** The error codes zod reports for one field. */
function codes(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }, field: string): string[] {
  return (result.error?.issues ?? []).filter((i) => i.path[0] === field).map((i) => i.message);
}

describe("lifecycle transitions", () => {
  it.each(ALLOWED)("allows %s → %s", (from, to) => {
    expect(canMove(from, to)).toBe(true);
    expect(nextStatuses(from)).toContain(to);
  });

  it.each([
    ["submitted", "accepted"],
    ["submitted", "under_review"],
    ["submitted", "implemented"],
    ["submitted", "merged"],
    ["published", "implemented"],
    ["published", "in_progress"],
    ["published", "submitted"],
    ["rejected", "accepted"],
    ["accepted", "implemented"],
    ["changes_requested", "published"],
  ] as Array<[IdeaStatus, IdeaStatus]>)("forbids %s → %s", (from, to) => {
    expect(canMove(from, to)).toBe(false);
  });

  it.each(IDEA_STATUSES.map((s) => [s]))("nothing leaves implemented or merged (to %s)", (to) => {
    expect(canMove("implemented", to)).toBe(false);
    expect(canMove("merged", to)).toBe(false);
  });

  it("forbids every move not in the lifecycle, including staying in place", () => {
    expect(FORBIDDEN.length).toBe(IDEA_STATUSES.length ** 2 - ALLOWED.length);
    for (const [from, to] of FORBIDDEN) expect(canMove(from, to), `${from} → ${to}`).toBe(false);
    for (const s of IDEA_STATUSES) expect(canMove(s, s), `${s} → ${s}`).toBe(false);
  });

  it("lists exactly the allowed next steps", () => {
    for (const from of IDEA_STATUSES) {
      const expected = ALLOWED.filter(([a]) => a === from).map(([, b]) => b);
      expect([...nextStatuses(from)].sort(), from).toEqual(expected.sort());
    }
    expect(nextStatuses("implemented")).toEqual([]);
    expect(nextStatuses("merged")).toEqual([]);
  });
});

describe("needsAnswer", () => {
  it.each(["under_review", "accepted", "not_feasible", "not_municipal", "in_progress", "implemented"] as const)(
    "the city must answer publicly when an idea becomes %s",
    (to) => expect(needsAnswer(to)).toBe(true),
  );
  it.each(["submitted", "changes_requested", "rejected", "published", "merged"] as const)("no public answer is required for %s", (to) =>
    expect(needsAnswer(to)).toBe(false),
  );
});

describe("publicView", () => {
  it("shows a published idea", () => {
    expect(publicView({ status: "published", hidden: false, rejectReason: null, hiddenReason: null })).toEqual({ visible: true });
  });

  it("shows only the reason code of a rejected idea", () => {
    expect(publicView({ status: "rejected", hidden: false, rejectReason: "offensive", hiddenReason: null })).toEqual({ visible: false, reason: "offensive" });
    expect(publicView({ status: "rejected", hidden: false, rejectReason: null, hiddenReason: null })).toEqual({ visible: false, reason: "other" });
  });

  it("shows only the reason code of a hidden idea, whatever its status", () => {
    expect(publicView({ status: "accepted", hidden: true, rejectReason: null, hiddenReason: "reported" })).toEqual({ visible: false, reason: "reported" });
    expect(publicView({ status: "published", hidden: true, rejectReason: null, hiddenReason: null })).toEqual({ visible: false, reason: "other" });
  });
});

describe("mergeSupports", () => {
  it("moves the duplicate's supporters without counting anyone twice", () => {
    expect(mergeSupports([1, 2, 3], [3, 4])).toEqual({ move: [1, 2], alreadyThere: [3], total: 4 });
  });

  it("ignores repeated ids on either side", () => {
    const result = mergeSupports([1, 1, 2, 3, 3], [3, 3, 4]);
    expect(result.move).toEqual([1, 2]);
    expect(result.alreadyThere).toEqual([3]);
    expect(result.total).toBe(4);
  });

  it("handles empty sides", () => {
    expect(mergeSupports([], [5, 6])).toEqual({ move: [], alreadyThere: [], total: 2 });
    expect(mergeSupports([5, 6], [])).toEqual({ move: [5, 6], alreadyThere: [], total: 2 });
  });

  it("always totals |A ∪ B|", () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: random(15) }, () => random(20));
      const b = Array.from({ length: random(15) }, () => random(20));
      const { move, alreadyThere, total } = mergeSupports(a, b);
      const union = new Set([...a, ...b]);
      expect(total).toBe(union.size);
      expect(new Set([...move, ...b])).toEqual(union);
      for (const id of move) expect(b).not.toContain(id);
      for (const id of alreadyThere) expect(b).toContain(id);
      expect(new Set(move).size).toBe(move.length);
    }
  });
});

describe("audience", () => {
  it("is the author and every supporter, each once", () => {
    expect(audience(1, [2, 3, 3, 1], null).sort()).toEqual([1, 2, 3]);
  });

  it("never includes the person acting", () => {
    expect(audience(1, [2, 3], 3).sort()).toEqual([1, 2]);
    expect(audience(1, [2, 3], 1).sort()).toEqual([2, 3]);
  });

  it("works when the author's account is gone", () => {
    expect(audience(null, [2, 3], 9).sort()).toEqual([2, 3]);
    expect(audience(null, [], 9)).toEqual([]);
  });
});

describe("statusChangeSchema", () => {
  it.each(["under_review", "accepted", "not_feasible", "not_municipal", "in_progress", "implemented"] as const)(
    "requires an answer for %s",
    (to) => {
      expect(codes(statusChangeSchema.safeParse({ to }), "answer")).toContain("answerRequired");
      expect(codes(statusChangeSchema.safeParse({ to, answer: "   " }), "answer")).toContain("answerRequired");
      expect(statusChangeSchema.safeParse({ to, answer: "The city will build it in 2026." }).success).toBe(true);
    },
  );

  it("requires a reason code to reject, and only a known one", () => {
    expect(codes(statusChangeSchema.safeParse({ to: "rejected" }), "reason")).toContain("rejectReason");
    expect(codes(statusChangeSchema.safeParse({ to: "rejected", reason: "because" }), "reason")).toContain("rejectReason");
    expect(statusChangeSchema.safeParse({ to: "rejected", reason: "offensive" }).success).toBe(true);
  });

  it("requires a note to the author to ask for changes", () => {
    expect(codes(statusChangeSchema.safeParse({ to: "changes_requested" }), "note")).toContain("noteRequired");
    expect(statusChangeSchema.safeParse({ to: "changes_requested", note: "Please say which street." }).success).toBe(true);
  });

  it("needs nothing more to publish", () => {
    expect(statusChangeSchema.safeParse({ to: "published" }).success).toBe(true);
  });

  it("refuses an unknown status", () => {
    expect(codes(statusChangeSchema.safeParse({ to: "deleted" }), "to")).toContain("invalid");
  });

  it("limits the answer to 5000 characters", () => {
    expect(codes(statusChangeSchema.safeParse({ to: "accepted", answer: "a".repeat(5001) }), "answer")).toContain("tooLong:5000");
    expect(statusChangeSchema.safeParse({ to: "accepted", answer: "a".repeat(5000) }).success).toBe(true);
  });
});

describe("ideaSchema", () => {
  const valid = {
    title: "A playground in Gorgasali",
    description: "The yard behind building 12 has no playground for the children.",
    goalId: "1",
    districtId: "2",
    consent: "on",
  };

  it("accepts a valid idea and coerces the ids", () => {
    const result = ideaSchema.safeParse(valid);
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({ goalId: 1, districtId: 2 });
  });

  it("allows a title of 120 characters and no more", () => {
    expect(ideaSchema.safeParse({ ...valid, title: "ა".repeat(120) }).success).toBe(true);
    expect(codes(ideaSchema.safeParse({ ...valid, title: "ა".repeat(121) }), "title")).toContain("tooLong:120");
  });

  it("allows a description of 5000 characters and no more", () => {
    expect(ideaSchema.safeParse({ ...valid, description: "ა".repeat(5000) }).success).toBe(true);
    expect(codes(ideaSchema.safeParse({ ...valid, description: "ა".repeat(5001) }), "description")).toContain("tooLong:5000");
    expect(codes(ideaSchema.safeParse({ ...valid, description: "x".repeat(10_240) }), "description")).toContain("tooLong:5000");
  });

  it("refuses a title too short or missing", () => {
    expect(codes(ideaSchema.safeParse({ ...valid, title: "abc" }), "title")).toContain("tooShort:5");
    expect(codes(ideaSchema.safeParse({ ...valid, title: undefined }), "title")).toContain("required");
  });

  it("requires the consent box", () => {
    expect(codes(ideaSchema.safeParse({ ...valid, consent: undefined }), "consent")).toContain("consentRequired");
  });

  it("refuses ids that are not positive integers", () => {
    expect(ideaSchema.safeParse({ ...valid, goalId: "abc" }).success).toBe(false);
    expect(ideaSchema.safeParse({ ...valid, districtId: "-1" }).success).toBe(false);
    expect(ideaSchema.safeParse({ ...valid, districtId: "1.5" }).success).toBe(false);
  });

  it("keeps HTML and script as the text that was typed (it is rendered escaped)", () => {
    const title = '<script>alert("x")</script> Park';
    const description = '<img src=x onerror="alert(1)"> <b>bold</b> & more words here';
    const result = ideaSchema.safeParse({ ...valid, title, description });
    expect(result.success).toBe(true);
    expect(result.data?.title).toBe(title);
    expect(result.data?.description).toBe(description);
  });
});

describe("listQuerySchema", () => {
  it("gives the defaults for an empty query", () => {
    expect(listQuerySchema.parse({})).toEqual({ sort: "new", page: 1 });
  });

  it("keeps valid values", () => {
    expect(listQuerySchema.parse({ q: " park ", district: "2", goal: "3", status: "accepted", sort: "supported", page: "4" })).toEqual({
      q: "park",
      district: 2,
      goal: 3,
      status: "accepted",
      sort: "supported",
      page: 4,
    });
  });

  it("falls back to the defaults on garbage instead of failing", () => {
    const garbage = [
      { page: "-1", sort: "zzz", district: "abc", goal: "1e999", status: "nope" },
      { page: "abc", sort: "", district: "-5", goal: "0", status: "submitted" },
      { page: "1.5", sort: "SUPPORTED", district: "2.5", goal: "x", status: "merged" },
      { page: "99999999", sort: ["new"], district: {}, goal: null, status: 1 },
    ];
    for (const query of garbage) {
      const result = listQuerySchema.safeParse(query);
      expect(result.success, JSON.stringify(query)).toBe(true);
      expect(result.data).toMatchObject({ sort: "new", page: 1, district: undefined, goal: undefined, status: undefined });
    }
  });

  it("never lets the public list filter on statuses the public cannot see", () => {
    for (const status of ["submitted", "changes_requested", "rejected", "merged"]) {
      expect(listQuerySchema.parse({ status }).status).toBeUndefined();
    }
  });
});

describe("searchTerms", () => {
  it("drops words shorter than three characters and quotes the rest", () => {
    expect(searchTerms("a park in Rustavi by me")).toEqual(['"park"', '"Rustavi"']);
  });

  it("splits on punctuation", () => {
    expect(searchTerms("bike-lanes, benches; trees!")).toEqual(['"bike"', '"lanes"', '"benches"', '"trees"']);
  });

  it("handles Georgian, Russian and Azerbaijani words", () => {
    expect(searchTerms("ახალი პარკი და ხე")).toEqual(['"ახალი"', '"პარკი"']);
    expect(searchTerms("Новый парк у реки")).toEqual(['"Новый"', '"парк"', '"реки"']);
    // ə and ı are folded to e and i, as the index folds them (SQLite does not).
    expect(searchTerms("Uşaq meydançası və park")).toEqual(['"Uşaq"', '"meydançasi"', '"park"']);
    expect(searchTerms("Həyətdə")).toEqual(['"Heyetde"']);
  });

  it("composes decomposed letters (NFC), so a word typed either way is the same word", () => {
    expect(searchTerms("us\u0327aq")).toEqual(['"u\u015faq"']);
  });

  it("keeps at most eight words", () => {
    const terms = searchTerms("one two three four five six seven eight nine ten eleven");
    expect(terms).toHaveLength(8);
    expect(terms[0]).toBe('"one"');
    expect(terms[7]).toBe('"eight"');
  });

  it("gives no terms for a query of quotes, operators and short words only", () => {
    expect(searchTerms('"" * () ^ : - + {} [] \' " ""')).toEqual([]);
    expect(searchTerms("*")).toEqual([]);
    expect(searchTerms("a b ab")).toEqual([]);
    expect(searchTerms("")).toEqual([]);
  });

  it("never lets FTS5 syntax through: every term is a quoted run of letters and digits", () => {
    const hostile = ['"); DROP TABLE ideas; --', "NEAR(park rustavi, 2)", 'park" OR "x', "title:park*", "a AND b OR NOT c", "^park {title}: x"];
    for (const query of hostile) {
      for (const term of searchTerms(query)) expect(term, query).toMatch(/^"[\p{L}\p{M}\p{N}]{3,}"$/u);
    }
    expect(searchTerms('"); DROP TABLE ideas; --')).toEqual(['"DROP"', '"TABLE"', '"ideas"']);
  });
});

describe("the listed column of the database", () => {
  it("lists exactly the statuses the domain lists", async () => {
    const { readFileSync } = await import("node:fs");
    const schema = readFileSync(new URL("../../db/schema.ts", import.meta.url), "utf8");
    const generated = /status in \(([^)]*)\)/.exec(schema)?.[1] ?? "";
    const statuses = [...generated.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
    expect(statuses.sort()).toEqual([...LISTED_STATUSES].sort());
  });
});
