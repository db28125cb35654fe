import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { phase, rulesLocked } from "~/domain/rounds";
import { optionSchema, type OptionFields, type RoundSettingsFields } from "~/domain/rounds-forms.server";
import { pick } from "~/domain/translated";
import { listGoals } from "~/models/municipality.server";
import { addOption, closeNow, deleteOption, existingIdeaIds, getRound, moveOption, setPublished, turnout, updateRoundSettings } from "~/models/rounds.server";
import { formatDateTime, formatNumber } from "~/ui/format";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { OptionFieldsView, RoundSettingsFieldsView } from "~/ui/round-forms";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { choiceLists, readSettings, settingsDefaults } from "~/utils/rounds-hub.server";
import { roundIdFrom } from "~/utils/rounds-view.server";
import { requireStaff } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

function load(id: number) {
  const round = getRound(id);
  if (!round) throw json({ reason: "notFound" }, { status: 404 });
  return round;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const round = load(roundIdFrom(params));
  const language = await getLanguage(request);
  const p = phase(round, new Date());
  return json({
    title: getT(language, "rounds")("builder.editTitle", { title: pick(round.title, language) }),
    id: round.id,
    phase: p,
    locked: rulesLocked(p),
    method: round.method,
    rules: {
      maxChoices: round.maxChoices === null ? null : formatNumber(language, round.maxChoices),
      pointsTotal: round.pointsTotal === null ? null : formatNumber(language, round.pointsTotal),
      pointsPerOption: round.pointsPerOption === null ? null : formatNumber(language, round.pointsPerOption),
      budget: round.budget === null ? null : formatNumber(language, round.budget),
      budgetRule: round.budgetRule,
      opensAt: formatDateTime(language, round.opensAt),
      eligibility: round.eligibility,
      resultsShown: round.resultsShown,
    },
    ballots: formatNumber(language, turnout(round.id).total),
    defaults: settingsDefaults(round),
    options: round.options.map((o) => ({ id: o.id, title: pick(o.title, language), cost: o.cost === null ? null : formatNumber(language, o.cost), ideas: o.ideas.map((i) => i.id) })),
    ...choiceLists(language),
  });
}

const intentSchema = z.object({ intent: z.enum(["settings", "publish", "unpublish", "close", "addOption", "up", "down", "delete"]) });
const optionTarget = z.object({ option: z.coerce.number().int().positive() });

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const round = load(roundIdFrom(params));
  const formData = await readForm(request);
  const parsed = intentSchema.safeParse({ intent: formData.get("intent") });
  if (!parsed.success) throw json({ reason: "badRequest" }, { status: 400 });
  const intent = parsed.data.intent;
  const refused = (reason: string, status = 409) => json({ done: null, refused: reason, settings: null, option: null }, { status });
  switch (intent) {
    case "settings": {
      const { submission, columns } = readSettings(formData);
      if (!columns) return json({ done: null, refused: null, settings: submission.reply(), option: null }, { status: 400 });
      const result = updateRoundSettings(round.id, columns, staff.id);
      if (!result.ok) return refused(result.reason);
      return json({ done: "saved", refused: null, settings: submission.reply(), option: null });
    }
    case "publish":
    case "unpublish": {
      const result = setPublished(round.id, intent === "publish", staff.id);
      if (!result.ok) return refused(result.reason);
      return json({ done: intent === "publish" ? "published" : "unpublished", refused: null, settings: null, option: null });
    }
    case "close":
      return closeNow(round.id, staff.id) ? json({ done: "closed", refused: null, settings: null, option: null }) : refused("notOpen");
    case "addOption": {
      const submission = parseWithZod(formData, { schema: optionSchema });
      if (submission.status !== "success") return json({ done: null, refused: null, settings: null, option: submission.reply() }, { status: 400 });
      const v = submission.value;
      const ideaIds = v.ideas ?? [];
      const missing = ideaIds.filter((id) => !existingIdeaIds(ideaIds).includes(id));
      if (missing.length) return json({ done: null, refused: null, settings: null, option: submission.reply({ fieldErrors: { ideas: [`unknownIdea:${missing[0]}`] } }) }, { status: 400 });
      if (v.goalId && !listGoals().some((g) => g.id === v.goalId)) return json({ done: null, refused: null, settings: null, option: submission.reply({ fieldErrors: { goalId: ["choose"] } }) }, { status: 400 });
      const result = addOption(round.id, { title: v.title, description: v.description, cost: round.method === "budget" ? (v.cost ?? null) : null, goalId: v.goalId ?? null, ideaIds }, staff.id);
      if (!result.ok) return refused(result.reason);
      return json({ done: "optionAdded", refused: null, settings: null, option: submission.reply({ resetForm: true }) });
    }
    case "up":
    case "down":
    case "delete": {
      const target = optionTarget.safeParse({ option: formData.get("option") });
      if (!target.success) throw json({ reason: "badRequest" }, { status: 400 });
      if (intent === "delete") {
        const result = deleteOption(round.id, target.data.option, staff.id);
        return result.ok ? json({ done: "optionDeleted", refused: null, settings: null, option: null }) : refused(result.reason);
      }
      return moveOption(round.id, target.data.option, intent, staff.id) ? json({ done: "saved", refused: null, settings: null, option: null }) : refused("locked");
    }
  }
}

