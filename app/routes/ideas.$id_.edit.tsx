import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "~/domain/ideas";
import { resubmitSchema, type ResubmitFields } from "~/domain/ideas-forms.server";
import { pick } from "~/domain/translated";
import { getIdea, lastNoteToAuthor, resubmitIdea } from "~/models/ideas.server";
import { listDistricts, listGoals } from "~/models/municipality.server";
import { Field, FormMessage, SelectField, TextArea } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

/** Only the author, and only while a moderator has asked for changes. */
async function ownIdea(request: Request, params: { id?: string }) {
  const user = await requireUser(request);
  const id = Number(params.id);
  const idea = Number.isSafeInteger(id) && id > 0 ? getIdea(id) : undefined;
  if (!idea || idea.authorId !== user.id || idea.status !== "changes_requested") throw json({ reason: "notFound" }, { status: 404 });
  return { user, idea, id };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { idea, id } = await ownIdea(request, params);
  const language = await getLanguage(request);
  return json({
    title: getT(language, "ideas")("edit.title"),
    note: lastNoteToAuthor(id)?.note ?? null,
    idea: { title: idea.title, description: idea.description, goalId: String(idea.goalId), districtId: String(idea.districtId) },
    goals: listGoals().map((g) => ({ value: g.id, label: pick(g.title, language) })),
    districts: listDistricts().map((d) => ({ value: d.id, label: pick(d.name, language) })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, id } = await ownIdea(request, params);
  const submission = parseWithZod(await readForm(request), { schema: resubmitSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const known = (list: Array<{ id: number }>, value: number) => list.some((x) => x.id === value);
  if (!known(listGoals(), submission.value.goalId) || !known(listDistricts(), submission.value.districtId)) {
    return json(submission.reply({ formErrors: ["choose"] }), { status: 400 });
  }
  if (!resubmitIdea({ ideaId: id, authorId: user.id, ...submission.value })) throw json({ reason: "notFound" }, { status: 404 });
  return redirect(`/ideas/${id}?submitted=1`);
}

export default function EditIdea() {
  const { title, note, idea, goals, districts } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("ideas");
  const [form, fields] = useForm<ResubmitFields>({ lastResult, defaultValue: idea, shouldRevalidate: "onInput" });
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p>{t("edit.lead")}</p>
      {note ? <FormMessage message={t("view.changesAsked", { note })} /> : null}
      <FormMessage invalid={form.status === "error"} />
      <Form method="post" {...getFormProps(form)}>
        <Field meta={fields.title} label={t("new.ideaTitle")} help={t("new.titleHelp")} autoComplete="off" />
        <TextArea meta={fields.description} label={t("new.description")} help={t("new.descriptionHelp")} rows={8} maxLength={LIMITS.description * 2} />
        <SelectField meta={fields.goalId} label={t("new.goal")} options={goals} placeholder={t("new.choose")} />
        <SelectField meta={fields.districtId} label={t("new.district")} options={districts} placeholder={t("new.choose")} />
        <button type="submit" className="button">
          {t("edit.submit")}
        </button>
      </Form>
    </section>
  );
}
