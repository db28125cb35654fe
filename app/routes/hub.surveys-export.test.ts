// Survey exports (CSV, XLSX, JSON), the CSV import and the poster, as staff use them: who may
// use them, the columns and rows, the privacy of anonymous surveys, Georgian surviving every
// format, and that an import stores all the valid rows of a file and reports the others.
import ExcelJS from "exceljs";
import { and, count, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, surveyResponses } from "#db/schema";
import { answerRows, readAnswers, visibleQuestionIds } from "~/domain/survey-answers";
import type { Translated } from "~/domain/translated";
import { listDistricts } from "~/models/municipality.server";
import { addQuestion, addSection, createSurvey, getSurvey, submitResponse, type QuestionColumns, type Survey } from "~/models/surveys.server";
import { getDb } from "~/utils/db.server";
import { getT } from "~/utils/i18n.server";
import { readCsv } from "~/utils/surveys-export.server";
import { signedInDemo, type DemoName } from "../../test/accounts";
import { call, getRequest, ORIGIN } from "../../test/requests";
import { loader as csvLoader } from "./hub.surveys.$id_.export[.]csv";
import { loader as jsonLoader } from "./hub.surveys.$id_.export[.]json";
import { loader as xlsxLoader } from "./hub.surveys.$id_.export[.]xlsx";
import { action as importAction, loader as importLoader } from "./hub.surveys.$id_.import";
import { loader as posterLoader } from "./hub.surveys.$id_.poster";

const DAY = 86_400_000;
let cookies = {} as Record<DemoName, string>;
let ids = {} as Record<DemoName, number>;
let districtId = 0;
let named: Survey;
let anonymous: Survey;

const option = (ka: string, en: string): Translated => ({ ka, en });

function question(type: QuestionColumns["type"], ka: string, extra: Partial<QuestionColumns> = {}): QuestionColumns {
  return { type, text: { ka, en: `${ka} (en)` }, help: {}, required: false, settings: {}, condition: null, options: [], ...extra };
}

function build(anonymousSurvey: boolean, questions: QuestionColumns[], conditional?: (s: Survey) => QuestionColumns): Survey {
  const now = Date.now();
  const id = createSurvey(
    {
      title: { ka: anonymousSurvey ? "ანონიმური გამოკითხვა" : "ტრანსპორტი რუსთავში", en: anonymousSurvey ? "Anonymous survey" : "Transport in Rustavi" },
      description: {},
      opensAt: new Date(now - DAY),
      closesAt: new Date(now + 30 * DAY),
      audience: "residents",
      anonymous: anonymousSurvey,
      onePerPerson: true,
      demographics: !anonymousSurvey,
      publicCrosstabs: false,
    },
    ids.admin,
  );
  const sectionId = getSurvey(id)!.sections[0]!.id;
  for (const q of questions) {
    const added = addQuestion(id, sectionId, q, ids.admin);
    if (!added.ok) throw new Error(added.reason);
  }
  if (conditional) {
    const second = addSection(id, {}, ids.admin);
    const added = addQuestion(id, second, conditional(getSurvey(id)!), ids.admin);
    if (!added.ok) throw new Error(added.reason);
  }
  return getSurvey(id)!;
}

/** A response as the form would send it: field values by question position (1-based). */
function respond(survey: Survey, fields: Array<[string, string]>, demographics?: { ageBand: string | null; gender: string | null; districtId: number | null }) {
  const { answers, errors } = readAnswers(survey.questions, fields);
  const visible = visibleQuestionIds(survey.questions, answers);
  expect(Object.keys(errors).filter((id) => visible.has(Number(id)))).toEqual([]);
  const rows = survey.questions.flatMap((q) => (visible.has(q.id) && answers[q.id] ? answerRows(q, answers[q.id]!) : []));
  const result = submitResponse({
    surveyId: survey.id,
    who: null,
    onePerPerson: false,
    anonymous: survey.anonymous,
    userId: survey.anonymous ? null : ids.irina,
    channel: "online",
    day: "2025-03-14",
    now: new Date("2025-03-14T09:30:15.000Z"),
    demographics,
    rows,
  });
  expect(result.ok).toBe(true);
}

