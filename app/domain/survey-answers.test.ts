// Reading a survey page sent by a plain HTML form: every question type, every error code,
// conditions, the final required check, stored rows, refilling the form, and malformed input.
import { describe, expect, it } from "vitest";
import {
  ANSWER_ERRORS,
  answerRows,
  formValues,
  isAnswered,
  missingRequired,
  readAnswers,
  submittedValues,
  visibleQuestionIds,
  type Answer,
} from "./survey-answers";
import type { Question, QuestionSettings, QuestionType } from "./surveys";
import { prng } from "./tally/random.test-helper";

function question(id: number, type: QuestionType, extra: Partial<Question> = {}): Question {
  return { id, sectionId: 1, position: id, type, text: { ka: `კითხვა ${id}` }, help: {}, required: false, settings: {}, condition: null, options: [], ...extra };
}
const options = (...ids: number[]) => ids.map((id, position) => ({ id, label: { ka: `პასუხი ${id}` }, position }));
const settings = (s: QuestionSettings) => ({ settings: s });

const single = question(1, "single", { options: options(11, 12, 13), ...settings({ other: true }) });
const dropdown = question(2, "dropdown", { options: options(21, 22) });
const multiple = question(3, "multiple", { options: options(31, 32, 33, 34), ...settings({ maxChoices: 2, other: true }) });
const scale5 = question(4, "scale", settings({ scale: "1-5" }));
const scale10 = question(5, "scale", settings({ scale: "0-10" }));
const short = question(6, "short");
const long = question(7, "long");
const number = question(8, "number", settings({ min: 0, max: 10 }));
const fractional = question(9, "number", settings({ min: 0.5, max: 2.5 }));
const unbounded = question(10, "number", settings({ min: -5, max: null }));
const date = question(11, "date");
const ranking = question(12, "ranking", { options: options(121, 122, 123) });
const matrix = question(13, "matrix", { options: options(131, 132), ...settings({ scale: "1-5" }) });
const singleNoOther = question(14, "single", { options: options(141, 142) });
const ALL = [single, dropdown, multiple, scale5, scale10, short, long, number, fractional, unbounded, date, ranking, matrix, singleNoOther];

const required = (q: Question): Question => ({ ...q, required: true });
type Entries = Array<[string, unknown]>;

function read(q: Question, entries: Entries) {
  const { answers, errors } = readAnswers([q], entries);
  return { answer: answers[q.id], error: errors[q.id] };
}

/** formValues as the entries a browser would send. */
function entriesOf(values: Record<string, string | string[]>): Entries {
  return Object.entries(values).flatMap(([k, v]) => (Array.isArray(v) ? v.map((s): [string, string] => [k, s]) : [[k, v] as [string, string]]));
}

const choice = (optionIds: number[], other: string | null = null): Answer => ({ kind: "choice", optionIds, other });
const num = (value: number): Answer => ({ kind: "num", value });
const text = (value: string): Answer => ({ kind: "text", value });

