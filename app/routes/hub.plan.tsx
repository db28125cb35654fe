import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { audience } from "~/domain/ideas";
import { clean } from "~/domain/plan";
import { linkSchema, measureSchema, type MeasureFields } from "~/domain/plan-forms.server";
import { pick } from "~/domain/translated";
import { getIdea, supporterIds } from "~/models/ideas.server";
import { notifyPeople } from "~/models/notifications.server";
import { createMeasure, goalLinks, linkInput, listPlan, unlinkInput } from "~/models/plan.server";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { MeasureFieldsView } from "~/ui/plan-forms";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const language = await getLanguage(request);
  // A goal may hold thousands of links: the newest few are shown, all of one goal on request.
  const all = Number(new URL(request.url).searchParams.get("links"));
  return json({
    title: getT(language, "plan")("hub.title"),
    goals: listPlan().map((g) => ({
      id: g.id,
      title: pick(g.title, language),
      measures: g.measures.map((m) => ({ id: m.id, title: pick(m.title, language), status: m.status, progress: m.progress })),
      ...goalLinks(g.id, all === g.id ? null : LINKS_SHOWN),
      allLinks: all === g.id,
    })),
  });
}

/** Links shown for each goal, unless all of a goal's are asked for. */
const LINKS_SHOWN = 10;

const intentSchema = z.object({ intent: z.enum(["addMeasure", "link", "unlink"]), goal: z.coerce.number().int().positive() });
const DECIDED = ["accepted", "in_progress", "implemented"];

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const formData = await readForm(request);
  const parsed = intentSchema.safeParse({ intent: formData.get("intent"), goal: formData.get("goal") });
  if (!parsed.success) throw json({ reason: "badRequest" }, { status: 400 });
  const { intent, goal } = parsed.data;
  if (!listPlan().some((g) => g.id === goal)) throw json({ reason: "notFound" }, { status: 404 });
  if (intent === "addMeasure") {
    const submission = parseWithZod(formData, { schema: measureSchema });
    if (submission.status !== "success") return json({ goal, done: null, refused: null, measure: submission.reply() }, { status: 400 });
    const v = submission.value;
    createMeasure(goal, { title: clean(v.title), description: clean(v.description), department: clean(v.department), status: v.status, progress: v.progress, startsOn: v.startsOn ?? null, endsOn: v.endsOn ?? null }, staff.id);
    return json({ goal, done: "measureAdded", refused: null, measure: submission.reply({ resetForm: true }) });
  }
  if (intent === "unlink") {
    const id = z.coerce.number().int().positive().safeParse(formData.get("link"));
    if (!id.success) throw json({ reason: "badRequest" }, { status: 400 });
    if (!unlinkInput(id.data, staff.id)) return json({ goal, done: null, refused: "linkGone" as const, measure: null }, { status: 404 });
    return json({ goal, done: "unlinked", refused: null, measure: null });
  }
  const link = linkSchema.safeParse({ kind: formData.get("kind"), targetId: formData.get("targetId"), measureId: formData.get("measureId") || undefined });
  if (!link.success) return json({ goal, done: null, refused: "badLink", measure: null }, { status: 400 });
  const result = linkInput({ kind: link.data.kind, targetId: link.data.targetId, goalId: goal, measureId: link.data.measureId ?? null }, staff.id);
  if (result !== "linked") return json({ goal, done: null, refused: result, measure: null }, { status: result === "exists" ? 409 : 404 });
  // Linking a taken-up idea to a measure is news for its author and supporters.
  if (link.data.kind === "idea" && link.data.measureId) {
    const idea = getIdea(link.data.targetId);
    const measure = listPlan().flatMap((g) => g.measures).find((m) => m.id === link.data.measureId);
    if (idea && measure && DECIDED.includes(idea.status)) {
      notifyPeople(audience(idea.authorId, supporterIds(idea.id), staff.id), {
        kind: "plan",
        ideaId: idea.id,
        data: { title: idea.title, measure: measure.title },
        baseUrl: new URL(request.url).origin,
      });
    }
  }
  return json({ goal, done: "linked", refused: null, measure: null });
}