const q = (survey: Survey, n: number) => survey.questions[n - 1]!;
/** A question's column code (q<id>); in the first survey of this file ids and places coincide. */
const code = (survey: Survey, n: number) => `q${q(survey, n).id}`;
const opt = (survey: Survey, n: number, i: number) => String(q(survey, n).options[i]!.id);

beforeAll(async () => {
  ({ ids, cookies } = await signedInDemo());
  districtId = listDistricts()[1]!.id;
  named = build(
    false,
    [
      question("single", "როგორ მოდიხართ?", { required: true, settings: { other: true }, options: [option("ავტობუსი", "Bus"), option("ფეხით", "On foot"), option("მანქანა", "Car")] }),
      question("multiple", "რა გააუმჯობესოთ?", { settings: { other: true, maxChoices: null }, options: [option("პარკები", "Parks"), option("გზები", "Roads"), option("განათება", "Lighting")] }),
      question("dropdown", "იყენებთ ველოსიპედს?", { options: [option("კი", "Yes"), option("არა", "No")] }),
      question("scale", "შეაფასეთ", { settings: { scale: "1-5", minLabel: { ka: "ცუდი", en: "Poor" }, maxLabel: { ka: "კარგი", en: "Good" } } }),
      question("short", "მოკლედ"),
      question("long", "ვრცლად"),
      question("number", "რამდენი წუთი?", { settings: { min: 0, max: 100 } }),
      question("date", "როდის?"),
      question("ranking", "დაალაგეთ", { options: [option("სკოლა", "School"), option("საავადმყოფო", "Hospital"), option("ბაღი", "Kindergarten")] }),
      question("matrix", "შეაფასეთ ქუჩები", { settings: { scale: "1-5", minLabel: { ka: "ცუდი" }, maxLabel: { ka: "კარგი" } }, options: [option("სისუფთავე", "Cleanliness"), option("უსაფრთხოება", "Safety")] }),
    ],
    // Shown only to those who cycle (q3 = Yes), and then required.
    (s) => question("short", "სად დადიხართ ველოსიპედით?", { required: true, condition: { questionId: q(s, 3).id, optionIds: [q(s, 3).options[0]!.id] } }),
  );
  const n = named;
  respond(
    n,
    [
      [`q${q(n, 1).id}`, opt(n, 1, 0)],
      [`q${q(n, 2).id}`, opt(n, 2, 2)],
      [`q${q(n, 2).id}`, opt(n, 2, 0)],
      [`q${q(n, 2).id}`, "other"],
      [`q${q(n, 2).id}-other`, "სკვერი"],
      [`q${q(n, 3).id}`, opt(n, 3, 0)],
      [`q${q(n, 4).id}`, "4"],
      [`q${q(n, 5).id}`, "=1+1"],
      [`q${q(n, 6).id}`, "გრძელი,\nტექსტი \"ციტატით\""],
      [`q${q(n, 7).id}`, "42,5"],
      [`q${q(n, 8).id}`, "2024-05-01"],
      [`q${q(n, 9).id}-r${opt(n, 9, 0)}`, "2"],
      [`q${q(n, 9).id}-r${opt(n, 9, 1)}`, "1"],
      [`q${q(n, 9).id}-r${opt(n, 9, 2)}`, "3"],
      [`q${q(n, 10).id}-m${opt(n, 10, 0)}`, "3"],
      [`q${q(n, 10).id}-m${opt(n, 10, 1)}`, "5"],
      [`q${q(n, 11).id}`, "პარკში"],
    ],
    { ageBand: "25-34", gender: "female", districtId },
  );
  respond(n, [
    [`q${q(n, 1).id}`, "other"],
    [`q${q(n, 1).id}-other`, "ველოსიპედით"],
    [`q${q(n, 3).id}`, opt(n, 3, 1)],
    [`q${q(n, 4).id}`, "1"],
  ]);
  respond(n, [
    [`q${q(n, 1).id}`, opt(n, 1, 2)],
    [`q${q(n, 2).id}`, opt(n, 2, 1)],
  ]);

  anonymous = build(true, [
    question("single", "კმაყოფილი ხართ?", { required: true, options: [option("კი", "Yes"), option("არა", "No")] }),
    question("short", "რატომ?"),
  ]);
  respond(anonymous, [
    [`q${q(anonymous, 1).id}`, opt(anonymous, 1, 0)],
    [`q${q(anonymous, 2).id}`, "იმიტომ"],
  ]);
  respond(anonymous, [[`q${q(anonymous, 1).id}`, opt(anonymous, 1, 1)]]);
});