describe("readAnswers: each type", () => {
  it("single: an option, or Other with its text", () => {
    expect(read(single, [["q1", "12"]])).toEqual({ answer: choice([12]) });
    expect(read(single, [["q1", "other"], ["q1-other", "  ველოსიპედით  "]])).toEqual({ answer: choice([], "ველოსიპედით") });
    // The text box is sent even when another option is chosen: it is ignored then.
    expect(read(single, [["q1", "11"], ["q1-other", "typed, then changed my mind"]])).toEqual({ answer: choice([11]) });
  });

  it("dropdown: an option; the empty placeholder is no answer", () => {
    expect(read(dropdown, [["q2", "22"]])).toEqual({ answer: choice([22]) });
    expect(read(dropdown, [["q2", ""]])).toEqual({});
    expect(read(required(dropdown), [["q2", ""]])).toEqual({ error: "required" });
  });

  it("multiple: options in the question's order, with Other", () => {
    expect(read(multiple, [["q3", "33"], ["q3", "31"]])).toEqual({ answer: choice([31, 33]) });
    expect(read(multiple, [["q3", "other"], ["q3", "32"], ["q3-other", "სხვა"]])).toEqual({ answer: choice([32], "სხვა") });
    expect(read({ ...multiple, settings: { maxChoices: null } }, [["q3", "31"], ["q3", "32"], ["q3", "33"], ["q3", "34"]])).toEqual({ answer: choice([31, 32, 33, 34]) });
  });

  it("scale: 1–5 and 0–10", () => {
    expect(read(scale5, [["q4", "5"]])).toEqual({ answer: num(5) });
    expect(read(scale10, [["q5", "0"]])).toEqual({ answer: num(0) });
    expect(read(scale10, [["q5", "10"]])).toEqual({ answer: num(10) });
  });

  it("short and long text: trimmed, NFC, line breaks only in long answers", () => {
    expect(read(short, [["q6", "  e\u0301  "]])).toEqual({ answer: text("\u00e9") });
    expect(read(short, [["q6", "👩‍⚕️ ექიმი"]])).toEqual({ answer: text("👩‍⚕️ ექიმი") });
    expect(read(short, [["q6", "x".repeat(200)]]).answer).toEqual(text("x".repeat(200)));
    expect(read(long, [["q7", "პირველი\r\nმეორე\tსვეტი\n"]])).toEqual({ answer: text("პირველი\nმეორე\tსვეტი") });
    expect(read(long, [["q7", "x".repeat(5000)]]).answer).toEqual(text("x".repeat(5000)));
    expect(read(short, [["q6", "   "]])).toEqual({});
  });

  it("number: as typed, a comma as decimal separator, spaces between thousands, bounds included", () => {
    expect(read(number, [["q8", "7"]])).toEqual({ answer: num(7) });
    expect(read(number, [["q8", " 2,5 "]])).toEqual({ answer: num(2.5) });
    expect(read(number, [["q8", "0"]])).toEqual({ answer: num(0) });
    expect(read(number, [["q8", "10"]])).toEqual({ answer: num(10) });
    expect(read(number, [["q8", "-0"]]).answer).toEqual(num(0));
    expect(Object.is((read(number, [["q8", "-0"]]).answer as { value: number }).value, 0)).toBe(true);
    expect(read(unbounded, [["q10", "1 500"]])).toEqual({ answer: num(1500) });
    expect(read(unbounded, [["q10", "−5"]])).toEqual({ answer: num(-5) });
    expect(read(fractional, [["q9", "0,5"]])).toEqual({ answer: num(0.5) });
    expect(read(fractional, [["q9", "2.5"]])).toEqual({ answer: num(2.5) });
  });

  it("date: a real calendar date, also typed as DD.MM.YYYY", () => {
    expect(read(date, [["q11", "2024-02-29"]])).toEqual({ answer: text("2024-02-29") });
    expect(read(date, [["q11", "9.3.2025"]])).toEqual({ answer: text("2025-03-09") });
    expect(read(date, [["q11", "2000-02-29"]])).toEqual({ answer: text("2000-02-29") });
  });

  it("ranking: ranks 1..k, unranked items left empty", () => {
    expect(read(ranking, [["q12-r121", "2"], ["q12-r122", "1"], ["q12-r123", ""]])).toEqual({ answer: { kind: "ranking", ranks: { 121: 2, 122: 1 } } });
    expect(read(ranking, [["q12-r121", "3"], ["q12-r122", "1"], ["q12-r123", "2"]])).toEqual({ answer: { kind: "ranking", ranks: { 121: 3, 122: 1, 123: 2 } } });
    expect(read(ranking, [["q12-r121", ""]])).toEqual({});
    expect(read(required(ranking), [["q12-r121", "1"]])).toEqual({ answer: { kind: "ranking", ranks: { 121: 1 } } });
  });

  it("matrix: a scale point per row; an optional matrix may be partly answered", () => {
    expect(read(required(matrix), [["q13-m131", "5"], ["q13-m132", "1"]])).toEqual({ answer: { kind: "matrix", rows: { 131: 5, 132: 1 } } });
    expect(read(matrix, [["q13-m132", "3"], ["q13-m131", ""]])).toEqual({ answer: { kind: "matrix", rows: { 132: 3 } } });
  });

  it("leaves out unanswered optional questions, ignores unknown fields and questions not asked", () => {
    const { answers, errors } = readAnswers(
      [single, short, ranking],
      [
        ["csrf", "token"],
        ["q1-foo", "x"],
        ["q99", "12"],
        ["q2", "21"],
        ["q6-other", "x"],
        ["q12", "1"],
        ["q01", "12"],
        ["q", "12"],
      ],
    );
    expect(answers).toEqual({});
    expect(errors).toEqual({});
  });

  it("reads a whole page at once", () => {
    const { answers, errors } = readAnswers(
      [required(single), short, required(number), date],
      [
        ["q1", "13"],
        ["q6", "კარგია"],
        ["q8", "11"],
      ],
    );
    expect(answers).toEqual({ 1: choice([13]), 6: text("კარგია") });
    expect(errors).toEqual({ 8: "atMost:10" });
  });
});

