import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RoundSettingsFields } from "~/domain/rounds-forms.server";
import { createDraftRound } from "~/models/rounds.server";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { RoundSettingsFieldsView } from "~/ui/round-forms";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { choiceLists, newRoundDefaults, readSettings } from "~/utils/rounds-hub.server";
import { requireStaff } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const language = await getLanguage(request);
  return json({ title: getT(language, "rounds")("builder.newTitle"), defaults: newRoundDefaults(), ...choiceLists(language) });
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const { submission, columns } = readSettings(await readForm(request));
  if (!columns) return json({ result: submission.reply() }, { status: 400 });
  const id = createDraftRound(columns, staff.id);
  return redirect(`/hub/rounds/${id}?created=1`);
}

export default function NewRound() {
  const { title, defaults, districts } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("rounds");
  const [form, fields] = useForm<RoundSettingsFields>({ lastResult: data?.result, defaultValue: defaults, shouldRevalidate: "onInput" });
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p className="lead">{t("builder.newLead")}</p>
      <FormMessage invalid={form.status === "error"} />
      <Form method="post" {...getFormProps(form)}>
        <RoundSettingsFieldsView fields={fields} districts={districts} locked={false} />
        <div className="actions">
          <button type="submit" className="button">
            {t("builder.create")}
          </button>
        </div>
      </Form>
    </section>
  );
}
