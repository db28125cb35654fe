import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ideasByAuthor } from "~/models/ideas.server";
import { getEmailPreference, listNotifications, markAllRead, notificationText, setEmailPreference } from "~/models/notifications.server";
import { getAccountSince } from "~/models/users.server";
import { formatDate, formatDateTime } from "~/ui/format";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request);
  const ti = getT(language, "ideas");
  return json({
    title: getT(language)("me.title"),
    user: {
      displayName: user.displayName,
      email: user.email,
      phone: user.phone,
      role: user.role,
      since: formatDate(language, getAccountSince(user.id)),
    },
    ideas: ideasByAuthor(user.id).map((i) => ({ id: i.id, title: i.title, status: i.status, hidden: i.hidden })),
    notifications: listNotifications(user.id).map((n) => ({
      id: n.id,
      ideaId: n.ideaId,
      text: notificationText(ti, n.kind, n.data ?? { title: "" }, language),
      answer: n.data?.answer ?? null,
      at: formatDateTime(language, n.createdAt),
      unread: n.readAt === null,
    })),
    emailPreference: getEmailPreference(user.id),
    saved: new URL(request.url).searchParams.has("saved"),
  });
}

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read") }),
  z.object({ intent: z.literal("preferences"), email: z.literal("on").optional() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = intentSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw json({ reason: "badRequest" }, { status: 400 });
  if (parsed.data.intent === "read") markAllRead(user.id);
  else setEmailPreference(user.id, parsed.data.email === "on");
  return redirect(parsed.data.intent === "preferences" ? "/me?saved=1" : "/me");
}

export default function Me() {
  const { title, user, ideas, notifications, emailPreference, saved } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { t: ti } = useTranslation("ideas");
  const unread = notifications.some((n) => n.unread);
  return (
    <section className="narrow">
      <h1>{title}</h1>
      {saved ? <FormMessage tone="success" message={ti("me.preferenceSaved")} /> : null}
      <h2>{ti("me.notifications")}</h2>
      {notifications.length === 0 ? (
        <p>{ti("me.noNotifications")}</p>
      ) : (
        <>
          <ul className="notifications">
            {notifications.map((n) => (
              <li key={n.id} className={n.unread ? "unread" : undefined}>
                {n.unread ? <strong className="badge">{ti("me.unread")}</strong> : null}{" "}
                {n.ideaId ? <Link to={`/ideas/${n.ideaId}`}>{n.text}</Link> : n.text}
                <span className="meta"> · {n.at}</span>
                {n.answer ? <p>{n.answer}</p> : null}
              </li>
            ))}
          </ul>
          {unread ? (
            <Form method="post">
              <input type="hidden" name="intent" value="read" />
              <button type="submit" className="link-button">
                {ti("me.markRead")}
              </button>
            </Form>
          ) : null}
        </>
      )}
      <Form method="post" className="preferences">
        <input type="hidden" name="intent" value="preferences" />
        <div className="field field-checkbox">
          <input type="checkbox" id="email-preference" name="email" defaultChecked={emailPreference} />
          <label htmlFor="email-preference">{ti("me.emailPreference")}</label>
        </div>
        <button type="submit" className="button button-secondary">
          {ti("me.savePreference")}
        </button>
      </Form>
      <h2>{ti("me.myIdeas")}</h2>
      {ideas.length === 0 ? (
        <p>
          {ti("me.noIdeas")} <Link to="/ideas/new">{ti("list.newIdea")}</Link>
        </p>
      ) : (
        <ul className="my-ideas">
          {ideas.map((i) => (
            <li key={i.id}>
              <Link to={`/ideas/${i.id}`}>{i.title}</Link> — {ti(`status.${i.status}`)}
            </li>
          ))}
        </ul>
      )}
      <h2>{t("me.title")}</h2>
      <dl className="facts">
        <dt>{t("me.name")}</dt>
        <dd>{user.displayName}</dd>
        {user.email ? (
          <>
            <dt>{t("me.email")}</dt>
            <dd>{user.email}</dd>
          </>
        ) : null}
        {user.phone ? (
          <>
            <dt>{t("me.phone")}</dt>
            <dd>{user.phone}</dd>
          </>
        ) : null}
        <dt>{t("me.role")}</dt>
        <dd>{t(`roles.${user.role}`)}</dd>
        <dt>{t("me.since")}</dt>
        <dd>{user.since}</dd>
      </dl>
      <p>
        <Link to="/me/privacy">{t("myPrivacy.link")}</Link>
      </p>
      <p>{t("me.signOutLead")}</p>
      <Form method="post" action="/logout">
        <button type="submit" className="button">
          {t("nav.signOut")}
        </button>
      </Form>
    </section>
  );
}