describe("readAnswers: error codes", () => {
  const file = new File(["x"], "x.txt");
  const cases: Array<[string, Question, Entries, string]> = [
    ["an option of another question", single, [["q1", "21"]], "invalid"],
    ["a File instead of a string", single, [["q1", file]], "invalid"],
    ["two values for a single choice", single, [["q1", "11"], ["q1", "12"]], "invalid"],
    ["Other where the question has none", singleNoOther, [["q14", "other"], ["q14-other", "x"]], "invalid"],
    ["Other in a dropdown", { ...dropdown, settings: { other: true } }, [["q2", "other"], ["q2-other", "x"]], "invalid"],
    ["an option id with a leading zero", single, [["q1", "011"]], "invalid"],
    ["the same option twice", multiple, [["q3", "31"], ["q3", "31"]], "invalid"],
    ["a File for the Other text", single, [["q1", "other"], ["q1-other", file]], "invalid"],
    ["a point off the scale", scale5, [["q4", "0"]], "invalid"],
    ["a scale point with spaces", scale5, [["q4", " 3"]], "invalid"],
    ["two texts", short, [["q6", "a"], ["q6", "b"]], "invalid"],
    ["a File as text", long, [["q7", file]], "invalid"],
    ["a rank that is not a number", ranking, [["q12-r121", "abc"]], "invalid"],
    ["a rank for an unknown option", ranking, [["q12-r999", "1"]], "invalid"],
    ["a matrix row that is not the question's", matrix, [["q13-m999", "1"]], "invalid"],
    ["a matrix point off the scale", matrix, [["q13-m131", "6"]], "invalid"],
    ["nothing chosen", required(single), [], "required"],
    ["an empty text", required(short), [["q6", "  "]], "required"],
    ["no rank", required(ranking), [["q12-r121", ""]], "required"],
    ["no matrix row", required(matrix), [], "required"],
    ["no number", required(number), [["q8", ""]], "required"],
    ["too many choices", multiple, [["q3", "31"], ["q3", "32"], ["q3", "33"]], "tooManyChoices:2"],
    ["Other counts as a choice", multiple, [["q3", "31"], ["q3", "32"], ["q3", "other"], ["q3-other", "x"]], "tooManyChoices:2"],
    ["Other without its text", single, [["q1", "other"], ["q1-other", "   "]], "otherText"],
    ["Other without a text field", multiple, [["q3", "other"]], "otherText"],
    ["a long Other text", single, [["q1", "other"], ["q1-other", "x".repeat(201)]], "tooLong:200"],
    ["a long short answer", short, [["q6", "x".repeat(201)]], "tooLong:200"],
    ["a long long answer", long, [["q7", "x".repeat(5001)]], "tooLong:5000"],
    ["a huge answer", long, [["q7", "x".repeat(1_000_000)]], "tooLong:5000"],
    ["a control character", short, [["q6", "a\u0007b"]], "controlCharacters"],
    ["a line break in a short answer", short, [["q6", "a\nb"]], "controlCharacters"],
    ["a right-to-left override", long, [["q7", "abc\u202edcba"]], "controlCharacters"],
    ["a lone surrogate", short, [["q6", "a\ud800b"]], "controlCharacters"],
    ["a control character in Other", single, [["q1", "other"], ["q1-other", "a\u0000"]], "controlCharacters"],
    ["words for a number", number, [["q8", "five"]], "number"],
    ["an exponent", number, [["q8", "1e3"]], "number"],
    ["two decimal separators", number, [["q8", "1,2,3"]], "number"],
    ["seven decimals", number, [["q8", "1.1234567"]], "number"],
    ["below the minimum", number, [["q8", "-1"]], "atLeast:0"],
    ["below a negative minimum", unbounded, [["q10", "-5,5"]], "atLeast:-5"],
    ["above the maximum", number, [["q8", "10.5"]], "atMost:10"],
    ["below a fractional minimum", fractional, [["q9", "0,4"]], "between"],
    ["above a fractional maximum", fractional, [["q9", "3"]], "between"],
    ["an impossible date", date, [["q11", "2023-02-29"]], "date"],
    ["the 31st of April", date, [["q11", "2024-04-31"]], "date"],
    ["month 13", date, [["q11", "2024-13-01"]], "date"],
    ["a word for a date", date, [["q11", "tomorrow"]], "date"],
    ["a gap in the ranks", ranking, [["q12-r121", "1"], ["q12-r122", "3"]], "ranksNotInOrder"],
    ["a repeated rank", ranking, [["q12-r121", "1"], ["q12-r122", "1"]], "ranksNotInOrder"],
    ["a rank above k", ranking, [["q12-r121", "4"], ["q12-r122", "1"], ["q12-r123", "2"]], "ranksNotInOrder"],
    ["rank 0", ranking, [["q12-r121", "0"]], "ranksNotInOrder"],
    ["a required matrix with a row left", required(matrix), [["q13-m131", "2"]], "matrixIncomplete"],
  ];

  it.each(cases)("%s", (_, q, entries, expected) => {
    expect(read(q, entries)).toEqual({ error: expected });
  });

  it("the cases above use every error code, and only those", () => {
    const used = new Set(cases.map(([, , , c]) => c.split(":")[0]));
    expect([...used].sort()).toEqual([...ANSWER_ERRORS].sort());
  });
});