function AddMeasure({ goal, lastResult }: { goal: number; lastResult: unknown }) {
  const { t } = useTranslation("plan");
  const [form, fields] = useForm<MeasureFields>({ id: `measure-${goal}`, lastResult: lastResult as never, defaultValue: { status: "planned", progress: "0" }, shouldRevalidate: "onInput" });
  return (
    <details className="panel" open={form.status === "error"}>
      <summary>{t("hub.addMeasure")}</summary>
      <FormMessage invalid={form.status === "error"} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="goal" value={goal} />
        <MeasureFieldsView fields={fields} />
        <button type="submit" name="intent" value="addMeasure" className="button">
          {t("hub.addMeasure")}
        </button>
      </Form>
    </details>
  );
}

export default function HubPlan() {
  const { title, goals } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("plan");
  return (
    <section>
      <h1>{title}</h1>
      <p className="lead">{t("hub.lead")}</p>
      {goals.map((g) => (
        <section key={g.id} className="panel" aria-labelledby={`goal-${g.id}`}>
          <h2 id={`goal-${g.id}`}>
            <Link to={`/plan/${g.id}`}>{g.title}</Link>
          </h2>
          {data?.goal === g.id && data.done ? <FormMessage tone="success" message={t(`hub.done.${data.done}`)} /> : null}
          {data?.goal === g.id && data.refused ? <FormMessage message={t(`hub.refused.${data.refused}`)} /> : null}
          {g.measures.length ? (
            <ul className="option-list">
              {g.measures.map((m) => (
                <li key={m.id}>
                  <Link to={`/hub/plan/measures/${m.id}`}>{m.title}</Link> · {t(`status.${m.status}`)} · {m.progress} %
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("plan.noMeasures")}</p>
          )}
          <AddMeasure goal={g.id} lastResult={data?.goal === g.id ? data.measure : undefined} />
          <details className="panel" open={g.allLinks || undefined}>
            <summary>{t("hub.link")}</summary>
            <p className="help">{t("hub.linkHelp")}</p>
            <Form method="post">
              <input type="hidden" name="goal" value={g.id} />
              <div className="field">
                <label htmlFor={`kind-${g.id}`}>{t("hub.kind")}</label>
                <select id={`kind-${g.id}`} name="kind" defaultValue="idea">
                  {(["idea", "option", "question"] as const).map((k) => (
                    <option key={k} value={k}>
                      {t(`hub.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`target-${g.id}`}>{t("hub.number")}</label>
                <input id={`target-${g.id}`} name="targetId" inputMode="numeric" required />
              </div>
              <div className="field">
                <label htmlFor={`measure-of-${g.id}`}>{t("hub.measure")}</label>
                <select id={`measure-of-${g.id}`} name="measureId" defaultValue="">
                  <option value="">{t("hub.goalOnly")}</option>
                  {g.measures.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.title}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" name="intent" value="link" className="button button-secondary">
                {t("hub.linkSubmit")}
              </button>
            </Form>
            {g.links.length ? (
              <ul>
                {g.links.map((l) => (
                  <li key={l.id}>
                    {t(`hub.kinds.${l.kind}`)} #{l.targetId}
                    {l.measureId ? ` → ${g.measures.find((m) => m.id === l.measureId)?.title ?? ""}` : ""}
                    <Form method="post" className="inline-actions">
                      <input type="hidden" name="goal" value={g.id} />
                      <input type="hidden" name="link" value={l.id} />
                      <button type="submit" name="intent" value="unlink" className="link-button">
                        {t("hub.unlink", { what: `#${l.targetId}` })}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            ) : null}
            {g.links.length < g.total ? (
              <p>
                {t("hub.linksShown", { shown: g.links.length, total: g.total })}{" "}
                <Link to={`?links=${g.id}#goal-${g.id}`}>{t("hub.allLinks")}</Link>
              </p>
            ) : null}
          </details>
        </section>
      ))}
    </section>
  );
}
