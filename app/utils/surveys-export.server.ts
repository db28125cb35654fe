// Survey exports (CSV, XLSX, JSON) and the CSV import: the columns every format shares, one
// response as one row, the codebook that explains the columns, and reading a CSV in the same
// layout back into responses.
//
// Privacy: an anonymous survey's export has no time finer than the day; no export has an account
// id (the responses carry none), and the first column is a sequence number in this export, never
// the database id.
import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import { json } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { answerRows, fieldName, OTHER, parseDate, readAnswers, visibleQuestionIds } from "~/domain/survey-answers";
import { AGE_BANDS, GENDERS, OTHER_TYPES, scalePoints, type AnswerRow, type Option, type Question } from "~/domain/surveys";
import { pick } from "~/domain/translated";
import { recordAudit } from "~/models/audit.server";
import { listDistricts } from "~/models/municipality.server";
import { getSurvey, otherCounts, responseBatches, submitResponse, type Survey } from "~/models/surveys.server";
import { getDb } from "~/utils/db.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { LANGUAGES, type Language } from "~/utils/i18n";
import { requireStaff } from "~/utils/session.server";
import { surveyIdFrom, today } from "~/utils/surveys-view.server";

// ─── Columns ─────────────────────────────────────────────────────────────────────────────

type MetaKind = "response" | "day" | "channel" | "submittedAt" | "ageBand" | "gender" | "district";

/** One column of the export (and of the import's layout). `n` is the question's place in the survey, 1-based. */
export type Column =
  | { code: string; kind: MetaKind }
  | { code: string; kind: "answer" | "other"; question: Question; n: number }
  | { code: string; kind: "rank" | "row"; question: Question; n: number; option: Option };

export type Cell = string | number | null;

/** A response as responseBatches gives it. */
export type ExportedResponse = {
  id: number;
  channel: string;
  day: string;
  submittedAt: number | null;
  ageBand: string | null;
  gender: string | null;
  districtId: number | null;
  answers: AnswerRow[];
};

/**
 * The column code of a question: q<its id>. Ids, not places: a file exported before questions
 * were moved still imports into the right questions (the codebook gives each code its question).
 */
export const questionCode = (question: { id: number }) => `q${question.id}`;

/**
 * The columns, in order: response, day, channel, submitted_at (not for anonymous surveys),
 * age_band, gender, district (with demographics), then each question: qN; qN_other for "Other"
 * (also when Other was switched off after some answers used it); qN_rank_<optionId> per ranked
 * item; qN_<rowId> per matrix row.
 */
export function exportColumns(survey: Survey): Column[] {
  const columns: Column[] = [
    { code: "response", kind: "response" },
    { code: "day", kind: "day" },
    { code: "channel", kind: "channel" },
  ];
  if (!survey.anonymous) columns.push({ code: "submitted_at", kind: "submittedAt" });
  if (survey.demographics) columns.push({ code: "age_band", kind: "ageBand" }, { code: "gender", kind: "gender" }, { code: "district", kind: "district" });
  const others = otherCounts(survey.questions.filter((q) => OTHER_TYPES.includes(q.type)).map((q) => q.id));
  survey.questions.forEach((question, i) => {
    const n = i + 1;
    const code = questionCode(question);
    if (question.type === "ranking") {
      for (const option of question.options) columns.push({ code: `${code}_rank_${option.id}`, kind: "rank", question, n, option });
    } else if (question.type === "matrix") {
      for (const option of question.options) columns.push({ code: `${code}_${option.id}`, kind: "row", question, n, option });
    } else {
      columns.push({ code, kind: "answer", question, n });
      if (OTHER_TYPES.includes(question.type) && (question.settings.other || (others.get(question.id) ?? 0) > 0)) {
        columns.push({ code: `${code}_other`, kind: "other", question, n });
      }
    }
  });
  return columns;
}

// ─── Rows ────────────────────────────────────────────────────────────────────────────────