describe("visibleQuestionIds", () => {
  // A → B → C: B shows when A is 1001; C shows when B is 1011.
  const a = question(100, "single", { options: options(1001, 1002) });
  const b = question(101, "single", { options: options(1011, 1012), condition: { questionId: 100, optionIds: [1001] } });
  const c = question(102, "short", { required: true, condition: { questionId: 101, optionIds: [1011] } });
  const chain = [a, b, c];

  it("shows questions without a condition, and conditional ones once their condition is met", () => {
    expect(visibleQuestionIds(chain, {})).toEqual(new Set([100]));
    expect(visibleQuestionIds(chain, { 100: choice([1001]) })).toEqual(new Set([100, 101]));
    expect(visibleQuestionIds(chain, { 100: choice([1001]), 101: choice([1011]) })).toEqual(new Set([100, 101, 102]));
    expect(visibleQuestionIds(chain, { 100: choice([1001]), 101: choice([1012]) })).toEqual(new Set([100, 101]));
  });

  it("hides C when B is hidden, even with B's old answer still in the draft", () => {
    expect(visibleQuestionIds(chain, { 100: choice([1002]), 101: choice([1011]), 102: text("x") })).toEqual(new Set([100]));
  });

  it("matches any one of the condition's options, in a multiple-choice answer too", () => {
    const m = question(200, "multiple", { options: options(2001, 2002, 2003) });
    const d = question(201, "short", { condition: { questionId: 200, optionIds: [2002, 2003] } });
    expect(visibleQuestionIds([m, d], { 200: choice([2001, 2003]) }).has(201)).toBe(true);
    expect(visibleQuestionIds([m, d], { 200: choice([2001], "other") }).has(201)).toBe(false);
  });

  it("hides a question whose condition refers to a missing question, a non-choice answer, or itself", () => {
    const orphan = question(300, "short", { condition: { questionId: 999, optionIds: [1] } });
    const onText = question(301, "short", { condition: { questionId: 6, optionIds: [1] } });
    const self = question(302, "single", { options: options(3021), condition: { questionId: 302, optionIds: [3021] } });
    const loopA = question(303, "single", { options: options(3031), condition: { questionId: 304, optionIds: [3041] } });
    const loopB = question(304, "single", { options: options(3041), condition: { questionId: 303, optionIds: [3031] } });
    const visible = visibleQuestionIds([short, orphan, onText, self, loopA, loopB], { 6: text("1"), 302: choice([3021]), 303: choice([3031]), 304: choice([3041]) });
    expect(visible).toEqual(new Set([6]));
  });

  it("does not depend on the order the questions are given in", () => {
    const answers = { 100: choice([1001]), 101: choice([1011]) };
    expect(visibleQuestionIds([c, b, a], answers)).toEqual(visibleQuestionIds(chain, answers));
  });
});

