import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { pick } from "~/domain/translated";
import { approveMany, moderationQueue } from "~/models/ideas.server";
import { listDistricts, listGoals } from "~/models/municipality.server";
import { notifyPeople } from "~/models/notifications.server";
import { formatDateTime, formatNumber } from "~/ui/format";
import { FilterSelect } from "~/ui/filters";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

const filterSchema = z.object({
  district: z.coerce.number().int().positive().optional().catch(undefined),
  goal: z.coerce.number().int().positive().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const language = await getLanguage(request);
  const url = new URL(request.url);
  const filter = filterSchema.parse({ district: url.searchParams.get("district") || undefined, goal: url.searchParams.get("goal") || undefined });
  const { waiting, reported } = moderationQueue(filter);
  return json({
    title: getT(language, "hub")("moderation.title"),
    filter,
    districts: listDistricts().map((d) => ({ id: d.id, name: pick(d.name, language) })),
    goals: listGoals().map((g) => ({ id: g.id, title: pick(g.title, language) })),
    waiting: waiting.map((i) => ({ id: i.id, title: i.title, author: i.authorName, created: formatDateTime(language, i.createdAt) })),
    reported: reported.map((r) => ({ ...r, count: formatNumber(language, r.count), hidden: Boolean(r.hidden), reasons: r.reasons.split(",") })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const formData = await readForm(request);
  const ids = formData
    .getAll("idea")
    .map((v) => Number(v))
    .filter((n) => Number.isSafeInteger(n) && n > 0)
    .slice(0, 200);
  const approved = approveMany(ids, staff.id);
  const origin = new URL(request.url).origin;
  for (const { ideaId, result } of approved) {
    if (result.ok && result.authorId && result.authorId !== staff.id) {
      notifyPeople([result.authorId], { kind: "status", ideaId, data: { title: result.title, status: "published" }, baseUrl: origin });
    }
  }
  return json({ approved: approved.length });
}

export default function ModerationQueue() {
  const { title, waiting, reported, filter, districts, goals } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation(["hub", "ideas"]);
  return (
    <section>
      <h1>{title}</h1>
      <p>{t("moderation.lead")}</p>
      {data ? <FormMessage tone="success" message={t("moderation.approved", { n: data.approved })} /> : null}
      <h2 id="waiting">{t("moderation.waiting")}</h2>
      <Form method="get" className="filters filter-row">
        <FilterSelect id="queue-district" name="district" label={t("ideas:list.district")} anyLabel={t("ideas:list.any")} value={filter.district} options={districts.map((d) => ({ value: d.id, label: d.name }))} />
        <FilterSelect id="queue-goal" name="goal" label={t("ideas:list.goal")} anyLabel={t("ideas:list.any")} value={filter.goal} options={goals.map((g) => ({ value: g.id, label: g.title }))} />
        <div className="field">
          <button type="submit" className="button button-secondary">
            {t("ideas:list.apply")}
          </button>
        </div>
      </Form>
      {waiting.length === 0 ? (
        <p>{t("moderation.none")}</p>
      ) : (
        <Form method="post" aria-labelledby="waiting">
          <ul className="queue">
            {waiting.map((i) => (
              <li key={i.id}>
                <input type="checkbox" name="idea" value={i.id} id={`idea-${i.id}`} aria-label={t("moderation.select", { title: i.title })} />
                <span>
                  <Link to={`/hub/ideas/${i.id}`}>{i.title}</Link>
                  <span className="meta">
                    {" "}
                    · {t("moderation.submittedBy", { name: i.author ?? "—" })} · {i.created}
                  </span>
                </span>
              </li>
            ))}
          </ul>
          <button type="submit" className="button">
            {t("moderation.approveSelected")}
          </button>
        </Form>
      )}
      <h2>{t("moderation.reported")}</h2>
      {reported.length === 0 ? (
        <p>{t("moderation.noReports")}</p>
      ) : (
        <ul className="queue">
          {reported.map((r) => (
            <li key={`${r.targetType}-${r.targetId}`}>
              <span>
                <Link to={`/hub/ideas/${r.ideaId}${r.targetType === "comment" ? `#comment-${r.targetId}` : ""}`}>{r.text.slice(0, 120)}</Link>
                <span className="meta">
                  {" "}
                  · {t("moderation.reports", { n: r.count })} · {r.reasons.map((reason) => t(`ideas:reasons.${reason}`)).join(", ")}
                  {r.hidden ? ` · ${t("moderation.hiddenNow")}` : ""}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
