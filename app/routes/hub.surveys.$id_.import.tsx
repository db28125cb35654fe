import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pick } from "~/domain/translated";
import { parseCode } from "~/domain/validation";
import { FormMessage, useErrorText } from "~/ui/form";
import { formatNumber } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { ScrollTable } from "~/ui/table";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";
import { exportColumns, importResponses, MAX_IMPORT_BYTES, readCsv, type FileError, type ImportProblem } from "~/utils/surveys-export.server";
import { surveyFrom } from "~/utils/surveys-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

// Staff import responses from a CSV in the layout of the CSV export (paper questionnaires typed
// into a spreadsheet, or another tool's data): every row is checked as the survey's form would
// check it, and the valid rows are stored together, with channel "import".
function load(params: { id?: string }) {
  const survey = surveyFrom(params);
  return survey;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const survey = load(params);
  const language = await getLanguage(request);
  return json({
    title: getT(language, "surveys")("import.title", { title: pick(survey.title, language) }),
    id: survey.id,
    columns: exportColumns(survey).map((c) => c.code),
  });
}

type ActionData =
  | { ok: true; imported: number; importedText: string; rejectedRows: number; rejectedText: string; problems: ImportProblem[]; more: boolean }
  | { ok: false; error: FileError };

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const survey = load(params);
  let formData: FormData;
  try {
    // The multipart envelope adds a little to the file itself.
    formData = await readForm(request, MAX_IMPORT_BYTES + 64 * 1024);
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status === 413) return json<ActionData>({ ok: false, error: "tooLarge" }, { status: 413 });
    throw thrown;
  }
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return json<ActionData>({ ok: false, error: "noFile" }, { status: 400 });
  if (file.size > MAX_IMPORT_BYTES) return json<ActionData>({ ok: false, error: "tooLarge" }, { status: 413 });
  const read = await readCsv(new Uint8Array(await file.arrayBuffer()));
  const result = read.ok ? importResponses(survey, read.records, staff.id) : read;
  if (!result.ok) return json<ActionData>({ ok: false, error: result.error }, { status: 400 });
  const language = await getLanguage(request);
  return json<ActionData>({
    ok: true,
    imported: result.imported,
    importedText: formatNumber(language, result.imported),
    rejectedRows: result.rejectedRows,
    rejectedText: formatNumber(language, result.rejectedRows),
    problems: result.problems,
    more: result.problems.length < result.rejectedRows,
  });
}

/** The import's own error codes; the others are the answer errors the survey form shows. */
const IMPORT_ERRORS = ["unknownOption", "unknownValue", "empty"];

export default function ImportResponses() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("surveys");
  const errorText = useErrorText();
  const reason = (code: string) => (IMPORT_ERRORS.includes(parseCode(code).key) ? t(`import.error.${parseCode(code).key}`) : errorText(code));
  return (
    <section>
      <h1>{d.title}</h1>
      <p>
        <Link to={`/hub/surveys/${d.id}`}>{t("builder.backToSurvey")}</Link>
      </p>
      <p>{t("import.lead")}</p>
      <p>
        {t("import.template")} <a href={`/hub/surveys/${d.id}/export.csv`}>{t("import.templateLink")}</a>
      </p>
      <details>
        <summary>{t("import.columns")}</summary>
        <p>
          <code>{d.columns.join(", ")}</code>
        </p>
        <p>{t("import.columnsHelp")}</p>
      </details>
      {data && !data.ok ? <FormMessage message={t(`import.fileError.${data.error}`)} /> : null}
      {data?.ok ? (
        <>
          <FormMessage tone="success" message={t("import.done", { n: data.importedText })} />
          {data.problems.length ? (
            <>
              <h2>{t("import.rejected", { n: data.rejectedText })}</h2>
              <p>{t("import.rejectedLead")}</p>
              <ScrollTable label={t("import.rejected", { n: data.rejectedText })}>
                <thead>
                  <tr>
                    <th scope="col">{t("import.row")}</th>
                    <th scope="col">{t("import.column")}</th>
                    <th scope="col">{t("import.reason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.problems.map((p, i) => (
                    <tr key={`${p.row}-${p.code}-${i}`}>
                      <th scope="row">{p.row}</th>
                      <td>{p.code ? <code>{p.code}</code> : "—"}</td>
                      <td>{reason(p.error)}</td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
              {data.more ? <p>{t("import.more")}</p> : null}
            </>
          ) : null}
        </>
      ) : null}
      <h2 id="import-form-title">{t("import.formTitle")}</h2>
      <Form method="post" encType="multipart/form-data" aria-labelledby="import-form-title">
        <div className="field">
          <label htmlFor="import-file">{t("import.file")}</label>
          <p className="help" id="import-file-help">
            {t("import.fileHelp")}
          </p>
          <input id="import-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="import-file-help" />
        </div>
        <button type="submit" className="button">
          {t("import.submit")}
        </button>
      </Form>
    </section>
  );
}
