import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { phase, rulesLocked } from "~/domain/rounds";
import { optionSchema, type OptionFields } from "~/domain/rounds-forms.server";
import { pick } from "~/domain/translated";
import { listGoals } from "~/models/municipality.server";
import { existingIdeaIds, getRound, savePhoto, updateOption } from "~/models/rounds.server";
import { FileField, FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { OptionFieldsView } from "~/ui/round-forms";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { MAX_PHOTO_BYTES, processPhoto, thumbnail, type PhotoError } from "~/utils/images.server";
import { choiceLists } from "~/utils/rounds-hub.server";
import { roundIdFrom } from "~/utils/rounds-view.server";
import { requireStaff } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

function load(params: { id?: string; optionId?: string }) {
  const round = getRound(roundIdFrom(params));
  const option = round?.options.find((o) => String(o.id) === params.optionId);
  if (!round || !option) throw json({ reason: "notFound" }, { status: 404 });
  return { round, option };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const { round, option } = load(params);
  const language = await getLanguage(request);
  return json({
    title: getT(language, "rounds")("builder.optionEditTitle", { title: pick(option.title, language) }),
    roundId: round.id,
    optionId: option.id,
    budget: round.method === "budget",
    locked: rulesLocked(phase(round, new Date())),
    photo: option.photoId !== null,
    defaults: {
      title: { ka: option.title.ka, ...option.title },
      description: { ka: option.description.ka, ...option.description },
      cost: option.cost === null ? undefined : String(option.cost),
      goalId: option.goalId === null ? undefined : String(option.goalId),
      ideas: option.ideas.map((i) => i.id).join(", "),
    } satisfies OptionFields,
    goals: choiceLists(language).goals,
  });
}

const PHOTO_CODES: Record<PhotoError, string> = {
  tooLarge: "photoTooLarge",
  empty: "photoEmpty",
  notAnImage: "photoNotAnImage",
  unsupportedType: "photoUnsupportedType",
  tooManyPixels: "photoTooManyPixels",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const { round, option } = load(params);
  const formData = await readForm(request, MAX_PHOTO_BYTES + 256 * 1024);
  const photo = formData.get("photo");
  formData.delete("photo");
  const submission = parseWithZod(formData, { schema: optionSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), refused: null }, { status: 400 });
  const v = submission.value;
  const ideaIds = v.ideas ?? [];
  const known = existingIdeaIds(ideaIds);
  const missing = ideaIds.find((id) => !known.includes(id));
  if (missing) return json({ result: submission.reply({ fieldErrors: { ideas: [`unknownIdea:${missing}`] } }), refused: null }, { status: 400 });
  if (v.goalId && !listGoals().some((g) => g.id === v.goalId)) return json({ result: submission.reply({ fieldErrors: { goalId: ["choose"] } }), refused: null }, { status: 400 });
  const cost = round.method === "budget" ? (v.cost ?? option.cost ?? null) : null;
  // Once voting has started the cost is fixed (updateOption refuses it too): refuse before a photo is stored for nothing.
  if (rulesLocked(phase(round, new Date())) && cost !== option.cost) return json({ result: submission.reply(), refused: "locked" as const }, { status: 409 });
  let photoId: number | undefined;
  if (photo instanceof File && photo.size > 0) {
    const processed = await processPhoto(new Uint8Array(await photo.arrayBuffer()));
    if (!processed.ok) return json({ result: submission.reply({ fieldErrors: { photo: [PHOTO_CODES[processed.error]] } }), refused: null }, { status: 400 });
    photoId = savePhoto({ data: processed.data, thumbnail: await thumbnail(processed.data), width: processed.width, height: processed.height, contentType: processed.contentType });
  }
  const result = updateOption(round.id, option.id, { title: v.title, description: v.description, cost, goalId: v.goalId ?? null, ideaIds, photoId }, staff.id);
  if (!result.ok) return json({ result: submission.reply(), refused: result.reason }, { status: 409 });
  return redirect(`/hub/rounds/${round.id}`);
}

export default function EditOption() {
  const { title, roundId, optionId, budget, locked, photo, defaults, goals } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("rounds");
  const [form, fields] = useForm<OptionFields & { photo: File }>({ lastResult: data?.result, defaultValue: defaults, shouldRevalidate: "onInput" });
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p>
        <Link to={`/hub/rounds/${roundId}`}>{t("builder.backToRound")}</Link>
      </p>
      <FormMessage invalid={form.status === "error"} />
      {data?.refused ? <FormMessage message={t(`builder.refused.${data.refused}`)} /> : null}
      {locked ? <p className="notice">{t("builder.lockedOption")}</p> : null}
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <OptionFieldsView fields={fields} goals={goals} withCost={budget} costLocked={locked} />
        {photo ? <img src={`/rounds/options/${optionId}/photo?size=thumb`} alt={t("builder.currentPhoto")} width={480} height={320} /> : null}
        <FileField meta={fields.photo} label={t("builder.photo")} help={t("builder.photoHelp")} accept="image/jpeg,image/png,image/webp" />
        <button type="submit" className="button">
          {t("builder.save")}
        </button>
      </Form>
    </section>
  );
}
