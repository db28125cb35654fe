import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LISTED_STATUSES } from "~/domain/ideas";
import { listQuerySchema } from "~/domain/ideas-forms.server";
import { pick } from "~/domain/translated";
import { listIdeas, PAGE_SIZE } from "~/models/ideas.server";
import { listDistricts, listGoals } from "~/models/municipality.server";
import { formatNumber } from "~/ui/format";
import { FilterSelect } from "~/ui/filters";
import { IdeaCard } from "~/ui/idea-card";
import { pageTitle } from "~/ui/meta";
import { getLanguage, getT } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const url = new URL(request.url);
  // Every parameter is optional and checked: a wrong one falls back to its default, never a 500.
  const query = listQuerySchema.parse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  const goals = listGoals().map((g) => ({ id: g.id, title: pick(g.title, language) }));
  const districts = listDistricts().map((d) => ({ id: d.id, name: pick(d.name, language) }));
  const goalTitle = new Map(goals.map((g) => [g.id, g.title]));
  const districtName = new Map(districts.map((d) => [d.id, d.name]));
  const { items, total } = listIdeas(query);
  return json({
    title: getT(language, "ideas")("list.title"),
    query,
    total: formatNumber(language, total),
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    goals,
    districts,
    ideas: items.map((i) => ({ ...i, goal: goalTitle.get(i.goalId) ?? "", district: districtName.get(i.districtId) ?? "" })),
  });
}

export default function Ideas() {
  const { title, query, total, pages, goals, districts, ideas } = useLoaderData<typeof loader>();
  const { t } = useTranslation("ideas");
  const pageLink = (page: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...query, page })) if (v !== undefined && v !== "") params.set(k, String(v));
    return `/ideas?${params}`;
  };
  return (
    <section>
      <div className="title-row">
        <h1>{title}</h1>
        <Link className="button" to="/ideas/new">
          {t("list.newIdea")}
        </Link>
      </div>
      <p className="lead">{t("list.lead")}</p>
      <Form method="get" className="filters" aria-label={t("list.filtersLabel")}>
        <div className="field">
          <label htmlFor="q">{t("list.search")}</label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ""} maxLength={200} />
        </div>
        <div className="filter-row">
          <FilterSelect id="district" name="district" label={t("list.district")} anyLabel={t("list.any")} value={query.district} options={districts.map((d) => ({ value: d.id, label: d.name }))} />
          <FilterSelect id="goal" name="goal" label={t("list.goal")} anyLabel={t("list.any")} value={query.goal} options={goals.map((g) => ({ value: g.id, label: g.title }))} />
          <FilterSelect id="status" name="status" label={t("list.status")} anyLabel={t("list.any")} value={query.status} options={LISTED_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
          <FilterSelect
            id="sort"
            name="sort"
            label={t("list.sort")}
            value={query.sort}
            options={[
              { value: "new", label: t("list.sortNew") },
              { value: "supported", label: t("list.sortSupported") },
              { value: "discussed", label: t("list.sortDiscussed") },
            ]}
          />
        </div>
        <button type="submit" className="button">
          {t("list.apply")}
        </button>
      </Form>
      <p role="status">{t("list.found", { n: total })}</p>
      {ideas.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <ul className="cards idea-list">
          {ideas.map((idea) => (
            <IdeaCard key={idea.id} idea={idea} />
          ))}
        </ul>
      )}
      {pages > 1 ? (
        <nav aria-label={t("list.pages")} className="pager">
          {query.page > 1 ? <Link to={pageLink(query.page - 1)}>{t("list.previous")}</Link> : <span />}
          <span>{t("list.pageOf", { page: query.page, pages })}</span>
          {query.page < pages ? <Link to={pageLink(query.page + 1)}>{t("list.next")}</Link> : <span />}
        </nav>
      ) : null}
    </section>
  );
}
