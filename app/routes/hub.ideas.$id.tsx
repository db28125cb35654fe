import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { audience, canMerge, nextStatuses, REJECT_REASONS, type IdeaStatus } from "~/domain/ideas";
import { correctionSchema, statusChangeSchema, type CorrectionFields, type StatusChangeFields } from "~/domain/ideas-forms.server";
import { pick } from "~/domain/translated";
import { changeStatus, correctIdea, getComment, getIdea, listComments, listStatusHistory, mergeIdeas, setCommentHidden, setIdeaHidden, supporterIds } from "~/models/ideas.server";
import { notifyPeople } from "~/models/notifications.server";
import { formatDateTime } from "~/ui/format";
import { Field, FormMessage, SelectField, TextArea } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

function ideaId(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw json({ reason: "notFound" }, { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const id = ideaId(params);
  const idea = getIdea(id);
  if (!idea) throw json({ reason: "notFound" }, { status: 404 });
  const language = await getLanguage(request);
  return json({
    title: getT(language, "hub")("idea.title", { title: idea.title }),
    idea: {
      id,
      title: idea.title,
      description: idea.description,
      status: idea.status as IdeaStatus,
      hidden: idea.hidden,
      hiddenReason: idea.hiddenReason,
      author: idea.authorName,
      goal: pick(idea.goalTitle, language),
      district: pick(idea.districtName, language),
      supports: idea.supportsCount,
      reports: idea.reportsCount,
    },
    next: nextStatuses(idea.status as IdeaStatus),
    history: listStatusHistory(id).map((e) => ({ id: e.id, status: e.toStatus, answer: e.answer, at: formatDateTime(language, e.at) })),
    comments: listComments(id).map((c) => ({ id: c.id, author: c.authorName, body: c.body, hidden: c.hidden })),
  });
}

const intents = z.object({ intent: z.enum(["status", "correct", "hide", "show", "merge", "hideComment", "showComment"]) });
const hideSchema = z.object({ reason: z.enum(REJECT_REASONS).catch("other") });
const mergeSchema = z.object({ survivor: z.coerce.number().int().positive(), answer: z.string().trim().max(5000).optional() });
const commentTarget = z.object({ comment: z.coerce.number().int().positive() });

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const id = ideaId(params);
  const idea = getIdea(id);
  if (!idea) throw json({ reason: "notFound" }, { status: 404 });
  const formData = await readForm(request);
  const intent = intents.safeParse({ intent: formData.get("intent") });
  if (!intent.success) throw json({ reason: "badRequest" }, { status: 400 });
  const origin = new URL(request.url).origin;

  switch (intent.data.intent) {
    case "status": {
      const submission = parseWithZod(formData, { schema: statusChangeSchema });
      if (submission.status !== "success") return json({ done: null, status: submission.reply() }, { status: 400 });
      const { to, answer, note, reason } = submission.value;
      const result = changeStatus({ ideaId: id, actorId: staff.id, to, answer, note, reason });
      if (!result.ok) return json({ done: "notAllowed" as const, status: submission.reply() }, { status: 409 });
      const people = audience(result.authorId, to === "rejected" || to === "changes_requested" ? [] : supporterIds(id), staff.id);
      notifyPeople(people, { kind: "status", ideaId: id, data: { title: result.title, status: to, answer: answer ?? note ?? null }, baseUrl: origin });
      return json({ done: "saved" as const, status: submission.reply({ resetForm: true }) });
    }
    case "correct": {
      const submission = parseWithZod(formData, { schema: correctionSchema });
      if (submission.status !== "success") return json({ done: null, status: null, correction: submission.reply() }, { status: 400 });
      correctIdea({ ideaId: id, actorId: staff.id, ...submission.value });
      return json({ done: "corrected" as const, status: null });
    }
    case "hide":
    case "show": {
      const { reason } = hideSchema.parse({ reason: formData.get("reason") ?? undefined });
      setIdeaHidden({ ideaId: id, actorId: staff.id, hidden: intent.data.intent === "hide", reason });
      return json({ done: intent.data.intent === "hide" ? ("hiddenSaved" as const) : ("shownSaved" as const), status: null });
    }
    case "merge": {
      const parsed = mergeSchema.safeParse({ survivor: formData.get("survivor"), answer: formData.get("answer") || undefined });
      if (!parsed.success) return json({ done: "mergeRefused" as const, status: null }, { status: 400 });
      const result = mergeIdeas({ duplicateId: id, survivorId: parsed.data.survivor, actorId: staff.id, answer: parsed.data.answer });
      if (!result.ok) return json({ done: "mergeRefused" as const, status: null }, { status: 409 });
      notifyPeople(result.audience, { kind: "merged", ideaId: id, data: { title: idea.title, survivorId: parsed.data.survivor }, baseUrl: origin });
      return json({ done: "merged" as const, moved: result.moved, status: null });
    }
    case "hideComment":
    case "showComment": {
      const target = commentTarget.safeParse({ comment: formData.get("comment") });
      if (!target.success) throw json({ reason: "badRequest" }, { status: 400 });
      const comment = getComment(target.data.comment);
      if (!comment || comment.ideaId !== id) throw json({ reason: "notFound" }, { status: 404 });
      const hide = intent.data.intent === "hideComment";
      setCommentHidden({ commentId: comment.id, actorId: staff.id, hidden: hide, reason: hide ? hideSchema.parse({ reason: formData.get("reason") ?? undefined }).reason : undefined });
      return json({ done: "saved" as const, status: null });
    }
  }
}

export default function ModerateIdea() {
  const { title, idea, next, history, comments } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation(["hub", "ideas"]);
  const [form, fields] = useForm<StatusChangeFields>({ id: "status-form", lastResult: data?.status, shouldRevalidate: "onInput" });
  const [correction, correctionFields] = useForm<CorrectionFields>({
    id: "correction-form",
    lastResult: data && "correction" in data ? data.correction : undefined,
    defaultValue: { title: idea.title, description: idea.description },
    shouldRevalidate: "onInput",
  });
  const reasons = REJECT_REASONS.map((r) => ({ value: r, label: t(`ideas:reasons.${r}`) }));
  const done = data?.done;
  return (
    <section>
      <h1>{title}</h1>
      {done === "notAllowed" || done === "mergeRefused" ? <FormMessage message={t(`idea.${done}`)} /> : null}
      {done === "saved" || done === "hiddenSaved" || done === "shownSaved" || done === "corrected" ? <FormMessage tone="success" message={t(`idea.${done}`)} /> : null}
      {done === "merged" && data && "moved" in data ? <FormMessage tone="success" message={t("idea.merged", { n: data.moved })} /> : null}
      <p className="meta">
        <span className={`status status-${idea.status}`}>{t(`ideas:status.${idea.status}`)}</span> · {idea.district} · {idea.goal} · {idea.author ?? "—"} ·{" "}
        <Link to={`/ideas/${idea.id}`}>#{idea.id}</Link>
      </p>
      <div className="idea-description">{idea.description}</div>

      <h2 id="status-title">{t("idea.changeStatus")}</h2>
      {next.length === 0 ? (
        <p>{t("idea.noActions")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} aria-labelledby="status-title">
          <input type="hidden" name="intent" value="status" />
          <SelectField meta={fields.to} label={t("idea.to")} options={next.map((s) => ({ value: s, label: t(`ideas:status.${s}`) }))} />
          <TextArea meta={fields.answer} label={t("idea.answer")} help={t("idea.answerHelp")} rows={4} />
          <TextArea meta={fields.note} label={t("idea.note")} rows={3} />
          <SelectField meta={fields.reason} label={t("idea.reason")} options={reasons} placeholder="—" />
          <button type="submit" className="button">
            {t("idea.apply")}
          </button>
        </Form>
      )}

      <details className="correction">
        <summary>{t("idea.correct")}</summary>
        <p>{t("idea.correctHelp")}</p>
        <Form method="post" {...getFormProps(correction)}>
          <input type="hidden" name="intent" value="correct" />
          <Field meta={correctionFields.title} label={t("ideas:new.ideaTitle")} />
          <TextArea meta={correctionFields.description} label={t("ideas:new.description")} rows={6} />
          <Field meta={correctionFields.reason} label={t("idea.correctReason")} />
          <button type="submit" className="button button-secondary">
            {t("idea.correctSubmit")}
          </button>
        </Form>
      </details>

      <h2 id="visibility-title">{t("idea.visibility")}</h2>
      <Form method="post" aria-labelledby="visibility-title">
        <input type="hidden" name="intent" value={idea.hidden ? "show" : "hide"} />
        {idea.hidden ? null : (
          <div className="field">
            <label htmlFor="hide-reason">{t("idea.hideReason")}</label>
            <select id="hide-reason" name="reason">
              {reasons.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" className="button button-secondary">
          {t(idea.hidden ? "idea.show" : "idea.hide")}
        </button>
      </Form>

      {canMerge(idea.status) ? (
        <>
          <h2 id="merge-title">{t("idea.merge")}</h2>
          <p>{t("idea.mergeHelp")}</p>
          <Form method="post" aria-labelledby="merge-title">
            <input type="hidden" name="intent" value="merge" />
            <div className="field">
              <label htmlFor="survivor">{t("idea.survivor")}</label>
              <input id="survivor" name="survivor" inputMode="numeric" required />
            </div>
            <button type="submit" className="button button-secondary">
              {t("idea.mergeSubmit")}
            </button>
          </Form>
        </>
      ) : null}

      {history.length ? (
        <>
          <h2>{t("ideas:view.history")}</h2>
          <ol className="history">
            {history.map((e) => (
              <li key={e.id}>
                <strong>{t(`ideas:status.${e.status ?? "submitted"}`)}</strong> · {e.at}
                {e.answer ? <p>{e.answer}</p> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}

      <h2>{t("idea.comments")}</h2>
      <ol className="comments">
        {comments.map((c) => (
          <li key={c.id} id={`comment-${c.id}`} className={c.hidden ? "is-hidden" : undefined}>
            <p className="meta">
              <strong>{c.author ?? "—"}</strong>
            </p>
            <p className="comment-body">{c.body}</p>
            <Form method="post">
              <input type="hidden" name="intent" value={c.hidden ? "showComment" : "hideComment"} />
              <input type="hidden" name="comment" value={c.id} />
              <button type="submit" className="link-button">
                {t(c.hidden ? "idea.showComment" : "idea.hideComment")}
              </button>
            </Form>
          </li>
        ))}
      </ol>
    </section>
  );
}
