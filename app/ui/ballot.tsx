// The ballot's parts, shared by the resident's ballot page and the hub's paper-ballot entry.
import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { RoundMethod } from "#db/schema";
import type { Choice } from "~/domain/rounds";
import { formatNumber } from "~/ui/format";
import type { Language } from "~/utils/i18n";

/** `shown` holds the round's numbers formatted on the server, so that the page hydrates as rendered. */
export type BallotRound = {
  method: RoundMethod;
  maxChoices: number | null;
  pointsTotal: number | null;
  pointsPerOption: number | null;
  budget: number | null;
  shown: { maxChoices: string; pointsTotal: string; pointsPerOption: string; budget: string };
};
export type BallotOption = { id: number; title: string; description: string; cost: number | null; costShown: string | null; goal: string | null; ideas: Array<{ id: number; title: string }>; photo: boolean };

/** What the ballot adds up to: choices, points or money used, from the form's current state. */
function tallyForm(form: HTMLFormElement, round: BallotRound, costs: Map<number, number>) {
  const data = new FormData(form);
  const chosen = data.getAll("option").map(Number);
  switch (round.method) {
    case "approval":
      return { used: chosen.length, limit: round.maxChoices ?? 0 };
    case "budget":
      return { used: chosen.reduce((sum, id) => sum + (costs.get(id) ?? 0), 0), limit: round.budget ?? 0 };
    case "ranked":
      return { used: [...data.entries()].filter(([k, v]) => k.startsWith("rank-") && v !== "").length, limit: round.maxChoices ?? 0 };
    case "points":
      return { used: [...data.entries()].filter(([k]) => k.startsWith("points-")).reduce((sum, [, v]) => sum + (Number(v) || 0), 0), limit: round.pointsTotal ?? 0 };
  }
}

/** With JavaScript: a live line saying what is left (and a budget bar). Without, the rules line stands alone. */
export function LiveStatus({ formRef, round, costs }: { formRef: React.RefObject<HTMLFormElement>; round: BallotRound; costs: Map<number, number> }) {
  const { t, i18n } = useTranslation("rounds");
  const [state, setState] = useState<{ used: number; limit: number } | null>(null);
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const update = () => setState(tallyForm(form, round, costs));
    update();
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    return () => {
      form.removeEventListener("input", update);
      form.removeEventListener("change", update);
    };
  }, [formRef, round, costs]);
  if (!state) return null;
  const n = (v: number) => formatNumber(i18n.language as Language, v);
  const over = state.used > state.limit;
  const key = round.method === "budget" ? "live.budget" : round.method === "points" ? "live.points" : "live.choices";
  return (
    <div className="ballot-status">
      <p aria-live="polite" className={over ? "error" : undefined}>
        {t(key, { used: n(state.used), limit: n(state.limit) })} {over ? t("live.over") : t("live.left", { n: n(state.limit - state.used) })}
      </p>
      {round.method === "budget" ? (
        <div className="budget-bar" aria-hidden="true">
          <div className={over ? "budget-bar-fill budget-bar-over" : "budget-bar-fill"} style={{ width: `${Math.min(100, (state.used / Math.max(1, state.limit)) * 100)}%` }} />
        </div>
      ) : null}
    </div>
  );
}

export function Rules({ round }: { round: BallotRound }) {
  const { t } = useTranslation("rounds");
  const n = round.shown;
  switch (round.method) {
    case "approval":
      return <p>{t("rules.approval", { n: n.maxChoices })}</p>;
    case "ranked":
      return <p>{t("rules.ranked", { n: n.maxChoices })}</p>;
    case "points":
      return <p>{round.pointsPerOption ? t("rules.pointsWithCap", { n: n.pointsTotal, m: n.pointsPerOption }) : t("rules.points", { n: n.pointsTotal })}</p>;
    case "budget":
      return <p>{t("rules.budget", { amount: n.budget })}</p>;
  }
}

export function OptionText({ option }: { option: BallotOption }) {
  const { t } = useTranslation("rounds");
  return (
    <>
      {option.photo ? <img src={`/rounds/options/${option.id}/photo?size=thumb`} alt="" width={480} height={320} loading="lazy" /> : null}
      {option.description ? <p>{option.description}</p> : null}
      {option.goal ? <p className="meta">{t("goal", { goal: option.goal })}</p> : null}
      {option.ideas.length ? (
        <p className="meta">
          {t("fromIdeas")}{" "}
          {option.ideas.map((idea, i) => (
            <span key={idea.id}>
              {i > 0 ? ", " : ""}
              <Link to={`/ideas/${idea.id}`}>{idea.title}</Link>
            </span>
          ))}
        </p>
      ) : null}
      {option.costShown !== null ? <p className="cost">{t("cost", { amount: option.costShown })}</p> : null}
    </>
  );
}

export function BallotInputs({ round, options, choices }: { round: BallotRound; options: BallotOption[]; choices: Choice[] }) {
  const { t } = useTranslation("rounds");
  const mine = new Map(choices.map((c) => [c.optionId, c]));
  if (round.method === "approval" || round.method === "budget") {
    return (
      <ul className="ballot-options">
        {options.map((o) => (
          <li key={o.id} className="ballot-option">
            <div className="field-checkbox">
              <input type="checkbox" id={`option-${o.id}`} name="option" value={o.id} defaultChecked={mine.has(o.id)} aria-describedby={`option-${o.id}-text`} />
              <label htmlFor={`option-${o.id}`}>{o.title}</label>
            </div>
            <div id={`option-${o.id}-text`}>
              <OptionText option={o} />
            </div>
          </li>
        ))}
      </ul>
    );
  }
  if (round.method === "ranked") {
    const ranks = Array.from({ length: Math.min(round.maxChoices ?? options.length, options.length) }, (_, i) => i + 1);
    return (
      <ul className="ballot-options">
        {options.map((o) => (
          <li key={o.id} className="ballot-option">
            <h3 id={`option-${o.id}-title`}>{o.title}</h3>
            <OptionText option={o} />
            <div className="field">
              <label htmlFor={`rank-${o.id}`}>{t("rankFor", { title: o.title })}</label>
              <select id={`rank-${o.id}`} name={`rank-${o.id}`} defaultValue={mine.get(o.id)?.rank ?? ""}>
                <option value="">{t("notRanked")}</option>
                {ranks.map((r) => (
                  <option key={r} value={r}>
                    {t("rankN", { n: r })}
                  </option>
                ))}
              </select>
            </div>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <ul className="ballot-options">
      {options.map((o) => (
        <li key={o.id} className="ballot-option">
          <h3>{o.title}</h3>
          <OptionText option={o} />
          <div className="field">
            <label htmlFor={`points-${o.id}`}>{t("pointsFor", { title: o.title })}</label>
            <input
              id={`points-${o.id}`}
              name={`points-${o.id}`}
              type="number"
              inputMode="numeric"
              min={0}
              max={round.pointsPerOption ?? round.pointsTotal ?? undefined}
              defaultValue={mine.get(o.id)?.points ?? ""}
            />
          </div>
        </li>
      ))}
    </ul>
  );
}

