import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pick } from "~/domain/translated";
import { getMunicipality } from "~/models/municipality.server";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { getLanguage, getT } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const { settings } = getMunicipality();
  return json({
    title: getT(language)("privacy.title"),
    hub: pick(settings.hubName, language),
    dpo: settings.dataProtectionOfficer,
    email: settings.contactEmail,
    phone: settings.contactPhone,
    address: pick(settings.address, language),
    deleted: new URL(request.url).searchParams.get("deleted") === "1",
  });
}

export default function Privacy() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <article className="narrow prose">
      {data.deleted ? <FormMessage tone="success" message={t("myPrivacy.deleted")} /> : null}
      <h1>{data.title}</h1>
      <h2>{t("privacy.controllerTitle")}</h2>
      <p>{t("privacy.controller", { hub: data.hub })}</p>
      <h2>{t("privacy.collectTitle")}</h2>
      <p>{t("privacy.collect")}</p>
      <h2>{t("privacy.cookiesTitle")}</h2>
      <p>{t("privacy.cookies")}</p>
      <h2>{t("privacy.rightsTitle")}</h2>
      <p>{t("privacy.rights", { dpo: data.dpo })}</p>
      <h2>{t("privacy.contactTitle")}</h2>
      <p>
        {data.hub}
        <br />
        {data.address}
        <br />
        <a href={`mailto:${data.email}`}>{data.email}</a> · {data.phone}
      </p>
    </article>
  );
}