// ─── Helpers ────────────────────────────────────────────────────────────────────────────

type Loader = typeof csvLoader;
const LOADERS: Record<"csv" | "xlsx" | "json", Loader> = { csv: csvLoader, xlsx: xlsxLoader, json: jsonLoader };

function exportAs(format: keyof typeof LOADERS, who: DemoName | null, surveyId: number, query = "") {
  return call(LOADERS[format], getRequest(`/hub/surveys/${surveyId}/export.${format}${query}`, who ? { Cookie: cookies[who] } : {}), { id: String(surveyId) });
}

async function bytesOf(response: Response): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await response.arrayBuffer());
}

/** The CSV's records as strings, read by the import's own reader (quotes, commas and line breaks in cells). */
async function csvRecords(response: Response): Promise<string[][]> {
  const read = await readCsv(await bytesOf(response));
  if (!read.ok) throw new Error(read.error);
  return read.records.map((r) => r.cells);
}

function importFile(who: DemoName | null, surveyId: number, content: string | Uint8Array<ArrayBuffer>, name = "responses.csv") {
  const body = new FormData();
  body.set("file", new File([content], name, { type: "text/csv" }));
  return call(importAction, new Request(`${ORIGIN}/hub/surveys/${surveyId}/import`, { method: "POST", body, headers: who ? { Cookie: cookies[who] } : {} }), { id: String(surveyId) });
}

function responseCount(surveyId: number) {
  return getDb().select({ n: count() }).from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId)).get()?.n ?? 0;
}

function lastAuditId() {
  return getDb().select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id).all().at(-1)?.id ?? 0;
}

function auditSince(since: number, action: string) {
  return getDb().select().from(auditLog).where(and(gt(auditLog.id, since), eq(auditLog.action, action))).all();
}

function namedHeader(s: Survey): string[] {
  return [
    "response",
    "day",
    "channel",
    "submitted_at",
    "age_band",
    "gender",
    "district",
    "q1",
    "q1_other",
    "q2",
    "q2_other",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "q8",
    ...q(s, 9).options.map((o) => `q9_rank_${o.id}`),
    ...q(s, 10).options.map((o) => `q10_${o.id}`),
    "q11",
  ];
}

// ─── Who may export ─────────────────────────────────────────────────────────────────────

describe("exports: access", () => {
  it.each(["csv", "xlsx", "json"] as const)("%s: anonymous visitors sign in first, residents get 403, an unknown survey 404", async (format) => {
    const anon = await exportAs(format, null, named.id);
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    expect((await exportAs(format, "nino", named.id)).status).toBe(403);
    expect((await exportAs(format, "moderator", 999_999)).status).toBe(404);
    expect((await call(LOADERS[format], getRequest(`/hub/surveys/abc/export.${format}`, { Cookie: cookies.moderator }), { id: "abc" })).status).toBe(404);
  });

  it("each export is in the audit log with its format", async () => {
    const since = lastAuditId();
    for (const format of ["csv", "xlsx", "json"] as const) await (await exportAs(format, "moderator", named.id)).arrayBuffer();
    const entries = auditSince(since, "survey.exported");
    expect(entries.map((e) => e.details)).toEqual([{ format: "csv" }, { format: "xlsx" }, { format: "json" }]);
    expect(entries.every((e) => e.actorId === ids.moderator && e.targetId === String(named.id))).toBe(true);
  });
});

// ─── CSV ────────────────────────────────────────────────────────────────────────────────

