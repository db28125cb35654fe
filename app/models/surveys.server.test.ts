import { describe, expect, it } from "vitest";
import type { QuestionColumns, SurveyColumns } from "./surveys.server";
import {
  addQuestion,
  addSection,
  answerCounts,
  answeredCounts,
  crossCounts,
  deleteQuestion,
  duplicateQuestion,
  getDraft,
  getSurvey,
  hasResponded,
  moveQuestion,
  saveDraft,
  submitResponse,
  updateQuestion,
  createSurvey,
} from "./surveys.server";
import { createUser } from "./users.server";
import { getDb } from "~/utils/db.server";

let n = 0;
function person(): number {
  n += 1;
  return createUser({ displayName: `Person ${n}`, identifier: { kind: "email", value: `person${n}@surveys.test` }, passwordHash: "x" })!.id;
}

const settings = (over: Partial<SurveyColumns> = {}): SurveyColumns => ({
  title: { ka: "გამოკითხვა" },
  description: {},
  opensAt: new Date("2026-12-01T05:00:00Z"),
  closesAt: new Date("2026-12-31T16:00:00Z"),
  audience: "residents",
  anonymous: true,
  onePerPerson: true,
  demographics: false,
  publicCrosstabs: false,
  ...over,
});
const single = (over: Partial<QuestionColumns> = {}): QuestionColumns => ({
  type: "single",
  text: { ka: "როგორ მიდიხართ სამსახურში?" },
  help: {},
  required: true,
  settings: { other: true },
  condition: null,
  options: [{ ka: "ფეხით" }, { ka: "ავტობუსით" }, { ka: "მანქანით" }],
  ...over,
});

function surveyWithQuestion() {
  const staff = person();
  const id = createSurvey(settings(), staff);
  const section = getSurvey(id)!.sections[0]!.id;
  const added = addQuestion(id, section, single(), staff);
  if (!added.ok) throw new Error(added.reason);
  const q = getSurvey(id)!.questions[0]!;
  return { staff, id, section, q };
}

describe("answers kept apart from who answered", () => {
  it("an anonymous response has a random id, no account and only the day; the respondent mark has no row id", () => {
    const { id, q } = surveyWithQuestion();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const user = person();
      const result = submitResponse({ surveyId: id, who: `u:${user}`, onePerPerson: true, anonymous: true, userId: user, channel: "online", day: "2026-12-05", rows: [{ questionId: q.id, optionId: q.options[0]!.id, rowId: null, num: null, text: null }] });
      expect(result.ok).toBe(true);
      if (result.ok) ids.push(result.id);
    }
    const rows = getDb().$client.prepare("select user_id, submitted_at, day from survey_responses where survey_id = ?").all(id) as Array<{ user_id: number | null; submitted_at: number | null; day: string }>;
    expect(rows.every((r) => r.user_id === null && r.submitted_at === null && r.day === "2026-12-05")).toBe(true);
    // Random ids, not a counter: neighbours in time are not neighbours in id.
    expect(new Set(ids).size).toBe(5);
    expect(ids.slice(1).every((v, i) => Math.abs(v - ids[i]!) > 1000)).toBe(true);
    const table = getDb().$client.prepare("select sql from sqlite_master where name = 'survey_respondents'").pluck().get() as string;
    expect(table).toMatch(/WITHOUT ROWID/);
    expect(() => getDb().$client.prepare("select rowid from survey_respondents").all()).toThrow();
  });

  it("one response per person: a second submission is refused, however it is attempted", () => {
    const { id, q } = surveyWithQuestion();
    const user = person();
    const input = { surveyId: id, who: `u:${user}`, onePerPerson: true, anonymous: true, userId: user, channel: "online" as const, day: "2026-12-05", rows: [{ questionId: q.id, optionId: q.options[1]!.id, rowId: null, num: null, text: null }] };
    expect(submitResponse(input).ok).toBe(true);
    expect(submitResponse(input)).toEqual({ ok: false, reason: "already" });
    expect(hasResponded(id, `u:${user}`)).toBe(true);
    expect(answeredCounts([q.id]).get(q.id)).toBe(1);
  });

  it("a named survey keeps the account and the time; a draft is never counted and goes on submit", () => {
    const { staff } = surveyWithQuestion();
    const id = createSurvey(settings({ anonymous: false }), staff);
    const section = getSurvey(id)!.sections[0]!.id;
    addQuestion(id, section, single(), staff);
    const q = getSurvey(id)!.questions[0]!;
    const user = person();
    saveDraft(id, `u:${user}`, { answers: { [q.id]: { kind: "choice", optionIds: [q.options[2]!.id], other: null } } });
    expect(answeredCounts([q.id]).get(q.id)).toBeUndefined();
    expect(getDraft(id, `u:${user}`)).not.toBeNull();
    const result = submitResponse({ surveyId: id, who: `u:${user}`, onePerPerson: true, anonymous: false, userId: user, channel: "online", day: "2026-12-05", now: new Date("2026-12-05T10:11:12Z"), rows: [{ questionId: q.id, optionId: q.options[2]!.id, rowId: null, num: null, text: null }] });
    expect(result.ok).toBe(true);
    expect(getDraft(id, `u:${user}`)).toBeNull();
    const row = getDb().$client.prepare("select user_id, submitted_at from survey_responses where survey_id = ?").get(id) as { user_id: number; submitted_at: number };
    expect(row).toEqual({ user_id: user, submitted_at: new Date("2026-12-05T10:11:12Z").getTime() });
  });
});