describe("missingRequired", () => {
  // Section 1: A (required), B (required, shows when A is 1001). Section 2: C (required, shows
  // when B is 1011), a required matrix, an optional text.
  const a = question(100, "single", { required: true, options: options(1001, 1002) });
  const b = question(101, "single", { required: true, options: options(1011, 1012), condition: { questionId: 100, optionIds: [1001] } });
  const c = question(102, "short", { sectionId: 2, required: true, condition: { questionId: 101, optionIds: [1011] } });
  const m = question(103, "matrix", { sectionId: 2, required: true, options: options(1031, 1032), settings: { scale: "1-5" } });
  const e = question(104, "long", { sectionId: 2 });
  const survey = [a, b, c, m, e];

  it("lists required visible questions without an answer, across sections, in order", () => {
    expect(missingRequired(survey, {})).toEqual([100, 103]);
    expect(missingRequired(survey, { 100: choice([1001]) })).toEqual([101, 103]);
    expect(missingRequired(survey, { 100: choice([1001]), 101: choice([1011]) })).toEqual([102, 103]);
    expect(missingRequired(survey, { 100: choice([1002]), 103: { kind: "matrix", rows: { 1031: 1, 1032: 5 } } })).toEqual([]);
  });

  it("does not count a partly answered required matrix, an empty answer, or an answer of the wrong kind", () => {
    const answers: Record<number, Answer> = { 100: choice([]), 103: { kind: "matrix", rows: { 1031: 1 } } };
    expect(missingRequired(survey, answers)).toEqual([100, 103]);
    expect(missingRequired(survey, { 100: text("1001"), 103: { kind: "matrix", rows: { 1031: 1, 1032: 2 } } })).toEqual([100]);
  });

  it("accepts answers that went through JSON (a draft)", () => {
    const answers = JSON.parse(JSON.stringify({ 100: choice([1001]), 101: choice([1011]), 102: text("x"), 103: { kind: "matrix", rows: { 1031: 1, 1032: 2 } } }));
    expect(missingRequired(survey, answers)).toEqual([]);
  });
});

