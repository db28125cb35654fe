// /me/verify: a resident becomes a verified resident, by entering the one-time code from the city's
// letter or SMS, or learns how to get verified in person at the hub (decision 014).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { pick } from "~/domain/translated";
import { getMunicipality, getVerificationWays } from "~/models/municipality.server";
import { redeemCode } from "~/models/verification.server";
import { formatDate } from "~/ui/format";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { readForm, retryAfter } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { checkLimits } from "~/utils/rate-limit.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);
export { passHeaders as headers } from "~/ui/headers";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request);
  const { settings } = getMunicipality();
  return json({
    title: getT(language, "auth")("verify.title"),
    resident: user.role === "resident",
    ways: getVerificationWays(),
    verifiedOn: user.verifiedAt ? formatDate(language, user.verifiedAt) : null,
    hub: pick(settings.hubName, language),
    address: pick(settings.address, language),
    done: new URL(request.url).searchParams.has("done"),
  });
}

const schema = z.object({ code: z.string().max(100).default("") });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (!getVerificationWays().codes) throw json({ reason: "forbidden" }, { status: 403 });
  const t = getT(await getLanguage(request), "auth");
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw json({ reason: "badRequest" }, { status: 400 });
  const { code } = parsed.data;
  if (!code.trim()) return json({ error: t("verify.codeRequired"), code }, { status: 400 });
  const limit = checkLimits([["verifyCodePerAccount", String(user.id)]]);
  if (!limit.ok) return json({ error: t("verify.tooMany"), code }, { status: 429, headers: retryAfter(limit.retryAfterMs) });
  const result = redeemCode(user.id, code);
  if (result === "invalid") return json({ error: t("verify.invalid"), code }, { status: 400 });
  // Already verified: the page says since when; the code stays unused.
  return redirect(result === "verified" ? "/me/verify?done=1" : "/me/verify");
}

export default function Verify() {
  const { title, resident, ways, verifiedOn, hub, address, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  return (
    <section className="narrow">
      <h1>{title}</h1>
      {done ? <FormMessage tone="success" message={t("verify.done")} /> : null}
      {verifiedOn ? (
        <p className="lead">{t("verify.already", { date: verifiedOn })}</p>
      ) : !resident ? (
        <p className="lead">{t("verify.staff")}</p>
      ) : (
        <>
          <p className="lead">{t("verify.lead")}</p>
          {!ways.codes && !ways.inPerson ? <p>{t("verify.askHub", { hub })}</p> : null}
          {ways.codes ? (
            <>
              <h2>{t("verify.codeTitle")}</h2>
              <Form method="post" noValidate>
                {reply?.error ? <FormMessage message={reply.error} /> : null}
                <div className="field">
                  <label htmlFor="code">{t("verify.code")}</label>
                  <input
                    id="code"
                    name="code"
                    defaultValue={reply?.code ?? ""}
                    autoComplete="one-time-code"
                    autoCapitalize="characters"
                    spellCheck={false}
                    aria-describedby="code-help"
                    aria-invalid={reply?.error ? true : undefined}
                  />
                  <p id="code-help" className="help">
                    {t("verify.codeHelp")}
                  </p>
                </div>
                <button type="submit" className="button">
                  {t("verify.submit")}
                </button>
              </Form>
            </>
          ) : null}
          {ways.inPerson ? (
            <>
              <h2>{t("verify.inPersonTitle")}</h2>
              <p>{t("verify.inPerson", { hub, address })}</p>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
