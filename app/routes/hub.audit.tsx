import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listAudit } from "~/models/audit.server";
import { formatDateTime } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { ScrollTable } from "~/ui/table";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const language = await getLanguage(request);
  return json({
    title: getT(language, "hub")("audit.title"),
    entries: listAudit({ limit: 200 }).map((e) => ({
      id: e.id,
      at: formatDateTime(language, e.at),
      actor: e.actorName,
      action: e.action,
      target: `${e.targetType} ${e.targetId ?? ""}`.trim(),
      details: e.details ? JSON.stringify(e.details) : "",
    })),
  });
}

export default function Audit() {
  const { title, entries } = useLoaderData<typeof loader>();
  const { t } = useTranslation("hub");
  return (
    <section>
      <h1>{title}</h1>
      <p>{t("audit.lead")}</p>
      <ScrollTable label={title}>
        <thead>
          <tr>
            <th scope="col">{t("audit.when")}</th>
            <th scope="col">{t("audit.who")}</th>
            <th scope="col">{t("audit.what")}</th>
            <th scope="col">{t("audit.item")}</th>
            <th scope="col">{t("audit.details")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{e.at}</td>
              <td>{e.actor ?? t("audit.cli")}</td>
              <td>{e.action}</td>
              <td>{e.target}</td>
              <td className="message-body">{e.details}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </section>
  );
}
