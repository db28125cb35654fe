import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { isOpenToResidents, isPublic, publicView, type IdeaStatus } from "~/domain/ideas";
import { commentSchema, reportSchema } from "~/domain/ideas-forms.server";
import { pick } from "~/domain/translated";
import { addComment, countTopLevelComments, getComment, getIdea, hasSupported, lastNoteToAuthor, listComments, listStatusHistory, report, support, withdrawSupport } from "~/models/ideas.server";
import { getModerationSettings } from "~/models/municipality.server";
import { notifyPeople } from "~/models/notifications.server";
import { formatDate, formatNumber } from "~/ui/format";
import { CommentForm, ReportForm } from "~/ui/discussion";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { readForm } from "~/utils/form.server";
import { getLanguage } from "~/utils/i18n.server";
import { getUser, isStaff, requireUser } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data || !data.visible) return pageTitle(undefined, matches);
  const tags = [
    ...pageTitle(data.idea.title, matches),
    { name: "description", content: data.idea.description.slice(0, 200) },
    { property: "og:type", content: "article" },
    { property: "og:title", content: data.idea.title },
    { property: "og:description", content: data.idea.description.slice(0, 200) },
    { property: "og:url", content: data.url },
    { name: "twitter:card", content: data.photoUrl ? "summary_large_image" : "summary" },
  ];
  if (data.photoUrl) tags.push({ property: "og:image", content: data.photoUrl });
  return tags;
};

/** The newest top-level comments shown at first; "show all" loads the rest. */
const COMMENTS_SHOWN = 30;