describe("CSV export", () => {
  it("is UTF-8 with a byte-order mark and CRLF, an attachment named after the survey", async () => {
    const response = await exportAs("csv", "moderator", named.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="khma-survey-${named.id}.csv"`);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const bytes = await bytesOf(response);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\ufeffresponse,day,channel,submitted_at,")).toBe(true);
    expect(text.split("\r\n")[0]).toBe("\ufeff" + namedHeader(named).join(","));
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/\r/);
  });

  it("has one row a response, numbered 1..n, with labels, numbers, ranks and matrix points", async () => {
    const [header, ...rows] = await csvRecords(await exportAs("csv", "moderator", named.id));
    expect(header).toEqual(namedHeader(named));
    expect(rows).toHaveLength(3);
    const row = (i: number) => Object.fromEntries(header!.map((h, j) => [h, rows[i]![j]]));
    const first = row(0);
    const districtName = listDistricts()[1]!.name.ka;
    expect(first).toMatchObject({
      response: "1",
      day: "2025-03-14",
      channel: "online",
      submitted_at: "2025-03-14T09:30:15.000Z",
      age_band: "25-34",
      gender: getT("ka", "surveys")("gender.female"),
      district: districtName,
      q1: "ავტობუსი",
      q1_other: "",
      q2: "პარკები; განათება",
      q2_other: "სკვერი",
      q3: "კი",
      q4: "4",
      q5: "'=1+1",
      q6: "გრძელი,\nტექსტი \"ციტატით\"",
      q7: "42.5",
      q8: "2024-05-01",
      [`q9_rank_${opt(named, 9, 0)}`]: "2",
      [`q9_rank_${opt(named, 9, 1)}`]: "1",
      [`q9_rank_${opt(named, 9, 2)}`]: "3",
      [`q10_${opt(named, 10, 0)}`]: "3",
      [`q10_${opt(named, 10, 1)}`]: "5",
      q11: "პარკში",
    });
    expect(row(1)).toMatchObject({ response: "2", q1: "", q1_other: "ველოსიპედით", q3: "არა", q4: "1", age_band: "", gender: "", district: "", q11: "" });
    expect(row(2)).toMatchObject({ response: "3", q1: "მანქანა", q2: "გზები" });
  });

  it("escapes a text answer that Excel would run as a formula", async () => {
    const text = new TextDecoder().decode(await bytesOf(await exportAs("csv", "moderator", named.id)));
    expect(text).toContain(",'=1+1,");
    expect(text).not.toMatch(/(^|,)=1\+1/m);
  });

  it("uses the chosen language (?lng=) for labels", async () => {
    const [header, first] = await csvRecords(await exportAs("csv", "moderator", named.id, "?lng=en"));
    const row = Object.fromEntries(header!.map((h, j) => [h, first![j]]));
    expect(row).toMatchObject({ q1: "Bus", q2: "Parks; Lighting", q3: "Yes", district: listDistricts()[1]!.name.en });
  });

  it("an anonymous survey: no submitted_at, no time finer than the day, no account", async () => {
    const response = await exportAs("csv", "moderator", anonymous.id);
    const text = new TextDecoder().decode(await bytesOf(response.clone()));
    const [header, ...rows] = await csvRecords(response);
    expect(header).toEqual(["response", "day", "channel", code(anonymous, 1), code(anonymous, 2)]);
    expect(rows).toHaveLength(2);
    expect(text).not.toMatch(/\d{2}:\d{2}/);
    expect(text).not.toMatch(/T\d{2}/);
    // A sequence number, never the response's (random) database id.
    expect(rows.map((r) => r[0]).sort()).toEqual(["1", "2"]);
    const dbIds = getDb().select({ id: surveyResponses.id, userId: surveyResponses.userId }).from(surveyResponses).where(eq(surveyResponses.surveyId, anonymous.id)).all();
    expect(dbIds.every((r) => r.id > 1000 && r.userId === null)).toBe(true);
    for (const r of dbIds) expect(text).not.toContain(String(r.id));
    expect(rows.map((r) => r[3]).sort()).toEqual(["არა", "კი"]);
  });
});

// ─── XLSX ───────────────────────────────────────────────────────────────────────────────

describe("XLSX export", () => {
  async function workbookOf(response: Response) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    return workbook;
  }
  const values = (sheet: ExcelJS.Worksheet) => {
    const all: unknown[][] = [];
    sheet.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
    return all;
  };

  it("has the sheets Responses and Codebook, with Georgian intact", async () => {
    const response = await exportAs("xlsx", "moderator", named.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="khma-survey-${named.id}.xlsx"`);
    const workbook = await workbookOf(response);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Responses", "Codebook"]);
    const responses = values(workbook.getWorksheet("Responses")!);
    expect(responses).toHaveLength(4);
    expect(responses[0]).toEqual(namedHeader(named));
    const first = Object.fromEntries(namedHeader(named).map((h, j) => [h, responses[1]![j]]));
    expect(first).toMatchObject({ response: 1, q1: "ავტობუსი", q2: "პარკები; განათება", q4: 4, q5: "=1+1", q7: 42.5, [`q10_${opt(named, 10, 1)}`]: 5 });

    const codebook = values(workbook.getWorksheet("Codebook")!);
    const q1 = codebook.find((r) => r[0] === "q1")!;
    expect(q1[1]).toBe("როგორ მოდიხართ?");
    expect(q1[2]).toBe("single");
    expect(String(q1[3])).toContain("ავტობუსი");
    const q4 = codebook.find((r) => r[0] === "q4")!;
    expect(String(q4[3])).toContain("1 = ცუდი");
    expect(String(q4[3])).toContain("5 = კარგი");
    const rank = codebook.find((r) => r[0] === `q9_rank_${opt(named, 9, 1)}`)!;
    expect(rank[1]).toBe("დაალაგეთ — საავადმყოფო");
    expect(codebook.map((r) => r[0])).toEqual([getT("ka", "surveys")("export.codebook.column"), ...namedHeader(named)]);
  });

  it("an anonymous survey's workbook has no submitted_at", async () => {
    const workbook = await workbookOf(await exportAs("xlsx", "moderator", anonymous.id));
    const responses = values(workbook.getWorksheet("Responses")!);
    expect(responses[0]).toEqual(["response", "day", "channel", code(anonymous, 1), code(anonymous, 2)]);
    expect(responses).toHaveLength(3);
  });
});

