import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listOutbox } from "~/models/outbox.server";
import { formatDateTime } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { ScrollTable } from "~/ui/table";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireRole } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const language = await getLanguage(request);
  return json({
    title: getT(language, "hub")("outbox.title"),
    messages: listOutbox({ limit: 100 }).map((m) => ({
      id: m.id,
      channel: m.channel,
      recipient: m.recipient,
      subject: m.subject,
      body: m.body,
      status: m.status,
      created: formatDateTime(language, m.createdAt),
    })),
  });
}

export default function Outbox() {
  const { title, messages } = useLoaderData<typeof loader>();
  const { t } = useTranslation("hub");
  return (
    <section>
      <h1>{title}</h1>
      <p>{t("outbox.lead")}</p>
      {messages.length === 0 ? (
        <p>{t("outbox.empty")}</p>
      ) : (
        <ScrollTable label={title}>
            <thead>
              <tr>
                <th scope="col">{t("outbox.created")}</th>
                <th scope="col">{t("outbox.channel")}</th>
                <th scope="col">{t("outbox.recipient")}</th>
                <th scope="col">{t("outbox.subject")}</th>
                <th scope="col">{t("outbox.body")}</th>
                <th scope="col">{t("outbox.status")}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>{m.created}</td>
                  <td>{t(`outbox.channels.${m.channel}`)}</td>
                  <td>{m.recipient}</td>
                  <td>{m.subject}</td>
                  <td className="message-body">{m.body}</td>
                  <td>{t(`outbox.statuses.${m.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
      )}
    </section>
  );
}
