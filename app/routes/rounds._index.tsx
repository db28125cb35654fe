import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { phase, resultsPublic } from "~/domain/rounds";
import { pick } from "~/domain/translated";
import { listPublishedRounds } from "~/models/rounds.server";
import { formatDateTime, formatNumber } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { getLanguage, getT } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const now = new Date();
  const { current, closed } = listPublishedRounds(now);
  const card = (r: (typeof current)[number]) => ({
    id: r.id,
    title: pick(r.title, language),
    summary: pick(r.description, language),
    method: r.method,
    phase: phase(r, now),
    opensAt: formatDateTime(language, r.opensAt),
    closesAt: formatDateTime(language, r.closesAt),
    budget: r.budget === null ? null : formatNumber(language, r.budget),
    ballots: formatNumber(language, r.ballots),
    results: resultsPublic(r, now),
  });
  return json({ title: getT(language, "rounds")("list.title"), current: current.map(card), closed: closed.map(card) });
}

type Card = ReturnType<typeof useLoaderData<typeof loader>>["current"][number];

function RoundCard({ round }: { round: Card }) {
  const { t } = useTranslation("rounds");
  return (
    <li className="card round-card">
      <h3>
        <Link to={`/rounds/${round.id}`}>{round.title}</Link>
      </h3>
      <p className="meta">
        {t(`method.${round.method}`)}
        {round.budget ? ` · ${t("budgetAmount", { amount: round.budget })}` : ""}
      </p>
      <p>{round.phase === "upcoming" ? t("opensOn", { when: round.opensAt }) : round.phase === "open" ? t("closesOn", { when: round.closesAt }) : t("closedOn", { when: round.closesAt })}</p>
      <p className="meta">{t("ballotsSoFar", { n: round.ballots })}</p>
      {round.results ? (
        <p>
          <Link to={`/rounds/${round.id}/results`}>{t("seeResults")}</Link>
        </p>
      ) : null}
    </li>
  );
}

export default function Rounds() {
  const { title, current, closed } = useLoaderData<typeof loader>();
  const { t } = useTranslation("rounds");
  return (
    <section>
      <h1>{title}</h1>
      <p className="lead">{t("list.lead")}</p>
      <h2>{t("list.current")}</h2>
      {current.length ? (
        <ul className="cards">
          {current.map((r) => (
            <RoundCard key={r.id} round={r} />
          ))}
        </ul>
      ) : (
        <p>{t("list.noneOpen")}</p>
      )}
      {closed.length ? (
        <>
          <h2>{t("list.closed")}</h2>
          <ul className="cards">
            {closed.map((r) => (
              <RoundCard key={r.id} round={r} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
