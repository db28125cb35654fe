import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { checkBallot, phase, readBallot, type BallotError, type Choice } from "~/domain/rounds";
import { pick } from "~/domain/translated";
import { recordAudit } from "~/models/audit.server";
import { listDistricts } from "~/models/municipality.server";
import { enterPaperBallot, getRound, turnout } from "~/models/rounds.server";
import { BallotInputs, LiveStatus, Rules, type BallotOption } from "~/ui/ballot";
import { formatNumber } from "~/ui/format";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { ballotOptions, roundIdFrom, shownRules } from "~/utils/rounds-view.server";
import { requireStaff } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

// Staff type in paper ballots from a polling station, one after another. Each is stored with
// who entered it (channel "paper"); the voter has no account, only the district on the paper.
function load(params: { id?: string }) {
  const round = getRound(roundIdFrom(params));
  if (!round) throw json({ reason: "notFound" }, { status: 404 });
  const p = phase(round, new Date());
  if (p !== "open" && p !== "closed") throw json({ reason: "notFound" }, { status: 404 });
  return round;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const round = load(params);
  const language = await getLanguage(request);
  const paper = turnout(round.id).byChannel.find((c) => c.channel === "paper")?.ballots ?? 0;
  return json({
    title: getT(language, "rounds")("paper.title", { title: pick(round.title, language) }),
    round: { id: round.id, method: round.method, maxChoices: round.maxChoices, pointsTotal: round.pointsTotal, pointsPerOption: round.pointsPerOption, budget: round.budget, shown: shownRules(round, language) },
    options: ballotOptions(round, language).map((o): BallotOption => ({ ...o, description: "", ideas: [], photo: false, goal: null })),
    districts: listDistricts().map((d) => ({ id: d.id, name: pick(d.name, language) })),
    paper: formatNumber(language, paper),
  });
}

const districtSchema = z.object({ district: z.union([z.literal(""), z.string().regex(/^[1-9]\d{0,9}$/)]).catch("") });

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const round = load(params);
  const formData = await readForm(request);
  const choices = readBallot(round.method, formData.entries());
  if (choices === null) throw json({ reason: "badRequest" }, { status: 400 });
  const { district } = districtSchema.parse({ district: formData.get("district") ?? "" });
  const districtId = district && listDistricts().some((d) => d.id === Number(district)) ? Number(district) : null;
  const checked = checkBallot(round, new Map(round.options.map((o) => [o.id, o.cost])), choices);
  if (!checked.ok) return json({ error: checked.error as BallotError, choices: choices as Choice[], district: districtId, entered: null }, { status: 400 });
  const ballotId = enterPaperBallot({ roundId: round.id, enteredBy: staff.id, districtId, choices: checked.choices });
  recordAudit({ actorId: staff.id, action: "round.paperBallot", targetType: "round", targetId: round.id, details: { ballotId } });
  return json({ error: null, choices: [] as Choice[], district: districtId, entered: ballotId });
}

export default function PaperBallots() {
  const { title, round, options, districts, paper } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("rounds");
  const formRef = useRef<HTMLFormElement>(null);
  const [costs] = useState(() => new Map(options.map((o) => [o.id, o.cost ?? 0])));
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p>
        <Link to={`/hub/rounds/${round.id}`}>{t("builder.backToRound")}</Link>
      </p>
      <p>{t("paper.lead", { n: paper })}</p>
      {data?.entered ? <FormMessage tone="success" message={t("paper.entered")} /> : null}
      {data?.error ? (
        <FormMessage message={data.error === "tooManyChoices" ? t("errors.tooManyChoices", { n: round.shown.maxChoices }) : t(`errors.${data.error}`)} />
      ) : null}
      {/* A new key after each entry gives a blank form for the next paper. */}
      <Form method="post" ref={formRef} key={data?.entered ?? "form"} className="ballot">
        <div className="field">
          <label htmlFor="district">{t("paper.district")}</label>
          <select id="district" name="district" defaultValue={data?.district ?? ""}>
            <option value="">{t("paper.noDistrict")}</option>
            {districts.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <Rules round={round} />
        <LiveStatus formRef={formRef} round={round} costs={costs} />
        <h2>{t("builder.options")}</h2>
        <BallotInputs round={round} options={options} choices={data?.choices ?? []} />
        <button type="submit" className="button">
          {t("paper.submit")}
        </button>
      </Form>
    </section>
  );
}
