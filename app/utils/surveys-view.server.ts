// What the survey pages share: finding a survey a person may see.
import crypto from "node:crypto";
import { createCookie, json, redirect } from "@remix-run/node";
import { toLocalTime } from "~/domain/rounds";
import { scalePoints, type Question } from "~/domain/surveys";
import { pick } from "~/domain/translated";
import { getMunicipality } from "~/models/municipality.server";
import type { ShownQuestion } from "~/ui/survey-question";
import { env } from "~/utils/env.server";
import { answerRows, missingRequired, visibleQuestionIds, type Answer } from "~/domain/survey-answers";
import { getDraft, getSurvey, submitResponse, type Survey } from "~/models/surveys.server";
import type { User } from "~/models/users.server";
import { isStaff } from "~/utils/session.server";

export function surveyIdFrom(params: { id?: string }): number {
  if (!/^[1-9]\d{0,9}$/.test(params.id ?? "")) throw json({ reason: "notFound" }, { status: 404 });
  return Number(params.id);
}

/** A published survey, or any survey for staff (as a preview). 404 otherwise. */
export function visibleSurvey(id: number, user: User | null): { survey: Survey; preview: boolean } {
  const survey = getSurvey(id);
  if (!survey) throw json({ reason: "notFound" }, { status: 404 });
  if (!survey.published && !(user && isStaff(user.role))) throw json({ reason: "notFound" }, { status: 404 });
  return { survey, preview: !survey.published };
}

/** A question's texts in one language, for the answer form. */
export function shownQuestion(q: Question, language: string): ShownQuestion {
  return {
    id: q.id,
    type: q.type,
    text: pick(q.text, language),
    help: pick(q.help, language),
    required: q.required,
    options: q.options.map((o) => ({ id: o.id, label: pick(o.label, language) })),
    points: scalePoints(q.settings),
    minLabel: pick(q.settings.minLabel, language),
    maxLabel: pick(q.settings.maxLabel, language),
    other: Boolean(q.settings.other),
    maxChoices: q.settings.maxChoices ?? null,
    min: q.settings.min ?? null,
    max: q.settings.max ?? null,
  };
}

/**
 * Without an account, one response per browser: a random token in a signed cookie. Only its hash
 * is stored, and only to stop a second response (the page says so).
 */
export const respondentCookie = createCookie("khma_respondent", {
  path: "/surveys",
  httpOnly: true,
  sameSite: "lax",
  secure: env.isProduction,
  secrets: [env.SESSION_SECRET],
  maxAge: 60 * 60 * 24 * 400,
});

export async function respondentKey(request: Request, user: User | null): Promise<{ who: string; setCookie: string | null }> {
  if (user) return { who: `u:${user.id}`, setCookie: null };
  const existing: unknown = await respondentCookie.parse(request.headers.get("Cookie"));
  const token = typeof existing === "string" && /^[A-Za-z0-9_-]{43}$/.test(existing) ? existing : crypto.randomBytes(32).toString("base64url");
  const who = `b:${crypto.createHash("sha256").update(token).digest("base64url")}`;
  return { who, setCookie: token === existing ? null : await respondentCookie.serialize(token) };
}

/** Today in the municipality's time zone, YYYY-MM-DD: the finest time an anonymous response keeps. */
export function today(now = new Date()): string {
  return toLocalTime(now, getMunicipality().timeZone).slice(0, 10);
}

/** Whether this person may answer: null when they may, else why not. */
export function answerRefusal(survey: Survey, user: User | null): "signIn" | "verifiedOnly" | null {
  if (survey.audience === "anyone") return null;
  if (!user) return "signIn";
  if (survey.audience === "verified" && !user.verifiedAt) return "verifiedOnly";
  return null;
}

export type Draft = { answers: Record<string, Answer>; demographics?: { ageBand: string | null; gender: string | null; districtId: number | null } };

export function readDraft(surveyId: number, who: string): Draft {
  const raw = getDraft(surveyId, who) as Draft | null;
  return { answers: raw?.answers ?? {}, demographics: raw?.demographics };
}