describe("changes once a survey has answers", () => {
  it("refuses a type change, removing an answered option and deleting the question; records wording fixes with the old text", () => {
    const { staff, id, q } = surveyWithQuestion();
    submitResponse({ surveyId: id, who: null, onePerPerson: false, anonymous: true, userId: null, channel: "paper", enteredBy: staff, day: "2026-12-05", rows: [{ questionId: q.id, optionId: q.options[2]!.id, rowId: null, num: null, text: null }] });
    expect(updateQuestion(id, q.id, single({ type: "multiple" }), staff)).toEqual({ ok: false, reason: "typeChange" });
    expect(updateQuestion(id, q.id, single({ options: [{ ka: "ფეხით" }, { ka: "ავტობუსით" }] }), staff)).toEqual({ ok: false, reason: "optionHasAnswers" });
    expect(deleteQuestion(id, q.id, staff)).toEqual({ ok: false, reason: "hasAnswers" });
    expect(updateQuestion(id, q.id, single({ text: { ka: "როგორ მიდიხართ სამსახურში ან სასწავლებლად?" }, options: [{ ka: "ფეხით" }, { ka: "ავტობუსით" }, { ka: "საკუთარი მანქანით" }, { ka: "ველოსიპედით" }] }), staff)).toEqual({ ok: true });
    const after = getSurvey(id)!.questions[0]!;
    expect(after.options.map((o) => o.label.ka)).toEqual(["ფეხით", "ავტობუსით", "საკუთარი მანქანით", "ველოსიპედით"]);
    expect(after.options[2]!.id).toBe(q.options[2]!.id);
    const audit = getDb().$client.prepare("select details from audit_log where action = 'survey.questionReworded' and target_id = ?").pluck().get(String(id)) as string;
    expect(JSON.parse(audit).before.text.ka).toBe("როგორ მიდიხართ სამსახურში?");
  });

  it("a condition must name a choice question on an earlier page", () => {
    const { staff, id, section, q } = surveyWithQuestion();
    const condition = { questionId: q.id, optionIds: [q.options[1]!.id] };
    expect(addQuestion(id, section, single({ condition }), staff)).toEqual({ ok: false, reason: "badCondition" });
    const later = addSection(id, { ka: "მეორე გვერდი" }, staff);
    expect(addQuestion(id, later, single({ condition }), staff).ok).toBe(true);
    expect(addQuestion(id, later, single({ condition: { questionId: q.id, optionIds: [999999] } }), staff)).toEqual({ ok: false, reason: "badCondition" });
    // A question others depend on cannot be deleted.
    expect(deleteQuestion(id, q.id, staff)).toEqual({ ok: false, reason: "badCondition" });
  });

  it("duplicates right after the original and moves across pages", () => {
    const { staff, id, q } = surveyWithQuestion();
    const copy = duplicateQuestion(id, q.id, staff)!;
    expect(getSurvey(id)!.questions.map((x) => x.id)).toEqual([q.id, copy]);
    expect(getSurvey(id)!.questions[1]!.options.map((o) => o.label.ka)).toEqual(["ფეხით", "ავტობუსით", "მანქანით"]);
    const second = addSection(id, { ka: "მეორე" }, staff);
    expect(moveQuestion(id, copy, "down", staff)).toBe(true);
    expect(getSurvey(id)!.sections.find((s) => s.id === second)!.questions.map((x) => x.id)).toEqual([copy]);
    expect(moveQuestion(id, copy, "down", staff)).toBe(false);
  });
});