// ─── JSON ───────────────────────────────────────────────────────────────────────────────

describe("JSON export", () => {
  it("is { survey, codebook, responses } with the same columns", async () => {
    const response = await exportAs("json", "moderator", named.id, "?lng=en");
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="khma-survey-${named.id}.json"`);
    const body = (await response.json()) as { survey: Record<string, unknown>; codebook: Array<Record<string, unknown>>; responses: Array<Record<string, unknown>> };
    expect(Object.keys(body)).toEqual(["survey", "codebook", "responses"]);
    expect(body.survey).toMatchObject({ id: named.id, title: "Transport in Rustavi", language: "en", anonymous: false, demographics: true });
    expect(body.codebook.map((c) => c.code)).toEqual(namedHeader(named));
    expect(body.codebook.find((c) => c.code === "q1")).toMatchObject({ question: "როგორ მოდიხართ? (en)", type: "single", values: [{ value: q(named, 1).options[0]!.id, label: "Bus" }, expect.anything(), expect.anything()] });
    expect(body.responses).toHaveLength(3);
    expect(body.responses[0]).toMatchObject({ response: 1, day: "2025-03-14", submitted_at: "2025-03-14T09:30:15.000Z", q1: "Bus", q1_other: null, q5: "=1+1", q7: 42.5 });
    expect(Object.keys(body.responses[0]!)).toEqual(namedHeader(named));
  });

  it("an anonymous survey: no submitted_at and no time anywhere", async () => {
    const response = await exportAs("json", "moderator", anonymous.id);
    const text = await response.clone().text();
    const body = (await response.json()) as { responses: Array<Record<string, unknown>> };
    expect(body.responses).toHaveLength(2);
    for (const r of body.responses) expect(Object.keys(r)).toEqual(["response", "day", "channel", code(anonymous, 1), code(anonymous, 2)]);
    expect(text).not.toMatch(/\d{2}:\d{2}/);
  });

  it("a survey without responses gives an empty list", async () => {
    const empty = build(true, [question("short", "ცარიელი")]);
    const body = (await (await exportAs("json", "moderator", empty.id)).json()) as { responses: unknown[] };
    expect(body.responses).toEqual([]);
    const [header, ...rows] = await csvRecords(await exportAs("csv", "moderator", empty.id));
    expect(header).toEqual(["response", "day", "channel", code(empty, 1)]);
    expect(rows).toEqual([]);
  });
});

// ─── Import ─────────────────────────────────────────────────────────────────────────────

type ImportData = { ok: true; imported: number; rejectedRows: number; problems: Array<{ row: number; code: string; error: string }>; more: boolean } | { ok: false; error: string };

describe("CSV import", () => {
  it("is for staff: anonymous visitors sign in first, residents get 403", async () => {
    const anonPage = await call(importLoader, getRequest(`/hub/surveys/${named.id}/import`), { id: String(named.id) });
    expect(anonPage.status).toBe(302);
    expect((await call(importLoader, getRequest(`/hub/surveys/${named.id}/import`, { Cookie: cookies.nino }), { id: String(named.id) })).status).toBe(403);
    const before = responseCount(named.id);
    expect((await importFile("nino", named.id, "q1\nავტობუსი\n")).status).toBe(403);
    expect((await importFile(null, named.id, "q1\nავტობუსი\n")).status).toBe(302);
    expect(responseCount(named.id)).toBe(before);
    expect((await call(importLoader, getRequest(`/hub/surveys/999999/import`, { Cookie: cookies.moderator }), { id: "999999" })).status).toBe(404);
  });

  it("the page lists the columns of the export", async () => {
    const page = await call(importLoader, getRequest(`/hub/surveys/${named.id}/import`, { Cookie: cookies.moderator }), { id: String(named.id) });
    expect(((await page.json()) as { columns: string[] }).columns).toEqual(namedHeader(named));
  });

  it("imports the CSV export back: every row, as channel import, entered by the staff member, with the same answers", async () => {
    const exported = await bytesOf(await exportAs("csv", "moderator", named.id));
    const before = getDb().select({ id: surveyResponses.id }).from(surveyResponses).where(eq(surveyResponses.surveyId, named.id)).all().length;
    const since = lastAuditId();
    const response = await importFile("moderator", named.id, exported);
    expect(response.status).toBe(200);
    const data = (await response.json()) as ImportData;
    expect(data).toMatchObject({ ok: true, imported: 3, rejectedRows: 0, problems: [] });
    const stored = getDb().select().from(surveyResponses).where(and(eq(surveyResponses.surveyId, named.id), eq(surveyResponses.channel, "import"))).all();
    expect(stored).toHaveLength(3);
    expect(responseCount(named.id)).toBe(before + 3);
    for (const r of stored) {
      expect(r.enteredBy).toBe(ids.moderator);
      expect(r.userId).toBeNull();
      expect(r.day).toBe("2025-03-14");
    }
    expect(stored.find((r) => r.ageBand)).toMatchObject({ ageBand: "25-34", gender: "female", districtId });
    expect(auditSince(since, "survey.imported").map((e) => e.details)).toEqual([{ imported: 3, rejected: 0 }]);

    // Exported again, the imported rows say what the originals said.
    const [header, ...rows] = await csvRecords(await exportAs("csv", "moderator", named.id));
    const answersOnly = (r: string[]) => r.filter((_, j) => !["response", "channel", "submitted_at"].includes(header![j]!));
    const originals = rows.filter((r) => r[2] === "online").map(answersOnly);
    const imported = rows.filter((r) => r[2] === "import").map(answersOnly);
    expect(imported).toEqual(originals);
  });

  it("rejects the rows with errors, reports row, question and error, and imports the others", async () => {
    const before = responseCount(named.id);
    const csv = [
      "response,q1,q3,q4,q11,notes",
      "1,ავტობუსი,კი,3,ველობილიკზე,anything",
      "2,Teleport,Yes,3,x,",
      "3,Car,No,9,,",
      ",,,,,",
      "4,car,YES,2,,",
      "5,On foot,არა,,,",
    ].join("\r\n");
    const data = (await (await importFile("admin", named.id, csv)).json()) as ImportData;
    expect(data).toMatchObject({
      ok: true,
      imported: 2,
      rejectedRows: 3,
      problems: [
        { row: 3, code: "q1", error: "unknownOption" },
        { row: 4, code: "q4", error: "invalid" },
        // q3 = Yes shows q11, which is then required.
        { row: 6, code: "q11", error: "required" },
      ],
      more: false,
    });
    expect(responseCount(named.id)).toBe(before + 2);
  });

  it("reads a file with a BOM and semicolons (Excel in Russian or Azerbaijani), and a day column", async () => {
    const before = responseCount(anonymous.id);
    const data = (await (await importFile("moderator", anonymous.id, `\ufeffday;${code(anonymous, 1)};${code(anonymous, 2)}\r\n2025-01-02;Yes;=fine\r\n;No;'=1+1\r\n`)).json()) as ImportData;
    expect(data).toMatchObject({ ok: true, imported: 2, rejectedRows: 0 });
    expect(responseCount(anonymous.id)).toBe(before + 2);
    const stored = getDb().select().from(surveyResponses).where(and(eq(surveyResponses.surveyId, anonymous.id), eq(surveyResponses.channel, "import"))).all();
    expect(stored.map((r) => r.day).sort()[0]).toBe("2025-01-02");
    // Anonymous: no account and no time, even for imported rows.
    for (const r of stored) expect(r.submittedAt).toBeNull();
    const json = (await (await exportAs("json", "moderator", anonymous.id)).json()) as { responses: Array<Record<string, unknown>> };
    expect(json.responses.map((r) => r[code(anonymous, 2)]).sort()).toEqual(expect.arrayContaining(["=fine", "=1+1"]));
  });

  it("a row with an invalid day or district is rejected", async () => {
    const data = (await (await importFile("moderator", named.id, "day,district,gender,q1\n2999-01-01,,,Bus\n,Atlantis,,Bus\n,old-rustavi,male,Bus\n")).json()) as ImportData;
    expect(data).toMatchObject({
      ok: true,
      imported: 1,
      problems: [
        { row: 2, code: "day", error: "date" },
        { row: 3, code: "district", error: "unknownValue" },
      ],
    });
  });

  it.each([
    ["bytes that are not UTF-8", new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28, 0x80]), "encoding"],
    ["text without the survey's columns", "hello,world\nfoo,bar\n", "noColumns"],
    ["an unclosed quote", 'q1,q3\nBus,"Yes\nCar,No\n', "unreadable"],
    ["only a header", "q1,q3\r\n", "empty"],
    ["an empty file", "", "noFile"],
  ])("refuses %s with a clear error and stores nothing", async (_, content, error) => {
    const before = responseCount(named.id);
    const response = await importFile("moderator", named.id, content);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, error });
    expect(responseCount(named.id)).toBe(before);
  });

  it("refuses a file over 10 MB", async () => {
    const big = "q1\n" + "Bus\n".repeat((10 * 1024 * 1024) / 4 + 10);
    const response = await importFile("moderator", named.id, big);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, error: "tooLarge" });
  });
});

