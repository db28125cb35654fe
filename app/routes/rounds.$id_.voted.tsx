import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { phase } from "~/domain/rounds";
import { pick } from "~/domain/translated";
import { getOwnBallot } from "~/models/rounds.server";
import { formatDateTime, formatNumber } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { getLanguage, getT } from "~/utils/i18n.server";
import { resultsVisible, roundIdFrom, visibleRound } from "~/utils/rounds-view.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

// The confirmation after casting or changing a ballot: what was recorded, and until when it can change.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { round } = visibleRound(roundIdFrom(params), user);
  const own = getOwnBallot(round.id, user.id);
  if (!own) throw redirect(`/rounds/${round.id}`);
  const language = await getLanguage(request);
  const titles = new Map(round.options.map((o) => [o.id, pick(o.title, language)]));
  const order = new Map(round.options.map((o, i) => [o.id, i]));
  const now = new Date();
  return json({
    title: getT(language, "rounds")("voted.title"),
    round: { id: round.id, title: pick(round.title, language), method: round.method, open: phase(round, now) === "open", closesAt: formatDateTime(language, round.closesAt) },
    results: resultsVisible(round, user, now).visible,
    choices: [...own]
      .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || (order.get(a.optionId) ?? 0) - (order.get(b.optionId) ?? 0))
      .map((c) => ({ id: c.optionId, title: titles.get(c.optionId) ?? "", rank: c.rank ?? null, points: c.points === undefined ? null : formatNumber(language, c.points) })),
  });
}

export default function Voted() {
  const { title, round, results, choices } = useLoaderData<typeof loader>();
  const { t } = useTranslation("rounds");
  const List = round.method === "ranked" ? "ol" : "ul";
  return (
    <section className="narrow">
      <p className="notice notice-success" role="status">
        {t("voted.recorded")}
      </p>
      <h1>{title}</h1>
      <p>{t("voted.in", { title: round.title })}</p>
      <List className="choices">
        {choices.map((c) => (
          <li key={c.id}>
            {c.title}
            {c.points !== null ? ` — ${t("voted.points", { n: c.points })}` : ""}
          </li>
        ))}
      </List>
      {round.open ? <p>{t("voted.canChange", { when: round.closesAt })}</p> : null}
      <p className="actions">
        {round.open ? (
          <Link className="button button-secondary" to={`/rounds/${round.id}`}>
            {t("voted.change")}
          </Link>
        ) : null}
        {results ? <Link to={`/rounds/${round.id}/results`}>{t("seeResults")}</Link> : <Link to="/rounds">{t("voted.allRounds")}</Link>}
      </p>
    </section>
  );
}
