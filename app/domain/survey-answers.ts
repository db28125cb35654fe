// Survey answers: reading one page of the plain HTML form (no JavaScript), checking it against the
// questions, deciding which questions show, storing answers as rows and refilling the form.
// Pure: no database, no clock. Error messages are codes, as in validation.ts.
import { OTHER_TYPES, SURVEY_LIMITS, scalePoints, type AnswerRow, type Question, type QuestionType } from "./surveys";
import { code } from "./validation";

/** One question's answer. JSON-serialisable: a draft keeps it between pages. */
export type Answer =
  | { kind: "choice"; optionIds: number[]; other: string | null }
  | { kind: "num"; value: number }
  | { kind: "text"; value: string }
  | { kind: "ranking"; ranks: Record<number, number> }
  | { kind: "matrix"; rows: Record<number, number> };

/**
 * The error keys readAnswers uses. Some carry a number ("tooLong:200"): tooManyChoices:<max>,
 * tooLong:<max>, atLeast:<min>, atMost:<max>. "between" is used instead of atLeast/atMost when the
 * bound broken is not a whole number (the page shows the bounds with the question).
 */
export const ANSWER_ERRORS = [
  "invalid",
  "required",
  "tooManyChoices",
  "otherText",
  "tooLong",
  "controlCharacters",
  "number",
  "atLeast",
  "atMost",
  "between",
  "date",
  "ranksNotInOrder",
  "matrixIncomplete",
] as const;
export type AnswerErrorKey = (typeof ANSWER_ERRORS)[number];

/** The form's field names for a question. */
export const fieldName = {
  answer: (questionId: number) => `q${questionId}`,
  other: (questionId: number) => `q${questionId}-other`,
  rank: (questionId: number, optionId: number) => `q${questionId}-r${optionId}`,
  row: (questionId: number, rowId: number) => `q${questionId}-m${rowId}`,
};

/** The value the "Other, please say" choice sends. */
export const OTHER = "other";

type AnswerKind = Answer["kind"];

/** The kind of answer each question type takes. */
export function answerKind(type: QuestionType): AnswerKind {
  switch (type) {
    case "single":
    case "multiple":
    case "dropdown":
      return "choice";
    case "scale":
    case "number":
      return "num";
    case "short":
    case "long":
    case "date":
      return "text";
    case "ranking":
      return "ranking";
    case "matrix":
      return "matrix";
  }
}

// ─── Reading a page ──────────────────────────────────────────────────────────────────────

/** A question's submitted fields: `qN`, `qN-other`, and `qN-<suffix>` (r<optionId>, m<rowId>). */
type Fields = { main: unknown[]; other: unknown[]; subs: Map<string, unknown[]> };

const QUESTION_ID = /^[1-9]\d{0,9}$/;

function groupFields(entries: Iterable<[string, unknown]>): Map<number, Fields> {
  const byQuestion = new Map<number, Fields>();
  for (const entry of entries) {
    if (!Array.isArray(entry)) continue;
    const [key, value] = entry as [unknown, unknown];
    if (typeof key !== "string" || !key.startsWith("q")) continue;
    const dash = key.indexOf("-");
    const idPart = dash === -1 ? key.slice(1) : key.slice(1, dash);
    if (!QUESTION_ID.test(idPart)) continue;
    const id = Number(idPart);
    let fields = byQuestion.get(id);
    if (!fields) byQuestion.set(id, (fields = { main: [], other: [], subs: new Map() }));
    if (dash === -1) fields.main.push(value);
    else {
      const suffix = key.slice(dash + 1);
      if (suffix === OTHER) fields.other.push(value);
      else {
        const list = fields.subs.get(suffix);
        if (list) list.push(value);
        else fields.subs.set(suffix, [value]);
      }
    }
  }
  return byQuestion;
}

const NO_FIELDS: Fields = { main: [], other: [], subs: new Map() };

