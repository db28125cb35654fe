import { describe, expect, it } from "vitest";
import { addQuestion, createSurvey, getSurvey, setTextPublished, submitResponse } from "~/models/surveys.server";
import { createUser } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { OPEN_RESULTS_MAX_AGE_MS, surveyResults } from "./surveys-results.server";

const t = (key: string) => key;
let n = 0;
function staff(): number {
  n += 1;
  return createUser({ displayName: `Staff ${n}`, identifier: { kind: "email", value: `staff${n}@results.test` }, passwordHash: "x" })!.id;
}

function survey(closesAt: Date) {
  const admin = staff();
  const id = createSurvey({ title: { ka: "შედეგები" }, description: {}, opensAt: new Date(closesAt.getTime() - 86_400_000), closesAt, audience: "residents", anonymous: true, onePerPerson: false, demographics: false, publicCrosstabs: false }, admin);
  addQuestion(id, getSurvey(id)!.sections[0]!.id, { type: "long", text: { ka: "რა უნდა შეიცვალოს?" }, help: {}, required: false, settings: {}, condition: null, options: [] }, admin);
  const s = getSurvey(id)!;
  const respond = (text: string) => submitResponse({ surveyId: id, who: null, onePerPerson: false, anonymous: true, userId: null, channel: "paper", enteredBy: admin, day: "2026-11-20", rows: [{ questionId: s.questions[0]!.id, optionId: null, rowId: null, num: null, text }] });
  return { admin, id, s, respond };
}

describe("cached survey results", () => {
  it("a closed survey's results follow a paper response and a moderator's choice at once", () => {
    const { admin, id, s, respond } = survey(new Date(Date.now() - 1000));
    respond("მეტი ხე");
    expect(surveyResults(s, "ka", { staff: false, t }).total).toBe(1);
    const second = respond("მეტი სკამი");
    expect(surveyResults(s, "ka", { staff: false, t }).total).toBe(2);
    expect(surveyResults(s, "ka", { staff: false, t }).questions[0]!.texts).toEqual([]);
    setTextPublished(id, getDb().$client.prepare("select id from survey_answers where response_id = ?").pluck().get(second.ok ? second.id : 0) as number, true, admin);
    expect(surveyResults(s, "ka", { staff: false, t }).questions[0]!.texts.map((x) => x.text)).toEqual(["მეტი სკამი"]);
  });

  it("an open survey's results may lag new responses by a few seconds", () => {
    const { s } = survey(new Date(Date.now() + 3_600_000));
    const now = Date.now();
    expect(surveyResults(s, "ka", { staff: true, t }, now).total).toBe(0);
    // A response from another process: no version bump here, only the count changes.
    getDb().$client.prepare("insert into survey_responses (survey_id, channel, day) values (?, 'online', '2026-11-20')").run(s.id);
    expect(surveyResults(s, "ka", { staff: true, t }, now + 1000).total).toBe(0);
    expect(surveyResults(s, "ka", { staff: true, t }, now + OPEN_RESULTS_MAX_AGE_MS + 1).total).toBe(1);
  });
});
