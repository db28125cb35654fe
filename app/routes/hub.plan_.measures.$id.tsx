import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clean, MEASURE_STATUS_LIST } from "~/domain/plan";
import { measureSchema, progressSchema, type MeasureFields, type ProgressFields } from "~/domain/plan-forms.server";
import { pick } from "~/domain/translated";
import { addMeasureUpdate, getMeasure, updateMeasure } from "~/models/plan.server";
import { Field, FormMessage, SelectField } from "~/ui/form";
import { formatDate } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { MeasureFieldsView } from "~/ui/plan-forms";
import { TranslatedFields } from "~/ui/round-forms";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";
import type { FieldMetadata } from "@conform-to/react";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

function load(params: { id?: string }) {
  const measure = /^[1-9]\d{0,9}$/.test(params.id ?? "") ? getMeasure(Number(params.id)) : undefined;
  if (!measure) throw json({ reason: "notFound" }, { status: 404 });
  return measure;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const m = load(params);
  const language = await getLanguage(request);
  return json({
    title: getT(language, "plan")("hub.measureEdit", { title: pick(m.title, language) }),
    goalId: m.goalId,
    defaults: {
      title: { ka: m.title.ka, ...m.title },
      description: { ka: m.description.ka, ...m.description },
      department: { ka: m.department.ka, ...m.department },
      status: m.status,
      progress: String(m.progress),
      startsOn: m.startsOn ?? undefined,
      endsOn: m.endsOn ?? undefined,
    } satisfies MeasureFields,
    progressDefaults: { body: { ka: "" }, status: m.status, progress: String(m.progress) } satisfies ProgressFields,
    updates: m.updates.map((u) => ({ id: u.id, body: pick(u.body, language), at: formatDate(language, u.at), progress: u.progress })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const m = load(params);
  const formData = await readForm(request);
  if (formData.get("intent") === "progress") {
    const submission = parseWithZod(formData, { schema: progressSchema });
    if (submission.status !== "success") return json({ done: null, measure: null, progress: submission.reply() }, { status: 400 });
    addMeasureUpdate(m.id, { body: clean(submission.value.body), status: submission.value.status, progress: submission.value.progress }, staff.id);
    return json({ done: "reported", measure: null, progress: submission.reply({ resetForm: true }) });
  }
  const submission = parseWithZod(formData, { schema: measureSchema });
  if (submission.status !== "success") return json({ done: null, measure: submission.reply(), progress: null }, { status: 400 });
  const v = submission.value;
  updateMeasure(m.id, { title: clean(v.title), description: clean(v.description), department: clean(v.department), status: v.status, progress: v.progress, startsOn: v.startsOn ?? null, endsOn: v.endsOn ?? null }, staff.id);
  return json({ done: "saved", measure: submission.reply(), progress: null });
}

export default function EditMeasure() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("plan");
  const [form, fields] = useForm<MeasureFields>({ id: "measure", lastResult: data?.measure, defaultValue: d.defaults, shouldRevalidate: "onInput" });
  const [report, reportFields] = useForm<ProgressFields>({ id: "report", lastResult: data?.progress, defaultValue: d.progressDefaults, shouldRevalidate: "onInput" });
  return (
    <section className="narrow">
      <h1>{d.title}</h1>
      <p>
        <Link to="/hub/plan">{t("hub.back")}</Link> · <Link to={`/plan/${d.goalId}`}>{t("hub.publicPage")}</Link>
      </p>
      {data?.done ? <FormMessage tone="success" message={t(`hub.done.${data.done}`)} /> : null}
      <h2>{t("hub.reportProgress")}</h2>
      <p className="help">{t("hub.reportHelp")}</p>
      <FormMessage invalid={report.status === "error"} />
      <Form method="post" {...getFormProps(report)}>
        <TranslatedFields meta={reportFields.body as Parameters<typeof TranslatedFields>[0]["meta"]} label={t("hub.reportText")} long />
        <SelectField meta={reportFields.status as FieldMetadata<unknown>} label={t("hub.status")} options={MEASURE_STATUS_LIST.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
        <Field meta={reportFields.progress as FieldMetadata<unknown>} label={t("hub.progress")} inputMode="numeric" />
        <button type="submit" name="intent" value="progress" className="button">
          {t("hub.publishReport")}
        </button>
      </Form>
      {d.updates.length ? (
        <ul className="updates">
          {d.updates.map((u) => (
            <li key={u.id}>
              <span className="meta">
                {u.at} · {u.progress} %
              </span>
              <p>{u.body}</p>
            </li>
          ))}
        </ul>
      ) : null}
      <h2>{t("hub.editMeasure")}</h2>
      <FormMessage invalid={form.status === "error"} />
      <Form method="post" {...getFormProps(form)}>
        <MeasureFieldsView fields={fields} />
        <button type="submit" name="intent" value="save" className="button">
          {t("hub.save")}
        </button>
      </Form>
    </section>
  );
}
