import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "~/domain/ideas";
import { ideaSchema, type IdeaFields } from "~/domain/ideas-forms.server";
import { pick } from "~/domain/translated";
import { createIdea, similarIdeas } from "~/models/ideas.server";
import { getModerationSettings, listDistricts, listGoals } from "~/models/municipality.server";
import { Checkbox, Field, FileField, FormMessage, SelectField, TextArea } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { MAX_PHOTO_BYTES, processPhoto, thumbnail, type PhotoError } from "~/utils/images.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

async function choices(request: Request) {
  const language = await getLanguage(request);
  return {
    language,
    goals: listGoals().map((g) => ({ value: g.id, label: pick(g.title, language) })),
    districts: listDistricts().map((d) => ({ value: d.id, label: pick(d.name, language) })),
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const { language, goals, districts } = await choices(request);
  return json({ title: getT(language, "ideas")("new.title"), goals, districts });
}

const PHOTO_CODES: Record<PhotoError, string> = {
  tooLarge: "photoTooLarge",
  empty: "photoEmpty",
  notAnImage: "photoNotAnImage",
  unsupportedType: "photoUnsupportedType",
  tooManyPixels: "photoTooManyPixels",
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // Room for the photo and the form around it; anything bigger is refused while it is read.
  const formData = await readForm(request, MAX_PHOTO_BYTES + 256 * 1024);
  const photo = formData.get("photo");
  formData.delete("photo");
  const chosenPhoto = photo instanceof File && (photo.size > 0 || photo.name !== "") ? photo : null;
  const intent = formData.get("intent") === "preview" ? "preview" : "submit";

  if (intent === "preview") {
    // No errors on a preview: only the similar ideas, and the form as it was typed.
    const text = `${formData.get("title") ?? ""} ${formData.get("description") ?? ""}`.slice(0, 1000);
    const submission = parseWithZod(formData, { schema: ideaSchema });
    return json({
      intent,
      photoDropped: Boolean(chosenPhoto),
      similar: similarIdeas(text).map((i) => ({ id: i.id, title: i.title })),
      result: { initialValue: submission.reply().initialValue },
    });
  }

  const submission = parseWithZod(formData, { schema: ideaSchema });
  const { goals, districts } = await choices(request);
  const fieldErrors: Record<string, string[]> = {};
  if (submission.status === "success") {
    if (!goals.some((g) => g.value === submission.value.goalId)) fieldErrors.goalId = ["choose"];
    if (!districts.some((d) => d.value === submission.value.districtId)) fieldErrors.districtId = ["choose"];
  }
  let processed: Awaited<ReturnType<typeof processPhoto>> | null = null;
  if (chosenPhoto) {
    processed = await processPhoto(new Uint8Array(await chosenPhoto.arrayBuffer()));
    if (!processed.ok) fieldErrors.photo = [PHOTO_CODES[processed.error]];
  }
  if (submission.status !== "success" || Object.keys(fieldErrors).length > 0) {
    const zodErrors = submission.status === "error" ? (submission.error ?? {}) : {};
    const reply = submission.reply({ fieldErrors: { ...zodErrors, ...fieldErrors } as Record<string, string[]> });
    const none: Similar = [];
    return json({ intent, photoDropped: Boolean(chosenPhoto) && !fieldErrors.photo, similar: none, result: reply }, { status: 400 });
  }
  const photoData =
    processed && processed.ok
      ? { data: processed.data, thumbnail: await thumbnail(processed.data), width: processed.width, height: processed.height, contentType: processed.contentType }
      : undefined;
  const { moderation } = getModerationSettings();
  const id = createIdea({ authorId: user.id, ...submission.value, photo: photoData, moderation });
  return redirect(`/ideas/${id}?submitted=1`);
}

type Similar = Array<{ id: number; title: string }>;

/** With JavaScript, similar ideas appear while the title is typed; without, the preview button shows them. */
function useSimilarWhileTyping(initial: Similar) {
  const fetcher = useFetcher<{ similar: Similar }>();
  const [title, setTitle] = useState("");
  const { load } = fetcher;
  useEffect(() => {
    if ([...title.trim()].length < 3) return;
    const timer = setTimeout(() => load(`/ideas/similar?q=${encodeURIComponent(title)}`), 300);
    return () => clearTimeout(timer);
  }, [title, load]);
  return { similar: fetcher.data?.similar ?? initial, onTitleInput: (e: React.FormEvent<HTMLFormElement>) => {
    const target = e.target as HTMLInputElement;
    if (target.name === "title") setTitle(target.value);
  } };
}

export default function NewIdea() {
  const { title, goals, districts } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("ideas");
  const [form, fields] = useForm<IdeaFields & { photo: File }>({ lastResult: data?.result, shouldRevalidate: "onInput" });
  const { similar, onTitleInput } = useSimilarWhileTyping(data?.similar ?? []);
  const previewed = data?.intent === "preview";
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p>{t("new.lead")}</p>
      <FormMessage invalid={form.status === "error"} />
      {data?.photoDropped ? <FormMessage tone="success" message={t("new.photoAgain")} /> : null}
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} onInput={onTitleInput}>
        <Field meta={fields.title} label={t("new.ideaTitle")} help={t("new.titleHelp")} autoComplete="off" />
        {similar.length > 0 || previewed ? (
          <aside className="similar" aria-live="polite" aria-labelledby="similar-title">
            <h2 id="similar-title">{t("new.similarTitle")}</h2>
            {similar.length > 0 ? (
              <>
                <p>{t("new.similarLead")}</p>
                <ul>
                  {similar.map((s) => (
                    <li key={s.id}>
                      <Link to={`/ideas/${s.id}`}>{s.title}</Link>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p>{t("new.noSimilar")}</p>
            )}
          </aside>
        ) : null}
        <TextArea meta={fields.description} label={t("new.description")} help={t("new.descriptionHelp")} rows={8} maxLength={LIMITS.description * 2} />
        <SelectField meta={fields.goalId} label={t("new.goal")} help={t("new.goalHelp")} options={goals} placeholder={t("new.choose")} />
        <SelectField meta={fields.districtId} label={t("new.district")} options={districts} placeholder={t("new.choose")} />
        <FileField meta={fields.photo} label={t("new.photo")} help={t("new.photoHelp")} accept="image/jpeg,image/png,image/webp" />
        <Checkbox meta={fields.consent} label={t("new.consent")} />
        <div className="actions">
          <button type="submit" name="intent" value="preview" className="button button-secondary">
            {t("new.preview")}
          </button>
          <button type="submit" name="intent" value="submit" className="button">
            {t("new.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