function RulesSummary({ method, rules }: { method: string; rules: ReturnType<typeof useLoaderData<typeof loader>>["rules"] }) {
  const { t } = useTranslation("rounds");
  return (
    <dl className="facts">
      <dt>{t("builder.method")}</dt>
      <dd>{t(`method.${method}`)}</dd>
      {rules.maxChoices ? (
        <>
          <dt>{t("builder.maxChoices")}</dt>
          <dd>{rules.maxChoices}</dd>
        </>
      ) : null}
      {rules.pointsTotal ? (
        <>
          <dt>{t("builder.pointsTotal")}</dt>
          <dd>{rules.pointsTotal}</dd>
        </>
      ) : null}
      {rules.budget ? (
        <>
          <dt>{t("builder.budget")}</dt>
          <dd>{rules.budget}</dd>
          <dt>{t("builder.budgetRule")}</dt>
          <dd>{t(`rule.${rules.budgetRule ?? "greedy"}`)}</dd>
        </>
      ) : null}
      <dt>{t("builder.opensAt")}</dt>
      <dd>{rules.opensAt}</dd>
      <dt>{t("builder.eligibility")}</dt>
      <dd>{t(`eligibility.${rules.eligibility}`)}</dd>
      <dt>{t("builder.resultsShown")}</dt>
      <dd>{t(`resultsShown.${rules.resultsShown}`)}</dd>
    </dl>
  );
}

export default function EditRound() {
  const { title, id, phase: p, locked, method, rules, ballots, defaults, options, districts, goals } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation("rounds");
  const [settingsForm, settingsFields] = useForm<RoundSettingsFields>({ id: "settings", lastResult: data?.settings, defaultValue: defaults, shouldRevalidate: "onInput" });
  const [optionForm, optionFields] = useForm<OptionFields>({ id: "new-option", lastResult: data?.option, shouldRevalidate: "onInput" });
  const done = data?.done ?? (search.get("created") ? "created" : search.get("imported") ? "imported" : null);
  return (
    <section>
      <h1>{title}</h1>
      {done ? <FormMessage tone="success" message={t(`builder.done.${done}`, { n: search.get("imported") ?? "" })} /> : null}
      {data?.refused ? <FormMessage message={t(`builder.refused.${data.refused}`)} /> : null}
      <p>
        {t("hub.status")}: <strong>{t(`phase.${p}`)}</strong> · {t("results.ballots")}: {ballots}
      </p>
      <div className="actions">
        {p === "draft" ? (
          <Form method="post">
            <button type="submit" name="intent" value="publish" className="button">
              {t("builder.publish")}
            </button>
          </Form>
        ) : null}
        {p === "upcoming" ? (
          <Form method="post">
            <button type="submit" name="intent" value="unpublish" className="button button-secondary">
              {t("builder.unpublish")}
            </button>
          </Form>
        ) : null}
        {p === "open" ? (
          <Form method="post">
            <button type="submit" name="intent" value="close" className="button button-secondary">
              {t("builder.closeNow")}
            </button>
          </Form>
        ) : null}
        <Link to={`/rounds/${id}`}>{t("builder.preview")}</Link>
        <Link to={`/rounds/${id}/results`}>{t("seeResults")}</Link>
        {p === "open" || p === "closed" ? <Link to={`/hub/rounds/${id}/paper`}>{t("paper.link")}</Link> : null}
        <a href={`/hub/rounds/${id}/ballots.pb`} download>
          {t("builder.exportPb")}
        </a>
      </div>

      <h2 id="options-title">{t("builder.options")}</h2>
      {options.length ? (
        <ol className="option-list" aria-labelledby="options-title">
          {options.map((o, i) => (
            <li key={o.id}>
              <Link to={`/hub/rounds/${id}/options/${o.id}`}>{o.title}</Link>
              {o.cost !== null ? ` · ${t("cost", { amount: o.cost })}` : ""}
              {o.ideas.length ? ` · ${t("builder.fromIdeasCount", { ids: o.ideas.map((n) => `#${n}`).join(", ") })}` : ""}
              {!locked ? (
                <Form method="post" className="inline-actions">
                  <input type="hidden" name="option" value={o.id} />
                  <button type="submit" name="intent" value="up" className="link-button" disabled={i === 0}>
                    {t("builder.moveUp", { title: o.title })}
                  </button>
                  <button type="submit" name="intent" value="down" className="link-button" disabled={i === options.length - 1}>
                    {t("builder.moveDown", { title: o.title })}
                  </button>
                  <button type="submit" name="intent" value="delete" className="link-button">
                    {t("builder.delete", { title: o.title })}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("builder.noOptions")}</p>
      )}

      {!locked ? (
        <details className="panel" open={options.length < 2 || Boolean(data?.option && optionForm.status === "error")}>
          <summary>{t("builder.addOption")}</summary>
          <FormMessage invalid={optionForm.status === "error"} />
          <Form method="post" {...getFormProps(optionForm)}>
            <OptionFieldsView fields={optionFields} goals={goals} withCost={method === "budget"} costLocked={false} />
            <button type="submit" name="intent" value="addOption" className="button">
              {t("builder.addOption")}
            </button>
          </Form>
        </details>
      ) : null}

      <h2>{t("builder.settings")}</h2>
      <FormMessage invalid={settingsForm.status === "error"} />
      <Form method="post" {...getFormProps(settingsForm)}>
        <RoundSettingsFieldsView fields={settingsFields} districts={districts} locked={locked} closed={p === "closed"} summary={<RulesSummary method={method} rules={rules} />} />
        <button type="submit" name="intent" value="settings" className="button">
          {t("builder.save")}
        </button>
      </Form>
    </section>
  );
}