/** What turning responses into rows needs: the columns and the labels in the chosen language. */
export type ExportPlan = {
  survey: Survey;
  language: Language;
  columns: Column[];
  optionLabels: Map<number, string>;
  optionOrder: Map<number, number>;
  districts: Map<number, string>;
  genders: Map<string, string>;
};

export function exportPlan(survey: Survey, language: Language): ExportPlan {
  const t = getT(language, "surveys");
  const optionLabels = new Map<number, string>();
  const optionOrder = new Map<number, number>();
  for (const q of survey.questions) {
    for (const o of q.options) {
      optionLabels.set(o.id, pick(o.label, language));
      optionOrder.set(o.id, o.position);
    }
  }
  return {
    survey,
    language,
    columns: exportColumns(survey),
    optionLabels,
    optionOrder,
    districts: new Map(listDistricts().map((d) => [d.id, pick(d.name, language)])),
    genders: new Map(GENDERS.map((g) => [g, t(`gender.${g}`)])),
  };
}

function isOtherText(a: AnswerRow): boolean {
  return a.optionId === null && a.rowId === null && a.text !== null;
}

function answerCell(plan: ExportPlan, question: Question, rows: AnswerRow[]): Cell {
  switch (question.type) {
    case "single":
    case "multiple":
    case "dropdown": {
      const chosen = rows.filter((a) => a.optionId !== null).sort((a, b) => (plan.optionOrder.get(a.optionId!) ?? 0) - (plan.optionOrder.get(b.optionId!) ?? 0));
      if (chosen.length === 0) return null;
      return chosen.map((a) => plan.optionLabels.get(a.optionId!) ?? String(a.optionId)).join("; ");
    }
    case "scale":
    case "number":
      return rows.find((a) => a.num !== null)?.num ?? null;
    case "short":
    case "long":
    case "date":
      return rows.find((a) => a.text !== null)?.text ?? null;
    default:
      return null;
  }
}

/** One response as one row of cells, in the columns' order; `n` is its sequence number in this export. */
export function responseRow(plan: ExportPlan, response: ExportedResponse, n: number): Cell[] {
  const byQuestion = new Map<number, AnswerRow[]>();
  for (const a of response.answers) {
    const list = byQuestion.get(a.questionId);
    if (list) list.push(a);
    else byQuestion.set(a.questionId, [a]);
  }
  return plan.columns.map((column): Cell => {
    switch (column.kind) {
      case "response":
        return n;
      case "day":
        return response.day;
      case "channel":
        return response.channel;
      case "submittedAt":
        return plan.survey.anonymous || response.submittedAt === null ? null : new Date(response.submittedAt).toISOString();
      case "ageBand":
        return response.ageBand;
      case "gender":
        return response.gender === null ? null : (plan.genders.get(response.gender) ?? response.gender);
      case "district":
        return response.districtId === null ? null : (plan.districts.get(response.districtId) ?? String(response.districtId));
      case "answer":
        return answerCell(plan, column.question, byQuestion.get(column.question.id) ?? []);
      case "other":
        return (byQuestion.get(column.question.id) ?? []).find(isOtherText)?.text ?? null;
      case "rank":
        return (byQuestion.get(column.question.id) ?? []).find((a) => a.optionId === column.option.id)?.num ?? null;
      case "row":
        return (byQuestion.get(column.question.id) ?? []).find((a) => a.rowId === column.option.id)?.num ?? null;
    }
  });
}

/** Every response as rows, a batch at a time (responses are read from the database in batches too). */
export function* exportRows(plan: ExportPlan): Generator<Cell[][]> {
  let n = 0;
  for (const batch of responseBatches(plan.survey.id)) {
    yield batch.map((response) => responseRow(plan, response, ++n));
  }
}

// ─── Codebook ────────────────────────────────────────────────────────────────────────────

export type CodebookEntry = {
  code: string;
  /** What the column holds: the question's text (with the item or row for rankings and matrices). */
  question: string;
  /** The question's type, or "response" for the columns about the response itself. */
  type: string;
  /** The values the column can hold and what they mean. */
  values: Array<{ value: string | number; label: string }>;
};