describe("answerRows", () => {
  const row = (questionId: number, fields: object) => ({ questionId, optionId: null, rowId: null, num: null, text: null, ...fields });

  it("stores each type in its shape", () => {
    expect(answerRows(single, choice([12]))).toEqual([row(1, { optionId: 12 })]);
    expect(answerRows(single, choice([], "სხვა"))).toEqual([row(1, { text: "სხვა" })]);
    expect(answerRows(multiple, choice([31, 33], "x"))).toEqual([row(3, { optionId: 31 }), row(3, { optionId: 33 }), row(3, { text: "x" })]);
    expect(answerRows(dropdown, choice([21]))).toEqual([row(2, { optionId: 21 })]);
    expect(answerRows(scale10, num(0))).toEqual([row(5, { num: 0 })]);
    expect(answerRows(number, num(2.5))).toEqual([row(8, { num: 2.5 })]);
    expect(answerRows(short, text("კარგი"))).toEqual([row(6, { text: "კარგი" })]);
    expect(answerRows(long, text("a\nb"))).toEqual([row(7, { text: "a\nb" })]);
    expect(answerRows(date, text("2024-02-29"))).toEqual([row(11, { text: "2024-02-29" })]);
    expect(answerRows(ranking, { kind: "ranking", ranks: { 121: 2, 122: 1 } })).toEqual([row(12, { optionId: 122, num: 1 }), row(12, { optionId: 121, num: 2 })]);
    expect(answerRows(matrix, { kind: "matrix", rows: { 132: 1, 131: 5 } })).toEqual([row(13, { rowId: 131, num: 5 }), row(13, { rowId: 132, num: 1 })]);
  });

  it("gives no rows for an answer of the wrong kind", () => {
    expect(answerRows(single, text("12"))).toEqual([]);
    expect(answerRows(ranking, num(1))).toEqual([]);
  });
});

describe("formValues", () => {
  it("gives the fields that show the answer again", () => {
    expect(formValues(single, choice([12]))).toEqual({ q1: "12" });
    expect(formValues(single, choice([], "სხვა"))).toEqual({ q1: "other", "q1-other": "სხვა" });
    expect(formValues(multiple, choice([31, 33], "x"))).toEqual({ q3: ["31", "33", "other"], "q3-other": "x" });
    expect(formValues(scale5, num(4))).toEqual({ q4: "4" });
    expect(formValues(number, num(2.5))).toEqual({ q8: "2.5" });
    expect(formValues(date, text("2024-02-29"))).toEqual({ q11: "2024-02-29" });
    expect(formValues(ranking, { kind: "ranking", ranks: { 121: 2, 122: 1 } })).toEqual({ "q12-r121": "2", "q12-r122": "1" });
    expect(formValues(matrix, { kind: "matrix", rows: { 131: 5 } })).toEqual({ "q13-m131": "5" });
    expect(formValues(single, undefined)).toEqual({});
    expect(formValues(single, num(1))).toEqual({});
  });

  const roundTrips: Array<[Question, Answer]> = [
    [single, choice([13])],
    [single, choice([], "ველოსიპედი")],
    [dropdown, choice([21])],
    [multiple, choice([32])],
    [multiple, choice([31, 34])],
    [multiple, choice([33], "x, y")],
    [{ ...multiple, settings: { other: true, maxChoices: null } }, choice([31, 32, 33, 34], "ყველა")],
    [scale5, num(1)],
    [scale10, num(0)],
    [scale10, num(10)],
    [short, text("ქ. რუსთავი, მე-7 მ/რ")],
    [long, text("პირველი\nმეორე\n\n\tმესამე")],
    [number, num(0)],
    [number, num(10)],
    [number, num(3.141593)],
    [unbounded, num(-5)],
    [unbounded, num(123456789012.125)],
    [unbounded, num(Number("123456789012.123456"))],
    [unbounded, num(0.000001)],
    [fractional, num(0.5)],
    [date, text("2024-02-29")],
    [date, text("0001-01-01")],
    [ranking, { kind: "ranking", ranks: { 123: 1 } }],
    [ranking, { kind: "ranking", ranks: { 121: 3, 122: 1, 123: 2 } }],
    [matrix, { kind: "matrix", rows: { 131: 1 } }],
    [required(matrix), { kind: "matrix", rows: { 131: 1, 132: 5 } }],
  ];

  it.each(roundTrips)("round trip %#: readAnswers(formValues(x)) = x, through JSON too", (q, x) => {
    expect(readAnswers([q], entriesOf(formValues(q, x)))).toEqual({ answers: { [q.id]: x }, errors: {} });
    const draft = JSON.parse(JSON.stringify(x)) as Answer;
    expect(readAnswers([q], entriesOf(formValues(q, draft))).answers[q.id]).toEqual(x);
  });
});

