import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "~/ui/format";
import type { Language } from "~/utils/i18n";

export type IdeaCardData = {
  id: number;
  title: string;
  excerpt: string;
  status: string;
  supportsCount: number;
  commentsCount: number;
  photoId: number | null;
  goal: string;
  district: string;
};

/** One idea in a list: title, where and what for, status, and how much support. */
export function IdeaCard({ idea }: { idea: IdeaCardData }) {
  const { t, i18n } = useTranslation("ideas");
  // Numbers are formatted for the page's language before they go into the sentence.
  const n = (value: number) => formatNumber(i18n.language as Language, value);
  return (
    <li className="card idea-card">
      {idea.photoId ? <img src={`/ideas/${idea.id}/photo?size=thumb`} alt="" width={96} height={72} loading="lazy" /> : null}
      <div>
        {/* The list's page has only its <h1> above: each idea is a second-level heading. */}
        <h2>
          <Link to={`/ideas/${idea.id}`}>{idea.title}</Link>
        </h2>
        <p className="meta">
          <span className={`status status-${idea.status}`}>{t(`status.${idea.status}`)}</span> · {idea.district} · {idea.goal}
        </p>
        <p>{idea.excerpt}</p>
        <p className="meta">
          {t("card.supports", { n: n(idea.supportsCount) })} · {t("card.comments", { n: n(idea.commentsCount) })}
        </p>
      </div>
    </li>
  );
}