/** The answers as the survey sees them now: only questions that exist and show. */
export function liveAnswers(survey: Survey, draft: Draft): Record<number, Answer> {
  const all: Record<number, Answer> = {};
  for (const q of survey.questions) {
    const a = draft.answers[String(q.id)];
    if (a) all[q.id] = a;
  }
  const visible = visibleQuestionIds(survey.questions, all);
  return Object.fromEntries(Object.entries(all).filter(([id]) => visible.has(Number(id))));
}

/** The pages (1-based section numbers) that have a question to show, given the answers so far. */
export function activePages(survey: Survey, answers: Record<number, Answer>): number[] {
  const visible = visibleQuestionIds(survey.questions, answers);
  return survey.sections.flatMap((s, i) => (s.questions.some((q) => visible.has(q.id)) ? [i + 1] : []));
}

/**
 * Where "Continue where you stopped" leads: the last page that holds an answer, while a required
 * question on it still waits; otherwise the page after it (or that page, when it is the last).
 */
export function resumePage(survey: Survey, answers: Record<number, Answer>): number {
  const pages = activePages(survey, answers);
  const visible = visibleQuestionIds(survey.questions, answers);
  const shown = (page: number) => survey.sections[page - 1]!.questions.filter((q) => visible.has(q.id));
  const last = pages.findLastIndex((page) => shown(page).some((q) => answers[q.id] !== undefined));
  if (last < 0) return pages[0] ?? 1;
  const waiting = shown(pages[last]!).some((q) => q.required && answers[q.id] === undefined);
  return waiting ? pages[last]! : (pages[last + 1] ?? pages[last]!);
}

export type FinishResult = { ok: true } | { ok: false; reason: "missing"; page: number } | { ok: false; reason: "already" | "preview" | "empty" };

/** Submits the draft as a response, if every required question that shows is answered. */
export function finishResponse(survey: Survey, who: string, user: User | null, draft: Draft, now = new Date()): FinishResult {
  if (!survey.published || !(now >= survey.opensAt && now < survey.closesAt)) return { ok: false, reason: "preview" };
  const answers = liveAnswers(survey, draft);
  const missing = missingRequired(survey.questions, answers);
  if (missing.length) {
    const page = survey.sections.findIndex((s) => s.questions.some((q) => q.id === missing[0])) + 1;
    return { ok: false, reason: "missing", page };
  }
  const rows = survey.questions.flatMap((q) => (answers[q.id] ? answerRows(q, answers[q.id]!) : []));
  if (rows.length === 0) return { ok: false, reason: "empty" };
  const result = submitResponse({
    surveyId: survey.id,
    who,
    onePerPerson: survey.onePerPerson,
    anonymous: survey.anonymous,
    userId: user?.id ?? null,
    channel: "online",
    day: today(now),
    now,
    demographics: survey.demographics ? draft.demographics : undefined,
    rows,
  });
  return result.ok ? { ok: true } : { ok: false, reason: "already" };
}

/** The last page: submit and thank, or send the resident back to the page with what is missing. */
export function finishAndRedirect(survey: Survey, who: string, user: User | null, draft: Draft, headers: Record<string, string>) {
  const result = finishResponse(survey, who, user, draft);
  if (result.ok || result.reason === "already") return redirect(`/surveys/${survey.id}/done`, { headers });
  if (result.reason === "missing") return redirect(`/surveys/${survey.id}/${result.page}?missing=1`, { headers });
  return json({ errors: {} as Record<number, string>, values: {} as Record<string, string | string[]>, refused: result.reason }, { status: 409, headers });
}

/** The survey named in the URL, for staff pages (any survey, draft or not); 404 when there is none. */
export function surveyFrom(params: { id?: string }): Survey {
  const survey = getSurvey(surveyIdFrom(params));
  if (!survey) throw json({ reason: "notFound" }, { status: 404 });
  return survey;
}