export function codebook(plan: ExportPlan): CodebookEntry[] {
  const t = getT(plan.language, "surveys");
  const text = (q: Question) => pick(q.text, plan.language);
  const scaleValues = (q: Question) => {
    const points = scalePoints(q.settings);
    const min = pick(q.settings.minLabel, plan.language);
    const max = pick(q.settings.maxLabel, plan.language);
    return points.map((p, i) => ({ value: p, label: i === 0 ? min : i === points.length - 1 ? max : "" }));
  };
  return plan.columns.map((column): CodebookEntry => {
    switch (column.kind) {
      case "response":
        return { code: column.code, question: t("export.codebook.response"), type: "response", values: [] };
      case "day":
        return { code: column.code, question: t("export.codebook.day"), type: "response", values: [] };
      case "channel":
        return {
          code: column.code,
          question: t("export.codebook.channel"),
          type: "response",
          values: (["online", "paper", "import"] as const).map((c) => ({ value: c, label: t(`export.channel.${c}`) })),
        };
      case "submittedAt":
        return { code: column.code, question: t("export.codebook.submittedAt"), type: "response", values: [] };
      case "ageBand":
        return { code: column.code, question: t("export.codebook.ageBand"), type: "response", values: AGE_BANDS.map((a) => ({ value: a, label: a })) };
      case "gender":
        return { code: column.code, question: t("export.codebook.gender"), type: "response", values: [...plan.genders].map(([, label]) => ({ value: label, label })) };
      case "district":
        return { code: column.code, question: t("export.codebook.district"), type: "response", values: [...plan.districts.values()].map((name) => ({ value: name, label: name })) };
      case "answer": {
        const q = column.question;
        if (q.type === "scale") return { code: column.code, question: text(q), type: q.type, values: scaleValues(q) };
        if (q.type === "number") {
          const bounds = [
            ...(typeof q.settings.min === "number" ? [{ value: q.settings.min, label: t("export.codebook.min") }] : []),
            ...(typeof q.settings.max === "number" ? [{ value: q.settings.max, label: t("export.codebook.max") }] : []),
          ];
          return { code: column.code, question: text(q), type: q.type, values: bounds };
        }
        if (q.type === "date") return { code: column.code, question: text(q), type: q.type, values: [{ value: "YYYY-MM-DD", label: t("export.codebook.dateFormat") }] };
        const multiple = q.type === "multiple" ? [{ value: "; ", label: t("export.codebook.separator") }] : [];
        return { code: column.code, question: text(q), type: q.type, values: [...q.options.map((o) => ({ value: o.id, label: pick(o.label, plan.language) })), ...multiple] };
      }
      case "other":
        return { code: column.code, question: `${text(column.question)} — ${t("export.codebook.otherText")}`, type: "short", values: [] };
      case "rank": {
        const q = column.question;
        const places = q.options.map((_, i) => ({ value: i + 1, label: i === 0 ? t("export.codebook.first") : "" }));
        return { code: column.code, question: `${text(q)} — ${pick(column.option.label, plan.language)}`, type: q.type, values: places };
      }
      case "row":
        return { code: column.code, question: `${text(column.question)} — ${pick(column.option.label, plan.language)}`, type: column.question.type, values: scaleValues(column.question) };
    }
  });
}

/** A codebook entry's values as one cell of text: "value = label" a line. */
function valuesText(entry: CodebookEntry): string {
  return entry.values.map((v) => (v.label && String(v.value) !== v.label ? `${v.value} = ${v.label}` : String(v.value))).join("\n");
}

// ─── The export routes ───────────────────────────────────────────────────────────────────

export type ExportFormat = "csv" | "xlsx" | "json";

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  json: "application/json; charset=utf-8",
};

