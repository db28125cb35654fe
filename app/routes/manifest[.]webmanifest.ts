import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { pick } from "~/domain/translated";
import { getMunicipality } from "~/models/municipality.server";
import { getLanguage, getT } from "~/utils/i18n.server";

// The web app manifest, in the visitor's language and with the municipality's own name.
export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const municipality = getMunicipality();
  const t = getT(language);
  const city = pick(municipality.name, language);
  return json(
    {
      name: `${t("appName")} · ${city}`,
      short_name: t("appName"),
      description: t("tagline", { city }),
      lang: language,
      start_url: "/",
      display: "standalone",
      background_color: "#ffffff",
      theme_color: "#1d4f91",
      icons: [
        { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
        { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
        { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        { src: "/icons/icon.svg", sizes: "any", type: "image/svg+xml" },
      ],
    },
    { headers: { "Content-Type": "application/manifest+json", "Cache-Control": "public, max-age=3600" } },
  );
}