/** An error code, as opposed to a read value. */
class Problem {
  constructor(readonly code: string) {}
}
const INVALID = new Problem("invalid");

/** A field that takes one value: its non-empty value, null when empty, INVALID when not one string. */
function one(values: unknown[]): string | null | Problem {
  let found: string | null = null;
  for (const v of values) {
    if (typeof v !== "string") return INVALID;
    if (v === "") continue;
    if (found !== null) return INVALID;
    found = v;
  }
  return found;
}

// Control, format, private-use and lone surrogate characters, except the zero-width joiner that
// emoji sequences need. A long answer may also hold line breaks and tabs.
const CONTROL = /(?!\u200d)[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u;
const CONTROL_MULTILINE = /(?![\n\t\u200d])[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u;

/** Free text: NFC, trimmed, no control characters, at most `max` characters. "" when empty. */
function cleanText(raw: string, max: number, multiline: boolean): string | Problem {
  if (raw.length > max * 4) return new Problem(code("tooLong", max));
  let s = raw.normalize("NFC");
  if (multiline) s = s.replace(/\r\n?/g, "\n");
  s = s.trim();
  if ((multiline ? CONTROL_MULTILINE : CONTROL).test(s)) return new Problem("controlCharacters");
  if (s.length > max) return new Problem(code("tooLong", max));
  return s;
}

const OPTION_ID = /^[1-9]\d{0,9}$/;

function optionIdOf(question: Question, value: string): number | null {
  if (!OPTION_ID.test(value)) return null;
  const id = Number(value);
  return question.options.some((o) => o.id === id) ? id : null;
}

function scalePointOf(question: Question, value: string): number | null {
  const point = scalePoints(question.settings).find((p) => String(p) === value);
  return point === undefined ? null : point;
}

type Read = Answer | null | Problem;

function readChoice(q: Question, f: Fields): Read {
  const picked: string[] = [];
  for (const v of f.main) {
    if (typeof v !== "string") return INVALID;
    if (v !== "") picked.push(v);
  }
  if (q.type !== "multiple" && picked.length > 1) return INVALID;
  const otherAllowed = Boolean(q.settings.other) && OTHER_TYPES.includes(q.type);
  const chosen = new Set<number>();
  let other = false;
  for (const v of picked) {
    if (v === OTHER && otherAllowed) {
      if (other) return INVALID;
      other = true;
      continue;
    }
    const id = optionIdOf(q, v);
    if (id === null || chosen.has(id)) return INVALID;
    chosen.add(id);
  }
  if (chosen.size === 0 && !other) return null;
  const max = q.type === "multiple" ? q.settings.maxChoices : null;
  if (max && chosen.size + (other ? 1 : 0) > max) return new Problem(code("tooManyChoices", max));
  let otherText: string | null = null;
  if (other) {
    const raw = one(f.other);
    if (raw instanceof Problem) return raw;
    const text = cleanText(raw ?? "", SURVEY_LIMITS.shortText, false);
    if (text instanceof Problem) return text;
    if (text === "") return new Problem("otherText");
    otherText = text;
  }
  return { kind: "choice", optionIds: q.options.filter((o) => chosen.has(o.id)).map((o) => o.id), other: otherText };
}

function readScale(q: Question, f: Fields): Read {
  const v = one(f.main);
  if (v === null || v instanceof Problem) return v;
  const point = scalePointOf(q, v);
  return point === null ? INVALID : { kind: "num", value: point };
}

const NUMBER = /^([+-]?)(\d{1,12})(?:[.,](\d{1,6}))?$/;
const GROUPED = /^[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$/;

/** A number as typed: "12", "-3", "2,5", "2.5", "1 500" (spaces between groups of three digits). */
export function parseNumber(raw: string): number | null {
  let s = raw.trim().replace(/\u2212/g, "-");
  if (GROUPED.test(s)) s = s.replace(/[ \u00a0\u202f]/g, "");
  const m = NUMBER.exec(s);
  if (!m) return null;
  const value = Number(`${m[1]}${m[2]}.${m[3] ?? "0"}`) + 0; // + 0 turns -0 into 0
  return Number.isFinite(value) ? value : null;
}

function readNumber(q: Question, f: Fields): Read {
  const v = one(f.main);
  if (v === null || v instanceof Problem) return v;
  if (v.trim() === "") return null;
  const value = parseNumber(v);
  if (value === null) return new Problem("number");
  const { min, max } = q.settings;
  if (typeof min === "number" && value < min) return new Problem(Number.isInteger(min) ? code("atLeast", min) : "between");
  if (typeof max === "number" && value > max) return new Problem(Number.isInteger(max) ? code("atMost", max) : "between");
  return { kind: "num", value };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A calendar date as YYYY-MM-DD (also accepts DD.MM.YYYY, as typed where a browser has no date picker). */
export function parseDate(raw: string): string | null {
  const s = raw.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const dotted = iso ? null : /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  const parts = iso ? [iso[1], iso[2], iso[3]] : dotted ? [dotted[3], dotted[2], dotted[1]] : null;
  if (!parts) return null;
  const [year, month, day] = parts.map(Number) as [number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function readDate(f: Fields): Read {
  const v = one(f.main);
  if (v === null || v instanceof Problem) return v;
  if (v.trim() === "") return null;
  const date = parseDate(v);
  return date === null ? new Problem("date") : { kind: "text", value: date };
}

function readText(q: Question, f: Fields): Read {
  const v = one(f.main);
  if (v === null || v instanceof Problem) return v;
  const long = q.type === "long";
  const text = cleanText(v, long ? SURVEY_LIMITS.longText : SURVEY_LIMITS.shortText, long);
  if (text instanceof Problem) return text;
  return text === "" ? null : { kind: "text", value: text };
}

/** The `qN-r<optionId>` or `qN-m<rowId>` fields: option id → value. INVALID for an unknown option. */
function perOption(q: Question, f: Fields, prefix: "r" | "m"): Map<number, string> | Problem {
  const found = new Map<number, string>();
  for (const [suffix, values] of f.subs) {
    if (!suffix.startsWith(prefix)) continue;
    const id = optionIdOf(q, suffix.slice(1));
    if (id === null) return INVALID;
    const v = one(values);
    if (v instanceof Problem) return v;
    if (v !== null) found.set(id, v);
  }
  return found;
}

function readRanking(q: Question, f: Fields): Read {
  const given = perOption(q, f, "r");
  if (given instanceof Problem) return given;
  const ranks: Record<number, number> = {};
  const used: number[] = [];
  let outOfRange = false;
  for (const o of q.options) {
    const v = given.get(o.id);
    if (v === undefined) continue;
    if (!/^\d{1,3}$/.test(v)) return INVALID;
    const rank = Number(v);
    if (rank < 1 || rank > q.options.length) outOfRange = true;
    ranks[o.id] = rank;
    used.push(rank);
  }
  if (used.length === 0) return null;
  used.sort((a, b) => a - b);
  if (outOfRange || !used.every((r, i) => r === i + 1)) return new Problem("ranksNotInOrder");
  return { kind: "ranking", ranks };
}

function readMatrix(q: Question, f: Fields): Read {
  const given = perOption(q, f, "m");
  if (given instanceof Problem) return given;
  const rows: Record<number, number> = {};
  let answered = 0;
  for (const o of q.options) {
    const v = given.get(o.id);
    if (v === undefined) continue;
    const point = scalePointOf(q, v);
    if (point === null) return INVALID;
    rows[o.id] = point;
    answered++;
  }
  if (answered === 0) return null;
  if (q.required && answered < q.options.length) return new Problem("matrixIncomplete");
  return { kind: "matrix", rows };
}

function readOne(q: Question, f: Fields): Read {
  switch (q.type) {
    case "single":
    case "multiple":
    case "dropdown":
      return readChoice(q, f);
    case "scale":
      return readScale(q, f);
    case "short":
    case "long":
      return readText(q, f);
    case "number":
      return readNumber(q, f);
    case "date":
      return readDate(f);
    case "ranking":
      return readRanking(q, f);
    case "matrix":
      return readMatrix(q, f);
  }
}

/**
 * Reads and checks the answers to the given questions (the visible questions of the page being
 * submitted) from the form's entries (`formData.entries()`). Unanswered optional questions are
 * absent from `answers`; a question with an error is absent from `answers` and has its code in
 * `errors`. Never throws: a value the form cannot have sent is "invalid".
 */
export function readAnswers(
  questions: Question[],
  entries: Iterable<[string, unknown]>,
): { answers: Record<number, Answer>; errors: Record<number, string> } {
  const fields = groupFields(entries);
  const answers: Record<number, Answer> = {};
  const errors: Record<number, string> = {};
  for (const q of questions) {
    let read: Read;
    try {
      read = readOne(q, fields.get(q.id) ?? NO_FIELDS);
    } catch {
      read = INVALID; // defensive: a malformed question must not break the page
    }
    if (read instanceof Problem) errors[q.id] = read.code;
    else if (read) answers[q.id] = read;
    else if (q.required) errors[q.id] = "required";
  }
  return { answers, errors };
}

/**
 * The submitted values of the given questions' fields, as strings, to refill the page after an
 * error: a question with an error has no Answer to refill from (formValues), but what was typed
 * should stay. Non-string values are dropped; very long values are cut.
 */
export function submittedValues(questions: Question[], entries: Iterable<[string, unknown]>): Record<string, string | string[]> {
  const fields = groupFields(entries);
  const cap = (v: unknown[]) => v.filter((s): s is string => typeof s === "string").map((s) => s.slice(0, SURVEY_LIMITS.longText * 4));
  const values: Record<string, string | string[]> = {};
  for (const q of questions) {
    const f = fields.get(q.id);
    if (!f) continue;
    const main = cap(f.main);
    if (q.type === "multiple") values[fieldName.answer(q.id)] = main.filter(Boolean);
    else if (main.length) values[fieldName.answer(q.id)] = main.find(Boolean) ?? "";
    const other = cap(f.other);
    if (other.length) values[fieldName.other(q.id)] = other.find(Boolean) ?? "";
    const prefix = q.type === "ranking" ? "r" : q.type === "matrix" ? "m" : null;
    if (!prefix) continue;
    for (const [suffix, list] of f.subs) {
      const id = suffix.startsWith(prefix) ? optionIdOf(q, suffix.slice(1)) : null;
      const v = cap(list).find(Boolean);
      if (id !== null && v !== undefined) values[prefix === "r" ? fieldName.rank(q.id, id) : fieldName.row(q.id, id)] = v;
    }
  }
  return values;
}

// ─── Conditions and the final check ─────────────────────────────────────────────────────

/**
 * The questions that show, given the answers so far. Pass every question of the survey: a question
 * with a condition shows when the question it refers to shows and its answer includes one of the
 * condition's options. A condition referring to a missing question (or in a cycle) hides it.
 */
export function visibleQuestionIds(questions: Question[], answers: Record<number, Answer>): Set<number> {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const known = new Map<number, boolean>();
  const visiting = new Set<number>();
  const isVisible = (q: Question): boolean => {
    const cached = known.get(q.id);
    if (cached !== undefined) return cached;
    let result = true;
    if (q.condition) {
      const ref = byId.get(q.condition.questionId);
      if (!ref || visiting.has(ref.id) || ref.id === q.id) result = false;
      else {
        visiting.add(q.id);
        const refVisible = isVisible(ref);
        visiting.delete(q.id);
        const a = answers[ref.id];
        const optionIds = q.condition.optionIds;
        result = refVisible && a?.kind === "choice" && Array.isArray(a.optionIds) && a.optionIds.some((id) => optionIds.includes(id));
      }
    }
    known.set(q.id, result);
    return result;
  };
  return new Set(questions.filter(isVisible).map((q) => q.id));
}

/** Whether an answer counts as an answer to the question (of the right kind, not empty; a required matrix complete). */
export function isAnswered(question: Question, answer: Answer | undefined): boolean {
  if (!answer || answer.kind !== answerKind(question.type)) return false;
  switch (answer.kind) {
    case "choice":
      return answer.optionIds.length > 0 || answer.other !== null;
    case "num":
      return Number.isFinite(answer.value);
    case "text":
      return answer.value !== "";
    case "ranking":
      return Object.keys(answer.ranks).length > 0;
    case "matrix":
      return question.required ? question.options.every((o) => answer.rows[o.id] !== undefined) : Object.keys(answer.rows).length > 0;
  }
}

/** Required questions that show but have no answer, in the order given (the final check on submit). */
export function missingRequired(questions: Question[], answers: Record<number, Answer>): number[] {
  const visible = visibleQuestionIds(questions, answers);
  return questions.filter((q) => q.required && visible.has(q.id) && !isAnswered(q, answers[q.id])).map((q) => q.id);
}

// ─── Storing and refilling ──────────────────────────────────────────────────────────────

function row(questionId: number, fields: Partial<Omit<AnswerRow, "questionId">>): AnswerRow {
  return { questionId, optionId: null, rowId: null, num: null, text: null, ...fields };
}

/**
 * How an answer is stored: a choice → one row per option ({optionId}) and Other → {text} with no
 * option; scale and number → {num}; text and date → {text}; ranking → one row per ranked option
 * {optionId, num: rank}, by rank; matrix → one row per answered row {rowId, num: point}. An answer
 * of the wrong kind for the question gives no rows.
 */
export function answerRows(question: Question, answer: Answer): AnswerRow[] {
  if (answer.kind !== answerKind(question.type)) return [];
  const id = question.id;
  switch (answer.kind) {
    case "choice": {
      const rows = answer.optionIds.map((optionId) => row(id, { optionId }));
      if (answer.other !== null) rows.push(row(id, { text: answer.other }));
      return rows;
    }
    case "num":
      return [row(id, { num: answer.value })];
    case "text":
      return [row(id, { text: answer.value })];
    case "ranking":
      return Object.entries(answer.ranks)
        .map(([optionId, rank]) => ({ optionId: Number(optionId), rank }))
        .sort((a, b) => a.rank - b.rank || a.optionId - b.optionId)
        .map(({ optionId, rank }) => row(id, { optionId, num: rank }));
    case "matrix":
      return question.options.filter((o) => answer.rows[o.id] !== undefined).map((o) => row(id, { rowId: o.id, num: answer.rows[o.id] ?? null }));
  }
}

/** The form values that show an answer again (going back a page, or after another question's error). */
export function formValues(question: Question, answer: Answer | undefined): Record<string, string | string[]> {
  if (!answer || answer.kind !== answerKind(question.type)) return {};
  const id = question.id;
  const values: Record<string, string | string[]> = {};
  switch (answer.kind) {
    case "choice": {
      const chosen = answer.optionIds.map(String);
      if (answer.other !== null) {
        chosen.push(OTHER);
        values[fieldName.other(id)] = answer.other;
      }
      values[fieldName.answer(id)] = question.type === "multiple" ? chosen : (chosen[0] ?? "");
      break;
    }
    case "num":
    case "text":
      values[fieldName.answer(id)] = String(answer.value);
      break;
    case "ranking":
      for (const [optionId, rank] of Object.entries(answer.ranks)) values[fieldName.rank(id, Number(optionId))] = String(rank);
      break;
    case "matrix":
      for (const [rowId, point] of Object.entries(answer.rows)) values[fieldName.row(id, Number(rowId))] = String(point);
      break;
  }
  return values;
}
