import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { pick } from "~/domain/translated";
import { pageTitle } from "~/ui/meta";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";
import { surveyFrom } from "~/utils/surveys-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.pageTitle, matches);

// A poster to print on A4 and hang up: the survey's title, an invitation, its address and a QR
// code of it. The print styles (app.css, "Print") hide the site's header, menus and footer.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const survey = surveyFrom(params);
  const language = await getLanguage(request);
  const url = `${new URL(request.url).origin}/surveys/${survey.id}`;
  // Markup made by qrcode from the URL alone: rects and paths, no script or text of anyone's.
  const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  const title = pick(survey.title, language);
  return json({ id: survey.id, title, pageTitle: getT(language, "surveys")("poster.pageTitle", { title }), url, svg, published: survey.published });
}

export default function SurveyPoster() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("surveys");
  return (
    <>
      <div className="poster-help">
        <p>
          <Link to={`/hub/surveys/${d.id}`}>{t("builder.backToSurvey")}</Link>
        </p>
        <p>{t("poster.howToPrint")}</p>
        {d.published ? null : <p className="notice notice-error">{t("poster.notPublished")}</p>}
      </div>
      <article className="poster">
        <h1 className="poster-title">{d.title}</h1>
        <p className="poster-invite">{t("poster.invite")}</p>
        <figure className="poster-qr" role="img" aria-label={t("poster.qrLabel", { url: d.url })} dangerouslySetInnerHTML={{ __html: d.svg }} />
        <p className="poster-scan">{t("poster.scan")}</p>
        <p className="poster-url">{d.url}</p>
      </article>
    </>
  );
}
