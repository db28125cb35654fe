import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { SurveySettingsFields } from "~/domain/surveys-forms.server";
import { createSurvey } from "~/models/surveys.server";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { SurveySettingsView } from "~/ui/survey-forms";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";
import { newSurveyDefaults, readSurveySettings } from "~/utils/surveys-hub.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const language = await getLanguage(request);
  return json({ title: getT(language, "surveys")("builder.newTitle"), defaults: newSurveyDefaults() });
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const { submission, columns } = readSurveySettings(await readForm(request));
  if (!columns) return json({ result: submission.reply() }, { status: 400 });
  const id = createSurvey(columns, staff.id);
  return redirect(`/hub/surveys/${id}?created=1`);
}

export default function NewSurvey() {
  const { title, defaults } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("surveys");
  const [form, fields] = useForm<SurveySettingsFields>({ lastResult: data?.result, defaultValue: defaults, shouldRevalidate: "onInput" });
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p className="lead">{t("builder.newLead")}</p>
      <FormMessage invalid={form.status === "error"} />
      <Form method="post" {...getFormProps(form)}>
        <SurveySettingsView fields={fields} />
        <div className="actions">
          <button type="submit" className="button">
            {t("builder.create")}
          </button>
        </div>
      </Form>
    </section>
  );
}