describe("submittedValues", () => {
  it("keeps what was typed for questions with errors, and drops files", () => {
    const entries: Entries = [
      ["q8", "twelve"],
      ["q6", "x".repeat(250)],
      ["q3", "31"],
      ["q3", "32"],
      ["q3", "33"],
      ["q1", new File(["x"], "x")],
      ["q12-r121", "abc"],
      ["q12-r999", "1"],
      ["q13-m131", "4"],
      ["other", "x"],
    ];
    expect(submittedValues([number, short, multiple, single, ranking, matrix], entries)).toEqual({
      q8: "twelve",
      q6: "x".repeat(250),
      q3: ["31", "32", "33"],
      "q12-r121": "abc",
      "q13-m131": "4",
    });
  });
});

describe("malformed input", () => {
  const strange = [
    "",
    " ",
    "other",
    "0",
    "1",
    "5",
    "10",
    "-1",
    "2,5",
    "1e3",
    "NaN",
    "Infinity",
    "2024-02-29",
    "29.02.2023",
    "__proto__",
    "constructor",
    "\u0000",
    "\ud800",
    "a\u202eb",
    "x".repeat(6000),
    "ქართული",
  ];
  const keysFor = (q: Question) => [
    `q${q.id}`,
    `q${q.id}-other`,
    `q${q.id}-`,
    `q${q.id}-r`,
    `q${q.id}-m`,
    `q${q.id}-rabc`,
    `q${q.id}-r999`,
    `q${q.id}-m999`,
    ...q.options.flatMap((o) => [`q${q.id}-r${o.id}`, `q${q.id}-m${o.id}`]),
  ];
  const keys = [...ALL.flatMap(keysFor), "q0", "q", "q-1", "q99999999999", "__proto__", "constructor", ""];
  const optionValues = ALL.flatMap((q) => q.options.map((o) => String(o.id)));

  function randomValue(random: () => number): unknown {
    const x = random();
    if (x < 0.35) return optionValues[Math.floor(random() * optionValues.length)];
    if (x < 0.7) return strange[Math.floor(random() * strange.length)];
    if (x < 0.8) return String(Math.floor(random() * 40) - 10);
    if (x < 0.9) return Array.from({ length: Math.floor(random() * 8) }, () => String.fromCharCode(Math.floor(random() * 0x10000))).join("");
    return [new File(["x"], "x.txt"), null, undefined, 5, {}, [], Symbol("s"), true, 1n][Math.floor(random() * 9)];
  }

  it("2,000 random forms: no throw, only known codes, and every answer read back survives a round trip", () => {
    const random = prng(1207);
    const known = new Set<string>(ANSWER_ERRORS);
    for (let n = 0; n < 2000; n++) {
      const questions = ALL.map((q) => ({ ...q, required: random() < 0.5 }));
      const entries: Entries = Array.from({ length: Math.floor(random() * 20) }, () => [keys[Math.floor(random() * keys.length)]!, randomValue(random)]);
      const junk = (random() < 0.05 ? [null, "q1", [], [5, "1"]] : []) as unknown as Entries;
      let result!: ReturnType<typeof readAnswers>;
      expect(() => (result = readAnswers(questions, [...entries, ...junk]))).not.toThrow();
      for (const [id, c] of Object.entries(result.errors)) {
        const [key, count, ...rest] = c.split(":");
        expect(known.has(key!), `${c} for q${id}`).toBe(true);
        expect(rest).toEqual([]);
        if (count !== undefined) expect(Number.isFinite(Number(count))).toBe(true);
        expect(result.answers[Number(id)]).toBeUndefined();
      }
      for (const q of questions) {
        const a = result.answers[q.id];
        if (!a) continue;
        expect(isAnswered(q, a)).toBe(true);
        expect(answerRows(q, a).length).toBeGreaterThan(0);
        expect(readAnswers([q], entriesOf(formValues(q, JSON.parse(JSON.stringify(a)) as Answer)))).toEqual({ answers: { [q.id]: a }, errors: {} });
      }
      expect(() => missingRequired(questions, result.answers)).not.toThrow();
      expect(() => submittedValues(questions, entries)).not.toThrow();
    }
  });
});