// ─── Poster ─────────────────────────────────────────────────────────────────────────────

describe("poster", () => {
  it("is for staff", async () => {
    expect((await call(posterLoader, getRequest(`/hub/surveys/${named.id}/poster`), { id: String(named.id) })).status).toBe(302);
    expect((await call(posterLoader, getRequest(`/hub/surveys/${named.id}/poster`, { Cookie: cookies.nino }), { id: String(named.id) })).status).toBe(403);
    expect((await call(posterLoader, getRequest(`/hub/surveys/999999/poster`, { Cookie: cookies.moderator }), { id: "999999" })).status).toBe(404);
  });

  it("has the title in the chosen language, the survey's address and its QR code as SVG", async () => {
    const response = await call(posterLoader, getRequest(`/hub/surveys/${named.id}/poster?lng=en`, { Cookie: cookies.moderator }), { id: String(named.id) });
    const data = (await response.json()) as { title: string; url: string; svg: string };
    expect(data.title).toBe("Transport in Rustavi");
    expect(data.url).toBe(`${ORIGIN}/surveys/${named.id}`);
    expect(data.svg.startsWith("<svg")).toBe(true);
    expect(data.svg).toContain("<path");
    expect(data.svg).not.toMatch(/<script|on\w+=/i);
  });
});
