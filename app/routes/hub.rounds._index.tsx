import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { phase } from "~/domain/rounds";
import { pick } from "~/domain/translated";
import { importPabulibRound } from "~/models/rounds-pabulib.server";
import { listRoundsForStaff } from "~/models/rounds.server";
import { formatDateTime, formatNumber } from "~/ui/format";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { ScrollTable } from "~/ui/table";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

/** A Pabulib file of a large city (Łódź 2022) is under 4 MB; 32 MB leaves room without inviting abuse. */
const MAX_PB_BYTES = 32 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const language = await getLanguage(request);
  const now = new Date();
  return json({
    title: getT(language, "rounds")("hub.title"),
    rounds: listRoundsForStaff().map((r) => ({
      id: r.id,
      title: pick(r.title, language),
      method: r.method,
      phase: phase(r, now),
      opensAt: formatDateTime(language, r.opensAt),
      closesAt: formatDateTime(language, r.closesAt),
      ballots: formatNumber(language, r.ballots),
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const formData = await readForm(request, MAX_PB_BYTES);
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return json({ error: "noFile" as const, line: null }, { status: 400 });
  const text = new TextDecoder("utf-8", { fatal: false }).decode(await file.arrayBuffer());
  const result = importPabulibRound({ text, importedBy: staff.id });
  if (!result.ok) return json({ error: "badFile" as const, line: result.line }, { status: 400 });
  return redirect(`/hub/rounds/${result.roundId}?imported=${result.ballots}`);
}

export default function HubRounds() {
  const { title, rounds } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("rounds");
  return (
    <section>
      <div className="title-row">
        <h1>{title}</h1>
        <Link className="button" to="/hub/rounds/new">
          {t("hub.new")}
        </Link>
      </div>
      {rounds.length ? (
        <ScrollTable label={title}>
          <thead>
            <tr>
              <th scope="col">{t("hub.round")}</th>
              <th scope="col">{t("hub.method")}</th>
              <th scope="col">{t("hub.status")}</th>
              <th scope="col">{t("hub.period")}</th>
              <th scope="col">{t("results.ballots")}</th>
            </tr>
          </thead>
          <tbody>
            {rounds.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/hub/rounds/${r.id}`}>{r.title}</Link>
                </th>
                <td>{t(`method.${r.method}`)}</td>
                <td>{t(`phase.${r.phase}`)}</td>
                <td>
                  {r.opensAt} – {r.closesAt}
                </td>
                <td>{r.ballots}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : (
        <p>{t("hub.none")}</p>
      )}
      <h2 id="import-title">{t("hub.importTitle")}</h2>
      <p>{t("hub.importLead")}</p>
      {data?.error ? <FormMessage message={data.line ? t("hub.importErrorLine", { line: data.line }) : t(`hub.importError.${data.error}`)} /> : null}
      <Form method="post" encType="multipart/form-data" aria-labelledby="import-title">
        <div className="field">
          <label htmlFor="pb-file">{t("hub.importFile")}</label>
          <input id="pb-file" name="file" type="file" accept=".pb,text/plain" />
        </div>
        <button type="submit" className="button button-secondary">
          {t("hub.import")}
        </button>
      </Form>
    </section>
  );
}
