// /privacy: the privacy notice, written from the municipality's settings: who is responsible, the
// data-protection officer, what is kept for which purpose, how long (the same periods the purge
// keeps to, app/models/retention.server.ts), where, the resident's rights and the notice's version.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pick } from "~/domain/translated";
import { PRIVACY_NOTICE_VERSION } from "~/models/consents.server";
import { getMunicipality, getRetentionSettings } from "~/models/municipality.server";
import { SESSION_TTL_MS } from "~/models/sessions.server";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { INTL_LOCALE } from "~/utils/i18n";
import { getLanguage, getT } from "~/utils/i18n.server";
import { getUser } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

const DAY = 86_400_000;

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const { settings } = getMunicipality();
  const retention = getRetentionSettings(settings);
  // "730 days", "730 дней", "730 დღე": the number with its unit, in the reader's grammar.
  const period = (value: number, unit: "day" | "hour") =>
    new Intl.NumberFormat(INTL_LOCALE[language], { style: "unit", unit, unitDisplay: "long", maximumFractionDigits: 1 }).format(value);
  return json({
    title: getT(language)("privacy.title"),
    hub: pick(settings.hubName, language),
    address: pick(settings.address, language),
    dpo: settings.dataProtectionOfficer,
    email: settings.contactEmail,
    phone: settings.contactPhone,
    retention: {
      accounts: period(retention.inactiveUnverifiedDays, "day"),
      outbox: period(retention.outboxDays, "day"),
      sessionLength: period(SESSION_TTL_MS / DAY, "day"),
      expiredSessions: retention.expiredSessionsDays > 0 ? period(retention.expiredSessionsDays, "day") : null,
      rateLimits: period(retention.rateLimitHours, "hour"),
    },
    version: PRIVACY_NOTICE_VERSION,
    signedIn: (await getUser(request)) !== null,
    deleted: new URL(request.url).searchParams.get("deleted") === "1",
  });
}

/** An email address becomes a link; anything else (a name, a postal address) stays text. */
function Contact({ value }: { value: string }) {
  return /^[^\s@]+@[^\s@]+$/.test(value) ? <a href={`mailto:${value}`}>{value}</a> : <>{value}</>;
}

export default function Privacy() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { retention } = data;
  return (
    <article className="narrow prose">
      {data.deleted ? <FormMessage tone="success" message={t("myPrivacy.deleted")} /> : null}
      <h1>{data.title}</h1>

      <h2>{t("privacy.controllerTitle")}</h2>
      <p>{t("privacy.controller", { hub: data.hub, address: data.address })}</p>
      <p>
        {t("privacy.dpo")}: <Contact value={data.dpo} />
        <br />
        {t("privacy.hubContact")}: <Contact value={data.email} /> · {data.phone}
      </p>

      <h2>{t("privacy.purposesTitle")}</h2>
      <ul>
        <li>
          <strong>{t("privacy.takingPartTitle")}.</strong> {t("privacy.takingPart")}
        </li>
        <li>
          <strong>{t("privacy.runningTitle")}.</strong> {t("privacy.running")}
        </li>
        <li>
          <strong>{t("privacy.countingTitle")}.</strong> {t("privacy.counting")}
        </li>
      </ul>

      <h2>{t("privacy.retentionTitle")}</h2>
      <ul>
        <li>{t("privacy.retentionAccounts", { period: retention.accounts })}</li>
        <li>{t("privacy.retentionOutbox", { period: retention.outbox })}</li>
        <li>
          {retention.expiredSessions === null
            ? t("privacy.retentionSessions", { length: retention.sessionLength })
            : t("privacy.retentionSessionsKept", { length: retention.sessionLength, period: retention.expiredSessions })}
        </li>
        <li>{t("privacy.retentionCodes")}</li>
        <li>{t("privacy.retentionRateLimits", { period: retention.rateLimits })}</li>
        <li>{t("privacy.retentionRest")}</li>
      </ul>

      <h2>{t("privacy.storageTitle")}</h2>
      <p>{t("privacy.storage")}</p>
      <p>{t("privacy.cookies")}</p>

      <h2>{t("privacy.rightsTitle")}</h2>
      <p>{t("privacy.rights")}</p>
      {data.signedIn ? (
        <p>
          {t("privacy.rightsOnline")} <Link to="/me/privacy">{t("myPrivacy.title")}</Link>
        </p>
      ) : (
        <p>
          {t("privacy.rightsSignIn")} <Link to={`/login?redirectTo=${encodeURIComponent("/me/privacy")}`}>{t("nav.signIn")}</Link>
        </p>
      )}
      <p>{t("privacy.rightsWrite", { dpo: data.dpo })}</p>

      <p className="meta">{t("privacy.version", { version: data.version })}</p>
    </article>
  );
}