/** What every export route does first: staff only, the survey (404), the language, the audit entry. */
async function startExport(request: Request, params: { id?: string }, format: ExportFormat) {
  const staff = await requireStaff(request);
  const survey = getSurvey(surveyIdFrom(params));
  if (!survey) throw json({ reason: "notFound" }, { status: 404 });
  const language = await getLanguage(request);
  recordAudit({ actorId: staff.id, action: "survey.exported", targetType: "survey", targetId: survey.id, details: { format } });
  const headers = {
    "Content-Type": CONTENT_TYPES[format],
    "Content-Disposition": `attachment; filename="khma-survey-${survey.id}.${format}"`,
    // Responses are personal data: never kept by a browser or a proxy.
    "Cache-Control": "no-store",
  };
  return { plan: exportPlan(survey, language), headers };
}

/** A stream that asks the generator for its next chunk only when the client has taken the last one. */
function pullStream(chunks: Generator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      chunks.return(undefined);
    },
  });
}

const CSV_OPTIONS = { bom: false, escape_formulas: true, record_delimiter: "windows" } as const;

function* csvChunks(plan: ExportPlan): Generator<string> {
  // The byte-order mark makes Excel read the file as UTF-8 (Georgian stays Georgian).
  yield "\ufeff" + stringify([plan.columns.map((c) => c.code)], CSV_OPTIONS);
  for (const rows of exportRows(plan)) yield stringify(rows, CSV_OPTIONS);
}

/** CSV, streamed a batch of responses at a time. */
export async function csvExport(request: Request, params: { id?: string }): Promise<Response> {
  const { plan, headers } = await startExport(request, params, "csv");
  return new Response(pullStream(csvChunks(plan)), { headers });
}

function* jsonChunks(plan: ExportPlan): Generator<string> {
  const { survey, language } = plan;
  const head = {
    survey: {
      id: survey.id,
      title: pick(survey.title, language),
      description: pick(survey.description, language),
      language,
      anonymous: survey.anonymous,
      demographics: survey.demographics,
      questions: survey.questions.length,
    },
    codebook: codebook(plan),
  };
  const opening = JSON.stringify(head);
  yield `${opening.slice(0, -1)},"responses":[`;
  let first = true;
  for (const rows of exportRows(plan)) {
    const objects = rows.map((cells) => JSON.stringify(Object.fromEntries(plan.columns.map((c, i) => [c.code, cells[i] ?? null]))));
    if (objects.length === 0) continue;
    yield (first ? "\n" : ",\n") + objects.join(",\n");
    first = false;
  }
  yield "\n]}\n";
}

/** JSON: { survey, codebook, responses: [{ response: 1, day, …, q1: … }] }, streamed. */
export async function jsonExport(request: Request, params: { id?: string }): Promise<Response> {
  const { plan, headers } = await startExport(request, params, "json");
  return new Response(pullStream(jsonChunks(plan)), { headers });
}

/**
 * XLSX with the sheets "Responses" and "Codebook", written by ExcelJS's streaming writer into a
 * PassThrough that is the response's body: rows are committed as they are made, and the writer
 * waits for the client whenever the PassThrough is full, so a large survey is never all in memory.
 */
export async function xlsxExport(request: Request, params: { id?: string }): Promise<Response> {
  const { plan, headers } = await startExport(request, params, "xlsx");
  const body = new PassThrough();
  void writeXlsx(plan, body).catch((error: unknown) => body.destroy(error instanceof Error ? error : new Error(String(error))));
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, { headers });
}

