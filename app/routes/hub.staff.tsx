import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { STAFF_ROLES } from "~/domain/accounts";
import { staffCreateSchema, type StaffCreateFields } from "~/domain/accounts-forms.server";
import { createStaffAccount } from "~/models/staff.server";
import { listStaff } from "~/models/users.server";
import { Field, FormMessage, SelectField } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { ScrollTable } from "~/ui/table";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireRole } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return json({
    title: getT(await getLanguage(request), "hub")("staff.title"),
    staff: listStaff().map((u) => ({ id: u.id, displayName: u.displayName, contact: u.email ?? u.phone, role: u.role })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, ["admin"]);
  const submission = parseWithZod(await readForm(request), { schema: staffCreateSchema });
  if (submission.status !== "success") return json({ created: null, result: submission.reply() }, { status: 400 });
  const created = await createStaffAccount({
    ...submission.value,
    actorId: admin.id,
    language: await getLanguage(request),
    baseUrl: new URL(request.url).origin,
  });
  if (!created) {
    return json({ created: null, result: submission.reply({ fieldErrors: { email: ["accountExists"] } }) }, { status: 409 });
  }
  return json({
    created: { name: created.user.displayName, email: submission.value.email },
    result: submission.reply({ resetForm: true }),
  });
}

export default function Staff() {
  const { title, staff } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("hub");
  const [form, fields] = useForm<StaffCreateFields>({ lastResult: data?.result, shouldRevalidate: "onInput" });
  return (
    <section>
      <h1>{title}</h1>
      <p>{t("staff.lead")}</p>
      <h2>{t("staff.listTitle")}</h2>
      <ScrollTable label={t("staff.listTitle")}>
          <thead>
            <tr>
              <th scope="col">{t("staff.name")}</th>
              <th scope="col">{t("staff.contact")}</th>
              <th scope="col">{t("staff.role")}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <td>{s.displayName}</td>
                <td>{s.contact}</td>
                <td>{t(`common:roles.${s.role}`)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      <h2 id="add-staff">{t("staff.createTitle")}</h2>
      {data?.created ? <FormMessage tone="success" message={t("staff.created", data.created)} /> : null}
      <FormMessage invalid={form.status === "error"} />
      <Form method="post" aria-labelledby="add-staff" {...getFormProps(form)}>
        <Field meta={fields.displayName} label={t("staff.displayName")} autoComplete="off" />
        <Field meta={fields.email} label={t("staff.email")} type="email" autoComplete="off" />
        <SelectField
          meta={fields.role}
          label={t("staff.role")}
          options={STAFF_ROLES.map((role) => ({ value: role, label: t(`common:roles.${role}`) }))}
        />
        <button type="submit" className="button">
          {t("staff.submit")}
        </button>
      </Form>
    </section>
  );
}