describe("aggregates in SQL", () => {
  it("counts options, the answered base and a breakdown by district", () => {
    const { staff, id, q } = surveyWithQuestion();
    const [a, b] = q.options;
    for (let i = 0; i < 12; i++) {
      submitResponse({ surveyId: id, who: null, onePerPerson: false, anonymous: true, userId: null, channel: "paper", enteredBy: staff, day: "2026-12-05", demographics: { ageBand: null, gender: null, districtId: i < 8 ? 1 : 2 }, rows: [{ questionId: q.id, optionId: i % 3 ? a!.id : b!.id, rowId: null, num: null, text: null }] });
    }
    const counts = answerCounts([q.id]);
    expect(counts.find((c) => c.optionId === a!.id)?.n).toBe(8);
    expect(counts.find((c) => c.optionId === b!.id)?.n).toBe(4);
    expect(answeredCounts([q.id]).get(q.id)).toBe(12);
    const cross = crossCounts(q.id, "district");
    expect(cross.reduce((s, r) => s + r.n, 0)).toBe(12);
    expect(cross.find((r) => r.optionId === a!.id && r.group === 1)?.n).toBe(5);
  });
});

describe("editing an answered question cannot move its answers", () => {
  function answered() {
    const { staff, id, q } = surveyWithQuestion();
    submitResponse({ surveyId: id, who: null, onePerPerson: false, anonymous: true, userId: null, channel: "paper", enteredBy: staff, day: "2026-12-05", rows: [{ questionId: q.id, optionId: q.options[1]!.id, rowId: null, num: null, text: null }, { questionId: q.id, optionId: null, rowId: null, num: null, text: "ტაქსით" }] });
    return { staff, id, q };
  }

  it("refuses a shorter list even when the answered choice stays in it, and a reorder", () => {
    const { staff, id, q } = answered();
    // "By bus" (answered) stays, "By car" (not answered) goes: line 2 would now be "By car"'s old line.
    expect(updateQuestion(id, q.id, single({ options: [{ ka: "ფეხით" }, { ka: "მანქანით" }] }), staff)).toEqual({ ok: false, reason: "optionHasAnswers" });
    expect(updateQuestion(id, q.id, single({ options: [{ ka: "მანქანით" }, { ka: "ავტობუსით" }, { ka: "ფეხით" }] }), staff)).toEqual({ ok: false, reason: "optionsReordered" });
    expect(getSurvey(id)!.questions[0]!.options.map((o) => o.label.ka)).toEqual(["ფეხით", "ავტობუსით", "მანქანით"]);
    // New choices at the end are fine.
    expect(updateQuestion(id, q.id, single({ options: [{ ka: "ფეხით" }, { ka: "ავტობუსით" }, { ka: "მანქანით" }, { ka: "ტაქსით" }] }), staff)).toEqual({ ok: true });
  });

  it("keeps 'Other' once somebody used it", () => {
    const { staff, id, q } = answered();
    expect(updateQuestion(id, q.id, single({ settings: { other: false } }), staff)).toEqual({ ok: false, reason: "optionHasAnswers" });
  });

  it("refuses a move that puts a condition on the page of the question it depends on", () => {
    const { staff, id, q } = surveyWithQuestion();
    const page2 = addSection(id, { ka: "მეორე" }, staff);
    const dependent = addQuestion(id, page2, single({ condition: { questionId: q.id, optionIds: [q.options[0]!.id] } }), staff);
    if (!dependent.ok) throw new Error(dependent.reason);
    expect(moveQuestion(id, dependent.id, "up", staff)).toBe(false);
    expect(moveQuestion(id, q.id, "down", staff)).toBe(false);
    expect(getSurvey(id)!.sections.map((s) => s.questions.map((x) => x.id))).toEqual([[q.id], [dependent.id]]);
  });
});
