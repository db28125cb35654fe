// /me/privacy: a resident's rights over their data: a copy of it (JSON to download, or a page to
// read), their consent records with withdrawal, and deleting the account (decision 013).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { deleteAccount, listConsents, withdrawConsent } from "~/models/privacy.server";
import { findPasswordHash } from "~/models/users.server";
import { formatDateTime } from "~/ui/format";
import { FieldErrors, FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { verifyPassword } from "~/utils/password.server";
import { requireUser, signOut } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request);
  const t = getT(language);
  return json({
    title: t("myPrivacy.title"),
    staff: user.role !== "resident",
    consents: listConsents(user.id).map((c) => ({
      id: c.id,
      what: t(`myPrivacy.consentKinds.${c.kind}`, { defaultValue: c.kind }),
      version: c.version,
      given: formatDateTime(language, new Date(c.givenAt)),
      withdrawn: c.withdrawnAt === null ? null : formatDateTime(language, new Date(c.withdrawnAt)),
    })),
    withdrawn: new URL(request.url).searchParams.has("withdrawn"),
  });
}

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("withdraw"), consent: z.coerce.number().int().positive().max(2 ** 31) }),
  z.object({ intent: z.literal("delete"), password: z.string().max(1000).default(""), confirm: z.literal("on").optional(), remove: z.literal("on").optional() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = intentSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw json({ reason: "badRequest" }, { status: 400 });
  const t = getT(await getLanguage(request));
  if (parsed.data.intent === "withdraw") {
    if (!withdrawConsent(user.id, parsed.data.consent)) throw json({ reason: "notFound" }, { status: 404 });
    return redirect("/me/privacy?withdrawn=1");
  }
  const { password, confirm, remove } = parsed.data;
  const errors: Record<string, string> = {};
  if (user.role !== "resident") return json({ errors: { form: t("myPrivacy.staffCannot") }, remove: Boolean(remove) }, { status: 403 });
  if (!confirm) errors.confirm = t("myPrivacy.confirmRequired");
  const hash = findPasswordHash(user.id);
  if (!password || !hash || !(await verifyPassword(hash, password))) errors.password = t("myPrivacy.wrongPassword");
  if (Object.keys(errors).length) return json({ errors, remove: Boolean(remove) }, { status: 400 });
  deleteAccount(user.id, { removeContributions: Boolean(remove) });
  // The sessions are gone with the account: this clears the cookie.
  return signOut(request, "/privacy?deleted=1");
}

export default function MyPrivacy() {
  const { title, staff, consents, withdrawn } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors: Record<string, string | undefined> = reply?.errors ?? {};
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p className="lead">{t("myPrivacy.lead")}</p>
      {withdrawn ? <FormMessage tone="success" message={t("myPrivacy.withdrawnDone")} /> : null}

      <h2>{t("myPrivacy.dataTitle")}</h2>
      <p>{t("myPrivacy.dataLead")}</p>
      <p className="actions">
        <Link to="/me/privacy/data">{t("myPrivacy.readData")}</Link>
        <a href="/me/privacy.json" download>
          {t("myPrivacy.downloadData")}
        </a>
      </p>

      <h2>{t("myPrivacy.consentsTitle")}</h2>
      {consents.length === 0 ? (
        <p>{t("myPrivacy.noConsents")}</p>
      ) : (
        <ul className="consents">
          {consents.map((c) => (
            <li key={c.id}>
              {t("myPrivacy.consentLine", { what: c.what, version: c.version, given: c.given })}
              {c.withdrawn ? (
                <> · {t("myPrivacy.withdrawnOn", { when: c.withdrawn })}</>
              ) : (
                <Form method="post" className="inline-actions">
                  <input type="hidden" name="consent" value={c.id} />
                  <button type="submit" name="intent" value="withdraw" className="link-button">
                    {t("myPrivacy.withdraw", { what: c.what })}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="help">{t("myPrivacy.withdrawHelp")}</p>

      <h2>{t("myPrivacy.deleteTitle")}</h2>
      {staff ? (
        <p>{t("myPrivacy.staffCannot")}</p>
      ) : (
        <>
          <p>{t("myPrivacy.deleteLead")}</p>
          <ul>
            <li>{t("myPrivacy.deleteBallots")}</li>
            <li>{t("myPrivacy.deleteIdeas")}</li>
            <li>{t("myPrivacy.deleteRest")}</li>
          </ul>
          <Form method="post" className="panel" aria-labelledby="delete-account" noValidate>
            <h3 id="delete-account">{t("myPrivacy.deleteForm")}</h3>
            {errors.form ? <FormMessage message={errors.form} /> : null}
            <div className="field field-checkbox">
              <input type="checkbox" id="remove" name="remove" defaultChecked={reply?.remove ?? false} />
              <label htmlFor="remove">{t("myPrivacy.removeContributions")}</label>
            </div>
            <div className="field field-checkbox">
              <input type="checkbox" id="confirm" name="confirm" aria-invalid={errors.confirm ? true : undefined} aria-describedby={errors.confirm ? "confirm-error" : undefined} />
              <label htmlFor="confirm">{t("myPrivacy.confirm")}</label>
              <FieldErrors id="confirm-error" errors={errors.confirm} />
            </div>
            <div className="field">
              <label htmlFor="password">{t("myPrivacy.password")}</label>
              <input id="password" name="password" type="password" autoComplete="current-password" aria-invalid={errors.password ? true : undefined} aria-describedby={errors.password ? "password-error" : undefined} />
              <FieldErrors id="password-error" errors={errors.password} />
            </div>
            <button type="submit" name="intent" value="delete" className="button button-danger">
              {t("myPrivacy.deleteSubmit")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