async function writeXlsx(plan: ExportPlan, out: PassThrough): Promise<void> {
  const t = getT(plan.language, "surveys");
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "Khma";
  const responses = workbook.addWorksheet("Responses", { views: [{ state: "frozen", ySplit: 1 }] });
  responses.columns = plan.columns.map((c) => ({ key: c.code, width: Math.max(10, Math.min(40, c.code.length + 4)) }));
  const header = responses.addRow(plan.columns.map((c) => c.code));
  header.font = { bold: true };
  header.commit();
  for (const rows of exportRows(plan)) {
    if (out.destroyed) return; // the client went away
    for (const cells of rows) responses.addRow(cells.map((c) => c ?? undefined)).commit();
    // Let the zip writer catch up, and wait for the client when it is slower than the database.
    await new Promise((resolve) => setImmediate(resolve));
    if (out.writableNeedDrain) await once(out, "drain");
  }
  responses.commit();
  const sheet = workbook.addWorksheet("Codebook", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [{ width: 18 }, { width: 60 }, { width: 12 }, { width: 60 }];
  const head = sheet.addRow([t("export.codebook.column"), t("export.codebook.question"), t("export.codebook.type"), t("export.codebook.values")]);
  head.font = { bold: true };
  head.commit();
  for (const entry of codebook(plan)) {
    const row = sheet.addRow([entry.code, entry.question, entry.type, valuesText(entry)]);
    row.alignment = { wrapText: true, vertical: "top" };
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
}

// ─── Reading a CSV ───────────────────────────────────────────────────────────────────────

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export type FileError = "noFile" | "tooLarge" | "encoding" | "unreadable" | "noColumns" | "empty";

/** A record of the file: its row number as a spreadsheet shows it (the header is row 1), and its cells. */
type CsvRecord = { row: number; cells: string[] };

/** The delimiter of the header line: Excel writes ";" where the decimal separator is a comma. */
function delimiterOf(text: string): string {
  const end = text.search(/\r|\n/);
  const first = end === -1 ? text : text.slice(0, end);
  const counts = [",", ";", "\t"].map((d) => ({ d, n: first.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ",";
}

/**
 * Reads a CSV with ExcelJS's CSV reader (csv-parse is not installed). The records are taken as
 * plain strings as the parser hands them over and ExcelJS is given nothing to keep: a worksheet
 * of a 10 MB file would take several hundred MB of cells.
 */
export async function readCsv(bytes: Uint8Array): Promise<{ ok: true; records: CsvRecord[] } | { ok: false; error: FileError }> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, error: "encoding" };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes("\u0000")) return { ok: false, error: "unreadable" };
  const workbook = new ExcelJS.Workbook();
  const records: CsvRecord[] = [];
  try {
    await workbook.csv.read(Readable.from([text]), {
      parserOptions: { delimiter: delimiterOf(text) },
      // Called for each cell of each record, before ExcelJS adds the record as the next row: the
      // first cell brings the whole record (Array.prototype.map's third argument). An empty line
      // has no cells but still takes a row, so the row count gives the record's row number.
      map: (_value: unknown, index: number, cells?: unknown) => {
        if (index === 0 && Array.isArray(cells)) records.push({ row: (workbook.worksheets[0]?.rowCount ?? 0) + 1, cells: cells.map((c) => (typeof c === "string" ? c : "")) });
        return undefined;
      },
    } as Partial<ExcelJS.CsvReadOptions>);
  } catch {
    return { ok: false, error: "unreadable" };
  }
  return { ok: true, records };
}

// ─── Importing ───────────────────────────────────────────────────────────────────────────

/** A rejected row: its number in the file, the column or question code, and the error code. */
export type ImportProblem = { row: number; code: string; error: string };

export type ImportResult = { ok: true; imported: number; rejectedRows: number; problems: ImportProblem[] } | { ok: false; error: FileError };

/** At most this many problems are listed; the number of rejected rows is always given. */
export const MAX_PROBLEMS_SHOWN = 500;

type Binding =
  | { kind: "answer" | "other"; question: Question; code: string }
  | { kind: "rank" | "row"; question: Question; option: Option; code: string }
  | { kind: "day" | "ageBand" | "gender" | "district"; code: string };

/** Text as compared: NFC, trimmed, spaces collapsed, lower case (which also turns Mtavruli into Mkhedruli). */
function folded(s: string): string {
  return s.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** Undoes the export's formula escaping ("'=1+1" → "=1+1"). */
function unescapeFormula(s: string): string {
  return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}

/** The columns of the header that mean something for this survey; other columns are ignored. */
function bindHeader(survey: Survey, header: string[]): Map<number, Binding> {
  const byCode = new Map<string, Binding>();
  survey.questions.forEach((question) => {
    const code = questionCode(question);
    if (question.type === "ranking") for (const option of question.options) byCode.set(`${code}_rank_${option.id}`, { kind: "rank", question, option, code });
    else if (question.type === "matrix") for (const option of question.options) byCode.set(`${code}_${option.id}`, { kind: "row", question, option, code });
    else {
      byCode.set(code, { kind: "answer", question, code });
      if (OTHER_TYPES.includes(question.type)) byCode.set(`${code}_other`, { kind: "other", question, code });
    }
  });
  byCode.set("day", { kind: "day", code: "day" });
  if (survey.demographics) {
    byCode.set("age_band", { kind: "ageBand", code: "age_band" });
    byCode.set("gender", { kind: "gender", code: "gender" });
    byCode.set("district", { kind: "district", code: "district" });
  }
  const bound = new Map<number, Binding>();
  const seen = new Set<string>();
  header.forEach((raw, index) => {
    const code = raw.replace(/^\ufeff/, "").trim().toLowerCase();
    const binding = byCode.get(code);
    if (binding && !seen.has(code)) {
      bound.set(index, binding);
      seen.add(code);
    }
  });
  return bound;
}

/** Finds an option by its label in any language (or its id); null when none or more than one match. */
function optionMatcher(question: Question): (value: string) => number | null {
  const byLabel = new Map<string, number | null>();
  for (const o of question.options) {
    for (const label of Object.values(o.label)) {
      if (!label) continue;
      const key = folded(label);
      const known = byLabel.get(key);
      byLabel.set(key, known === undefined || known === o.id ? o.id : null);
    }
  }
  return (value) => {
    const found = byLabel.get(folded(value));
    if (found !== undefined) return found;
    const id = Number(value.trim());
    return question.options.some((o) => o.id === id) ? id : null;
  };
}

/** Matches a value to a key by any of its names, folded. */
function lookup(names: Array<[string, Array<string | undefined>]>): (value: string) => string | null {
  const map = new Map<string, string>();
  for (const [key, list] of names) for (const name of [key, ...list]) if (name) map.set(folded(name), key);
  return (value) => map.get(folded(value)) ?? null;
}

type PreparedRow = { row: number; problems: ImportProblem[]; rows: AnswerRow[]; day: string; ageBand: string | null; gender: string | null; districtId: number | null };

/**
 * Turns the records of a CSV (the first is the header) into responses and stores the valid ones
 * in one transaction, with channel "import" and the staff member who imported them. Each row is
 * turned into the fields the survey's form would send and checked by readAnswers, as a response
 * typed in on the paper page is; a row with any error is rejected and reported.
 */
export function importResponses(survey: Survey, records: CsvRecord[], staffId: number, now = new Date()): ImportResult {
  const [header, ...data] = records;
  if (!header) return { ok: false, error: "empty" };
  const bindings = bindHeader(survey, header.cells);
  if (![...bindings.values()].some((b) => b.kind === "answer" || b.kind === "rank" || b.kind === "row" || b.kind === "other")) return { ok: false, error: "noColumns" };
  const rows = data.filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (rows.length === 0) return { ok: false, error: "empty" };

  const matchers = new Map(survey.questions.map((q) => [q.id, optionMatcher(q)]));
  const codes = new Map(survey.questions.map((q) => [q.id, questionCode(q)]));
  const districts = listDistricts();
  const districtOf = lookup(districts.map((d) => [String(d.id), [d.slug, ...Object.values(d.name)]]));
  const genderOf = lookup(GENDERS.map((g) => [g, LANGUAGES.map((l) => getT(l, "surveys")(`gender.${g}`))]));
  const ageBandOf = lookup(AGE_BANDS.map((a) => [a, []]));
  const todayIs = today(now);

  const prepare = (record: CsvRecord): PreparedRow => {
    const entries: Array<[string, string]> = [];
    const early = new Map<number, string>();
    const problems: ImportProblem[] = [];
    const others = new Set<number>();
    const prepared: PreparedRow = { row: record.row, problems, rows: [], day: todayIs, ageBand: null, gender: null, districtId: null };
    for (const [index, binding] of bindings) {
      const raw = unescapeFormula(record.cells[index] ?? "");
      const value = raw.trim();
      if (value === "") continue;
      switch (binding.kind) {
        case "day": {
          const day = parseDate(value);
          if (day && day <= todayIs) prepared.day = day;
          else problems.push({ row: record.row, code: binding.code, error: "date" });
          break;
        }
        case "ageBand":
        case "gender":
        case "district": {
          const found = (binding.kind === "ageBand" ? ageBandOf : binding.kind === "gender" ? genderOf : districtOf)(value);
          if (found === null) problems.push({ row: record.row, code: binding.code, error: "unknownValue" });
          else if (binding.kind === "ageBand") prepared.ageBand = found;
          else if (binding.kind === "gender") prepared.gender = found;
          else prepared.districtId = Number(found);
          break;
        }
        case "answer": {
          const q = binding.question;
          if (q.type === "single" || q.type === "dropdown" || q.type === "multiple") {
            const match = matchers.get(q.id)!;
            const whole = match(value);
            const parts = whole !== null || q.type !== "multiple" ? [value] : value.split(";").map((p) => p.trim()).filter(Boolean);
            for (const part of parts) {
              const id = whole ?? match(part);
              if (id !== null) entries.push([fieldName.answer(q.id), String(id)]);
              else if (folded(part) === OTHER) others.add(q.id);
              else early.set(q.id, "unknownOption");
            }
          } else entries.push([fieldName.answer(q.id), raw]);
          break;
        }
        case "other":
          others.add(binding.question.id);
          entries.push([fieldName.other(binding.question.id), raw]);
          break;
        case "rank":
          entries.push([fieldName.rank(binding.question.id, binding.option.id), value]);
          break;
        case "row":
          entries.push([fieldName.row(binding.question.id, binding.option.id), value]);
          break;
      }
    }
    for (const id of others) entries.push([fieldName.answer(id), OTHER]);
    const { answers, errors } = readAnswers(survey.questions, entries);
    const visible = visibleQuestionIds(survey.questions, answers);
    for (const q of survey.questions) {
      if (!visible.has(q.id)) continue; // a question the earlier answers skip is neither required nor kept
      const error = early.get(q.id) ?? errors[q.id];
      if (error) problems.push({ row: record.row, code: codes.get(q.id)!, error });
      else if (answers[q.id]) prepared.rows.push(...answerRows(q, answers[q.id]!));
    }
    if (problems.length === 0 && prepared.rows.length === 0) problems.push({ row: record.row, code: "", error: "empty" });
    return prepared;
  };

  const prepared = rows.map(prepare);
  const valid = prepared.filter((p) => p.problems.length === 0);
  const rejected = prepared.filter((p) => p.problems.length > 0);
  getDb().transaction((tx) => {
    for (const p of valid) {
      submitResponse({
        surveyId: survey.id,
        who: null,
        onePerPerson: false,
        anonymous: survey.anonymous,
        userId: null,
        channel: "import",
        enteredBy: staffId,
        day: p.day,
        now,
        demographics: survey.demographics ? { ageBand: p.ageBand, gender: p.gender, districtId: p.districtId } : undefined,
        rows: p.rows,
      });
    }
    recordAudit({ actorId: staffId, action: "survey.imported", targetType: "survey", targetId: survey.id, details: { imported: valid.length, rejected: rejected.length } }, tx);
  });
  return { ok: true, imported: valid.length, rejectedRows: rejected.length, problems: rejected.flatMap((p) => p.problems).slice(0, MAX_PROBLEMS_SHOWN) };
}
