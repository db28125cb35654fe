// /me/privacy/data: the same copy of a person's data as /me/privacy.json, as a page to read.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { exportMyData } from "~/models/privacy.server";
import { formatDateTime } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request);
  const data = exportMyData(user.id, language);
  if (!data) throw new Response(null, { status: 404 });
  const when = (iso: string | null) => (iso === null ? null : formatDateTime(language, new Date(iso)));
  const ti = getT(language, "ideas");
  return json({
    title: getT(language)("myPrivacy.dataTitle"),
    account: { ...data.account, role: getT(language)(`roles.${data.account.role}`), createdAt: when(data.account.createdAt), verifiedAt: when(data.account.verifiedAt) },
    consents: data.consents.map((c) => ({ ...c, givenAt: when(c.givenAt), withdrawnAt: when(c.withdrawnAt) })),
    ideas: data.ideas.map((i) => ({ id: i.id, title: i.title, status: ti(`status.${i.status}`), at: when(i.createdAt) })),
    comments: data.comments.map((c) => ({ id: c.id, ideaId: c.ideaId, body: c.body, at: when(c.createdAt) })),
    supports: data.supports.map((s) => ({ ideaId: s.ideaId, title: s.title, at: when(s.createdAt) })),
    ballots: data.ballots.map((b) => ({ id: b.id, round: b.round, at: when(b.createdAt), choices: (b.choices as Array<{ option: string }>).map((c) => c.option).join(", ") })),
    surveyResponses: data.surveyResponses.map((r) => ({ id: r.id, survey: r.survey, day: r.day, answers: r.answers.length })),
    reports: data.reports.length,
    notifications: data.notifications.length,
    sessions: data.sessions.length,
  });
}

export default function MyData() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const none = <p>{t("myPrivacy.none")}</p>;
  return (
    <article className="narrow">
      <h1>{d.title}</h1>
      <p>
        <Link to="/me/privacy">{t("myPrivacy.back")}</Link> ·{" "}
        <a href="/me/privacy.json" download>
          {t("myPrivacy.downloadData")}
        </a>
      </p>
      <h2>{t("myPrivacy.sections.account")}</h2>
      <dl className="facts">
        <dt>{t("me.name")}</dt>
        <dd>{d.account.displayName}</dd>
        <dt>{t("me.email")}</dt>
        <dd>{d.account.email ?? "—"}</dd>
        <dt>{t("me.phone")}</dt>
        <dd>{d.account.phone ?? "—"}</dd>
        <dt>{t("me.role")}</dt>
        <dd>{d.account.role}</dd>
        <dt>{t("myPrivacy.district")}</dt>
        <dd>{d.account.district ?? "—"}</dd>
        <dt>{t("me.since")}</dt>
        <dd>{d.account.createdAt}</dd>
        <dt>{t("myPrivacy.verified")}</dt>
        <dd>{d.account.verifiedAt ?? t("myPrivacy.notVerified")}</dd>
      </dl>
      <h2>{t("myPrivacy.sections.consents")}</h2>
      {d.consents.length ? (
        <ul>
          {d.consents.map((c, i) => (
            <li key={i}>
              {t("myPrivacy.consentLine", { what: t(`myPrivacy.consentKinds.${c.kind}`, { defaultValue: c.kind }), version: c.version, given: c.givenAt })}
              {c.withdrawnAt ? ` · ${t("myPrivacy.withdrawnOn", { when: c.withdrawnAt })}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        none
      )}
      <h2>{t("myPrivacy.sections.ideas")}</h2>
      {d.ideas.length ? (
        <ul>
          {d.ideas.map((i) => (
            <li key={i.id}>
              <Link to={`/ideas/${i.id}`}>{i.title}</Link> — {i.status} · {i.at}
            </li>
          ))}
        </ul>
      ) : (
        none
      )}
      <h2>{t("myPrivacy.sections.comments")}</h2>
      {d.comments.length ? (
        <ul>
          {d.comments.map((c) => (
            <li key={c.id}>
              <Link to={`/ideas/${c.ideaId}`}>{c.body}</Link> · {c.at}
            </li>
          ))}
        </ul>
      ) : (
        none
      )}
      <h2>{t("myPrivacy.sections.supports")}</h2>
      {d.supports.length ? (
        <ul>
          {d.supports.map((s) => (
            <li key={s.ideaId}>
              <Link to={`/ideas/${s.ideaId}`}>{s.title}</Link> · {s.at}
            </li>
          ))}
        </ul>
      ) : (
        none
      )}
      <h2>{t("myPrivacy.sections.ballots")}</h2>
      {d.ballots.length ? (
        <ul>
          {d.ballots.map((b) => (
            <li key={b.id}>
              {b.round}: {b.choices} · {b.at}
            </li>
          ))}
        </ul>
      ) : (
        none
      )}
      <h2>{t("myPrivacy.sections.surveys")}</h2>
      {d.surveyResponses.length ? (
        <ul>
          {d.surveyResponses.map((r) => (
            <li key={r.id}>
              {r.survey} · {r.day} · {t("myPrivacy.answers", { n: r.answers })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("myPrivacy.noSurveys")}</p>
      )}
      <h2>{t("myPrivacy.sections.other")}</h2>
      <p>{t("myPrivacy.other", { reports: d.reports, notifications: d.notifications, sessions: d.sessions })}</p>
    </article>
  );
}
