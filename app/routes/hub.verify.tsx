// /hub/verify: the hub's desk for verified residents (decision 014). A moderator finds a resident's
// account by email or phone and, having seen an identity document, marks it verified (or takes
// that back); staff make batches of one-time codes for the city's letters or SMS, downloaded once
// as a CSV file (only hashes are kept).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { stringify } from "csv-stringify/sync";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { pick, type Translated } from "~/domain/translated";
import { getVerificationWays } from "~/models/municipality.server";
import { findResident, generateCodes, getResident, listBatches, MAX_BATCH, setVerified } from "~/models/verification.server";
import { formatDate, formatNumber } from "~/ui/format";
import { FieldErrors, FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { ScrollTable } from "~/ui/table";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const language = await getLanguage(request);
  const t = getT(language, "hub");
  const who = (new URL(request.url).searchParams.get("who") ?? "").slice(0, 200);
  const found = who ? findResident(who) : undefined;
  return json({
    title: t("verify.title"),
    ways: getVerificationWays(),
    who,
    found: found
      ? {
          id: found.id,
          name: found.displayName,
          contact: found.email ?? found.phone ?? "",
          district: found.district ? pick(JSON.parse(found.district) as Translated, language) : t("verify.noDistrict"),
          since: formatDate(language, new Date(found.createdAt)),
          verifiedOn: found.verifiedAt === null ? null : formatDate(language, new Date(found.verifiedAt)),
        }
      : null,
    batches: listBatches().map((b) => ({
      ...b,
      codes: formatNumber(language, b.codes),
      used: formatNumber(language, b.used),
      createdAt: formatDate(language, new Date(b.createdAt)),
    })),
    maxBatch: MAX_BATCH,
  });
}

const intentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("verify"),
    user: z.coerce
      .number()
      .int()
      .positive()
      .max(2 ** 31),
    seen: z.literal("on").optional(),
  }),
  z.object({
    intent: z.literal("unverify"),
    user: z.coerce
      .number()
      .int()
      .positive()
      .max(2 ** 31),
  }),
  z.object({
    intent: z.literal("codes"),
    count: z.string().max(20).default(""),
    batch: z.string().max(200).default(""),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const language = await getLanguage(request);
  const t = getT(language, "hub");
  const parsed = intentSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw json({ reason: "badRequest" }, { status: 400 });
  const data = parsed.data;
  // A way the municipality does not offer cannot be used (decision 014).
  const ways = getVerificationWays();
  if (data.intent === "codes" ? !ways.codes : !ways.inPerson) throw json({ reason: "forbidden" }, { status: 403 });
  if (data.intent === "codes") {
    const count = Number(data.count);
    const batch = data.batch.trim();
    const errors: Record<string, string> = {};
    if (!Number.isInteger(count) || count < 1 || count > MAX_BATCH)
      errors.count = t("verify.countRange", {
        max: formatNumber(language, MAX_BATCH),
      });
    if (batch.length < 3 || batch.length > 80) errors.batch = t("verify.batchLength");
    if (Object.keys(errors).length)
      return json(
        {
          done: null,
          errors,
          values: { count: data.count, batch: data.batch },
        },
        { status: 400 }
      );
    const codes = generateCodes(count, batch, staff.id);
    // The only time the codes exist in plain: a file to print from, with the batch on every line.
    const csv = stringify([[t("verify.csvCode"), t("verify.csvBatch")], ...codes.map((c) => [c, batch])], {
      bom: true,
      record_delimiter: "\r\n",
      cast: { string: (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) },
    });
    const safe = batch.replace(/[^\p{L}\p{N}_-]+/gu, "-").slice(0, 60);
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="khma-codes-${encodeURIComponent(safe)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  }
  const resident = getResident(data.user);
  if (!resident) throw json({ reason: "notFound" }, { status: 404 });
  if (data.intent === "verify" && !data.seen) return json({ done: null, errors: { seen: t("verify.seenRequired") }, values: null }, { status: 400 });
  setVerified(resident.id, data.intent === "verify", staff.id);
  return json({
    done: data.intent === "verify" ? t("verify.verifiedDone") : t("verify.unverifiedDone"),
    errors: null,
    values: null,
  });
}

export default function HubVerify() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation("hub");
  const errors: Record<string, string | undefined> = reply?.errors ?? {};
  return (
    <section>
      <h1>{d.title}</h1>
      <p className="lead">{t("verify.lead")}</p>
      {reply?.done ? <FormMessage tone="success" message={reply.done} /> : null}

      {d.ways.inPerson ? (
        <>
          <h2>{t("verify.inPersonTitle")}</h2>
          <Form method="get" className="filters">
            <div className="field">
              <label htmlFor="who">{t("verify.who")}</label>
              <input id="who" name="who" defaultValue={d.who} autoComplete="off" />
            </div>
            <button type="submit" className="button button-secondary">
              {t("verify.find")}
            </button>
          </Form>
          {d.who && !d.found ? <p>{t("verify.notFound")}</p> : null}
          {d.found ? (
            <div className="panel">
              <dl className="facts">
                <dt>{t("verify.name")}</dt>
                <dd>{d.found.name}</dd>
                <dt>{t("verify.contact")}</dt>
                <dd>{d.found.contact}</dd>
                <dt>{t("verify.district")}</dt>
                <dd>{d.found.district}</dd>
                <dt>{t("verify.since")}</dt>
                <dd>{d.found.since}</dd>
                <dt>{t("verify.state")}</dt>
                <dd>{d.found.verifiedOn ? t("verify.verifiedOn", { date: d.found.verifiedOn }) : t("verify.notVerified")}</dd>
              </dl>
              <Form method="post" noValidate>
                <input type="hidden" name="user" value={d.found.id} />
                {d.found.verifiedOn ? (
                  <button type="submit" name="intent" value="unverify" className="button button-secondary">
                    {t("verify.unverify")}
                  </button>
                ) : (
                  <>
                    <div className="field field-checkbox">
                      <input type="checkbox" id="seen" name="seen" aria-invalid={errors.seen ? true : undefined} aria-describedby={errors.seen ? "seen-error" : "seen-help"} />
                      <label htmlFor="seen">{t("verify.seen")}</label>
                      <FieldErrors id="seen-error" errors={errors.seen} />
                      <p id="seen-help" className="help">
                        {t("verify.seenHelp")}
                      </p>
                    </div>
                    <button type="submit" name="intent" value="verify" className="button">
                      {t("verify.verify")}
                    </button>
                  </>
                )}
              </Form>
            </div>
          ) : null}
        </>
      ) : null}

      {d.ways.codes ? (
        <>
          <h2>{t("verify.codesTitle")}</h2>
          <p>{t("verify.codesLead")}</p>
          <Form method="post" reloadDocument noValidate className="panel">
            <div className="field">
              <label htmlFor="batch">{t("verify.batch")}</label>
              <input id="batch" name="batch" defaultValue={reply?.values?.batch ?? ""} aria-invalid={errors.batch ? true : undefined} aria-describedby={errors.batch ? "batch-error" : "batch-help"} />
              <FieldErrors id="batch-error" errors={errors.batch} />
              <p id="batch-help" className="help">
                {t("verify.batchHelp")}
              </p>
            </div>
            <div className="field">
              <label htmlFor="count">{t("verify.count")}</label>
              <input
                id="count"
                name="count"
                inputMode="numeric"
                defaultValue={reply?.values?.count ?? ""}
                aria-invalid={errors.count ? true : undefined}
                aria-describedby={errors.count ? "count-error" : undefined}
              />
              <FieldErrors id="count-error" errors={errors.count} />
            </div>
            <button type="submit" name="intent" value="codes" className="button">
              {t("verify.makeCodes")}
            </button>
          </Form>
          {d.batches.length ? (
            <ScrollTable label={t("verify.batchesTitle")}>
              <thead>
                <tr>
                  <th scope="col">{t("verify.batch")}</th>
                  <th scope="col">{t("verify.codes")}</th>
                  <th scope="col">{t("verify.used")}</th>
                  <th scope="col">{t("verify.made")}</th>
                </tr>
              </thead>
              <tbody>
                {d.batches.map((b) => (
                  <tr key={b.batch}>
                    <th scope="row">{b.batch}</th>
                    <td>{b.codes}</td>
                    <td>{b.used}</td>
                    <td>
                      {b.createdAt}
                      {b.createdBy ? ` · ${b.createdBy}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          ) : null}
        </>
      ) : null}
      <p>
        <Link to="/hub/audit">{t("verify.auditLink")}</Link>
      </p>
    </section>
  );
}
