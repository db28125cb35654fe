import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { checkBallot, isOpen, phase, readBallot, voterRefusal, type BallotError, type Choice } from "~/domain/rounds";
import { pick } from "~/domain/translated";
import { castBallot, getOwnBallot } from "~/models/rounds.server";
import { formatDateTime } from "~/ui/format";
import { BallotInputs, LiveStatus, OptionText, Rules } from "~/ui/ballot";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { readForm, retryAfter } from "~/utils/form.server";
import { getLanguage } from "~/utils/i18n.server";
import { checkLimits } from "~/utils/rate-limit.server";
import { ballotOptions, shownRules, resultsVisible, roundIdFrom, visibleRound } from "~/utils/rounds-view.server";
import { getUser, requireUser } from "~/utils/session.server";
import { passHeaders } from "~/ui/headers";

export const headers = passHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.round.title, matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const { round, preview } = visibleRound(roundIdFrom(params), user);
  const language = await getLanguage(request);
  const now = new Date();
  const own = user ? getOwnBallot(round.id, user.id) : null;
  return json({
    round: {
      id: round.id,
      title: pick(round.title, language),
      description: pick(round.description, language),
      method: round.method,
      maxChoices: round.maxChoices,
      pointsTotal: round.pointsTotal,
      pointsPerOption: round.pointsPerOption,
      budget: round.budget,
      shown: shownRules(round, language),
      phase: phase(round, now),
      opensAt: formatDateTime(language, round.opensAt),
      closesAt: formatDateTime(language, round.closesAt),
      eligibility: round.eligibility,
    },
    preview,
    results: resultsVisible(round, user, now).visible,
    signedIn: Boolean(user),
    refusal: user ? voterRefusal(round, user) : null,
    options: ballotOptions(round, language),
    own,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { round } = visibleRound(roundIdFrom(params), user);
  const formData = await readForm(request);
  const fail = (error: BallotError | "closed" | "refused" | "limited", choices: Choice[], init?: ResponseInit) =>
    json({ error, choices }, { status: 400, ...init });
  if (!round.published || !isOpen(round, new Date())) return fail("closed", [], { status: 409 });
  if (voterRefusal(round, user)) return fail("refused", [], { status: 403 });
  const choices = readBallot(round.method, formData.entries());
  if (choices === null) throw json({ reason: "badRequest" }, { status: 400 });
  const limit = checkLimits([["ballotPerAccount", String(user.id)]]);
  if (!limit.ok) return fail("limited", choices, { status: 429, headers: retryAfter(limit.retryAfterMs) });
  const checked = checkBallot(round, new Map(round.options.map((o) => [o.id, o.cost])), choices);
  if (!checked.ok) return fail(checked.error, choices);
  castBallot({ roundId: round.id, userId: user.id, districtId: user.districtId, choices: checked.choices });
  return redirect(`/rounds/${round.id}/voted`);
}

export default function Ballot() {
  const { round, preview, results, signedIn, refusal, options, own } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("rounds");
  const formRef = useRef<HTMLFormElement>(null);
  const [costs] = useState(() => new Map(options.map((o) => [o.id, o.cost ?? 0])));
  const choices = data?.choices ?? own ?? [];
  const errorText =
    data?.error === "tooManyChoices"
      ? t("errors.tooManyChoices", { n: round.shown.maxChoices })
      : data?.error
        ? t(`errors.${data.error}`)
        : undefined;
  return (
    <section>
      {preview ? <FormMessage tone="error" message={t("preview")} /> : null}
      <h1>{round.title}</h1>
      {round.description ? <p className="lead">{round.description}</p> : null}
      <p className="meta">
        {round.phase === "upcoming" ? t("opensOn", { when: round.opensAt }) : round.phase === "open" ? t("closesOn", { when: round.closesAt }) : t("closedOn", { when: round.closesAt })}
      </p>
      {results ? (
        <p>
          <Link to={`/rounds/${round.id}/results`}>{t("seeResults")}</Link>
        </p>
      ) : null}
      {round.phase !== "open" || preview ? (
        <ul className="cards">
          {options.map((o) => (
            <li key={o.id} className="card">
              <h2>{o.title}</h2>
              <OptionText option={o} />
            </li>
          ))}
        </ul>
      ) : !signedIn ? (
        <>
          <p className="notice">
            <Link to={`/login?${new URLSearchParams({ redirectTo: `/rounds/${round.id}` })}`}>{t("signInToVote")}</Link>
          </p>
          <ul className="cards">
            {options.map((o) => (
              <li key={o.id} className="card">
                <h2>{o.title}</h2>
                <OptionText option={o} />
              </li>
            ))}
          </ul>
        </>
      ) : refusal ? (
        <div className="notice notice-error">
          <p>{t(`refusal.${refusal}`)}</p>
          {refusal === "verifiedOnly" ? (
            <p>
              <Link to="/me/verify">{t("refusal.getVerified")}</Link>
            </p>
          ) : null}
        </div>
      ) : (
        <>
          {own ? <FormMessage tone="success" message={t("alreadyVoted")} /> : null}
          {errorText ? <FormMessage tone="error" message={errorText} /> : null}
          <Form method="post" ref={formRef} className="ballot" aria-labelledby="ballot-title">
            <h2 id="ballot-title">{t("yourBallot")}</h2>
            <Rules round={round} />
            <LiveStatus formRef={formRef} round={round} costs={costs} />
            <BallotInputs round={round} options={options} choices={choices} />
            <div className="actions">
              <button type="submit" className="button">
                {own ? t("changeBallot") : t("castBallot")}
              </button>
            </div>
          </Form>
        </>
      )}
    </section>
  );
}