function ideaId(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw json({ reason: "notFound" }, { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = ideaId(params);
  const idea = getIdea(id);
  if (!idea) throw json({ reason: "notFound" }, { status: 404 });
  const user = await getUser(request);
  const language = await getLanguage(request);
  const isAuthor = Boolean(user && user.id === idea.authorId);
  const staff = Boolean(user && isStaff(user.role));
  const status = idea.status as IdeaStatus;
  // Not yet published: only the author and the moderators know it exists.
  if (!isPublic(status) && status !== "rejected" && !isAuthor && !staff) throw json({ reason: "notFound" }, { status: 404 });
  const view = publicView({ status, hidden: idea.hidden, rejectReason: idea.rejectReason, hiddenReason: idea.hiddenReason });
  const url = new URL(request.url);
  const canSeeContent = view.visible || isAuthor || staff;
  const showAll = url.searchParams.get("comments") === "all";
  const open = isOpenToResidents({ status, hidden: idea.hidden });
  return json({
    visible: view.visible,
    removedReason: view.visible ? null : view.reason,
    canSeeContent,
    url: `${url.origin}/ideas/${id}`,
    photoUrl: idea.photoId && view.visible ? `${url.origin}/ideas/${id}/photo` : null,
    idea: canSeeContent
      ? {
          id,
          title: idea.title,
          description: idea.description,
          status,
          photoId: idea.photoId,
          author: idea.authorName,
          goal: pick(idea.goalTitle, language),
          district: pick(idea.districtName, language),
          date: formatDate(language, idea.publishedAt ?? idea.createdAt),
          published: Boolean(idea.publishedAt),
          supports: formatNumber(language, idea.supportsCount),
          duplicateOf: idea.duplicateOf,
        }
      : { id, title: "", description: "", status, photoId: null, author: null, goal: "", district: "", date: "", published: false, supports: "", duplicateOf: null },
    history: canSeeContent
      ? listStatusHistory(id).map((e) => ({
          id: e.id,
          kind: e.kind,
          status: e.toStatus,
          answer: e.answer,
          // A correction often removes personal data: the words before it are for the author and staff only.
          previous: isAuthor || staff ? e.previous : null,
          date: formatDate(language, e.at),
        }))
      : [],
    note: isAuthor ? (lastNoteToAuthor(id)?.note ?? null) : null,
    commentsShown: COMMENTS_SHOWN,
    allComments: showAll,
    topLevelComments: canSeeContent ? countTopLevelComments(id) : 0,
    comments: canSeeContent
      ? listComments(id, { latest: showAll ? undefined : COMMENTS_SHOWN }).map((c) => ({
          id: c.id,
          parentId: c.parentId,
          author: c.authorName,
          date: formatDate(language, c.createdAt),
          body: c.hidden && !staff ? null : c.body,
          hidden: c.hidden,
          hiddenReason: c.hiddenReason,
        }))
      : [],
    signedIn: Boolean(user),
    supported: user ? hasSupported(id, user.id) : false,
    open,
    isAuthor,
    staff,
    submitted: url.searchParams.has("submitted") && isAuthor,
    reported: url.searchParams.has("reported"),
  });
}

const intentSchema = z.object({ intent: z.enum(["support", "withdraw", "comment", "report"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const id = ideaId(params);
  const user = await requireUser(request);
  const idea = getIdea(id);
  if (!idea) throw json({ reason: "notFound" }, { status: 404 });
  const formData = await readForm(request);
  const parsed = intentSchema.safeParse({ intent: formData.get("intent") });
  if (!parsed.success) throw json({ reason: "badRequest" }, { status: 400 });
  if (!isOpenToResidents({ status: idea.status as IdeaStatus, hidden: idea.hidden })) throw json({ reason: "forbidden" }, { status: 403 });
  const back = `/ideas/${id}`;

  switch (parsed.data.intent) {
    case "support":
      support(id, user.id);
      return redirect(back);
    case "withdraw":
      withdrawSupport(id, user.id);
      return redirect(back);
    case "comment": {
      const submission = parseWithZod(formData, { schema: commentSchema });
      if (submission.status !== "success") return json({ comment: submission.reply() }, { status: 400 });
      const commentId = addComment({ ideaId: id, authorId: user.id, body: submission.value.body, parentId: submission.value.parentId });
      if (!commentId) return json({ comment: submission.reply({ formErrors: ["invalid"] }) }, { status: 400 });
      if (idea.authorId && idea.authorId !== user.id) {
        notifyPeople([idea.authorId], { kind: "comment", ideaId: id, data: { title: idea.title }, baseUrl: new URL(request.url).origin });
      }
      return redirect(`${back}#comment-${commentId}`);
    }
    case "report": {
      const reason = reportSchema.safeParse({ reason: formData.get("reason") });
      const target = formData.get("comment");
      const commentId = typeof target === "string" && target ? Number(target) : null;
      if (!reason.success) return redirect(`${back}`);
      if (commentId !== null) {
        const comment = Number.isSafeInteger(commentId) ? getComment(commentId) : undefined;
        if (!comment || comment.ideaId !== id) throw json({ reason: "notFound" }, { status: 404 });
      }
      report({
        targetType: commentId !== null ? "comment" : "idea",
        targetId: commentId ?? id,
        reporterId: user.id,
        reason: reason.data.reason,
        threshold: getModerationSettings().reportThreshold,
      });
      return redirect(`${back}?reported=1`);
    }
  }
}

export default function IdeaPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("ideas");
  const { idea } = data;
  if (!data.canSeeContent) {
    return (
      <article className="narrow">
        <h1>{t("view.removedTitle")}</h1>
        <p>{data.removedReason === "reported" ? t("view.hiddenPending") : t("view.removedBody", { reason: t(`reasons.${data.removedReason ?? "other"}`) })}</p>
      </article>
    );
  }
  const topLevel = data.comments.filter((c) => c.parentId === null);
  const replies = (id: number) => data.comments.filter((c) => c.parentId === id);
  // Hidden by reports is not yet a moderator's decision: say so, rather than "removed".
  const removedText = (reason: string | null, key: "view.removedComment" | "view.removedBody") =>
    reason === "reported" ? t("view.hiddenPending") : t(key, { reason: t(`reasons.${reason ?? "other"}`) });
  const commentText = (c: (typeof data.comments)[number]) =>
    c.body === null ? <p className="removed">{removedText(c.hiddenReason, "view.removedComment")}</p> : <p className="comment-body">{c.body}</p>;
  return (
    <article className="idea">
      {data.submitted ? <FormMessage tone="success" message={t(idea.status === "submitted" ? "new.thanksPending" : "new.thanksPublished")} /> : null}
      {data.reported ? <FormMessage tone="success" message={t("view.reported")} /> : null}
      {!data.visible ? <FormMessage message={removedText(data.removedReason, "view.removedBody")} /> : null}
      {(idea.status === "submitted" || idea.status === "changes_requested") && data.isAuthor ? <FormMessage tone="success" message={t("view.ownNotPublic")} /> : null}
      {data.note && idea.status === "changes_requested" ? (
        <div className="notice notice-error">
          <p>{t("view.changesAsked", { note: data.note })}</p>
          <Link to={`/ideas/${idea.id}/edit`}>{t("view.editResubmit")}</Link>
        </div>
      ) : null}
      <h1>{idea.title}</h1>
      <p className="meta">
        <span className={`status status-${idea.status}`}>{t(`status.${idea.status}`)}</span> · {idea.district} · {idea.goal}
      </p>
      <p className="meta">
        {t("view.by", { name: idea.author ?? t("view.deletedAuthor") })} · {t(idea.published ? "view.published" : "view.submitted", { date: idea.date })}
      </p>
      {idea.status === "merged" && idea.duplicateOf ? (
        <div className="notice">
          <p>{t("view.mergedBody")}</p>
          <Link to={`/ideas/${idea.duplicateOf}`}>{t("view.mergedLink")}</Link>
        </div>
      ) : null}
      {idea.photoId ? <img className="idea-photo" src={`/ideas/${idea.id}/photo`} alt={t("view.photoAlt", { title: idea.title })} /> : null}
      <div className="idea-description">{idea.description}</div>

      <section aria-labelledby="support-title" className="support-box">
        <h2 id="support-title">{t("card.supports", { n: idea.supports })}</h2>
        {data.open ? (
          data.signedIn ? (
            <Form method="post" preventScrollReset>
              {data.supported ? <p>{t("view.supported")}</p> : null}
              <input type="hidden" name="intent" value={data.supported ? "withdraw" : "support"} />
              <button type="submit" className={data.supported ? "button button-secondary" : "button"}>
                {t(data.supported ? "view.withdraw" : "view.support")}
              </button>
            </Form>
          ) : (
            <Link className="button" to={`/login?redirectTo=${encodeURIComponent(`/ideas/${idea.id}`)}`}>
              {t("view.signIn")}
            </Link>
          )
        ) : null}
        {data.staff ? (
          <p>
            <Link to={`/hub/ideas/${idea.id}`}>{t("view.staffTools")}</Link>
          </p>
        ) : null}
      </section>

      {data.history.length ? (
        <section aria-labelledby="history-title">
          <h2 id="history-title">{t("view.history")}</h2>
          <ol className="history">
            {data.history.map((e) =>
              e.kind === "corrected" ? (
                <li key={e.id}>
                  <strong>{t("view.corrected", { reason: e.answer ?? "" })}</strong> · {e.date}
                  {e.previous ? (
                    <details>
                      <summary>{t("view.original")}</summary>
                      <p className="comment-body">
                        <strong>{e.previous.title}</strong>
                      </p>
                      <p className="comment-body">{e.previous.description}</p>
                    </details>
                  ) : null}
                </li>
              ) : (
              <li key={e.id}>
                <strong>{t(`status.${e.status ?? "submitted"}`)}</strong> · {e.date}
                {e.answer ? (
                  <blockquote>
                    <p className="answer-label">{t("view.answer")}</p>
                    <p>{e.answer}</p>
                  </blockquote>
                ) : null}
              </li>
              ),
            )}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="comments-title">
        <h2 id="comments-title">{t("view.comments")}</h2>
        {topLevel.length === 0 ? <p>{t("view.noComments")}</p> : null}
        {!data.allComments && data.topLevelComments > data.commentsShown ? (
          <p>
            <Link to={`/ideas/${idea.id}?comments=all#comments-title`}>{t("view.allComments", { n: data.topLevelComments })}</Link>
          </p>
        ) : null}
        <ol className="comments">
          {topLevel.map((c) => (
            <li key={c.id} id={`comment-${c.id}`}>
              <p className="meta">
                <strong>{c.author ?? t("view.deletedAuthor")}</strong> · {c.date}
              </p>
              {commentText(c)}
              {data.signedIn && data.open && c.body !== null ? (
                <div className="comment-actions">
                  <details>
                    <summary>{t("view.replyTo", { name: c.author ?? t("view.deletedAuthor") })}</summary>
                    <CommentForm parentId={c.id} label={t("view.replyLabel")} submit={t("view.replySubmit")} />
                  </details>
                  <ReportForm commentId={c.id} label={t("view.reportComment")} />
                </div>
              ) : null}
              {replies(c.id).length ? (
                <ol className="replies">
                  {replies(c.id).map((r) => (
                    <li key={r.id} id={`comment-${r.id}`}>
                      <p className="meta">
                        <strong>{r.author ?? t("view.deletedAuthor")}</strong> · {r.date}
                      </p>
                      {commentText(r)}
                      {data.signedIn && data.open && r.body !== null ? <ReportForm commentId={r.id} label={t("view.reportComment")} /> : null}
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ol>
        {data.signedIn && data.open ? (
          <CommentForm label={t("view.commentLabel")} submit={t("view.commentSubmit")} lastResult={actionData && "comment" in actionData ? actionData.comment : undefined} />
        ) : null}
        {data.signedIn && data.open && !data.isAuthor ? <ReportForm label={t("view.reportIdea")} /> : null}
      </section>
    </article>
  );
}
