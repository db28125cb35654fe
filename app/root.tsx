import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isStaff } from "~/domain/accounts";
import { pick } from "~/domain/translated";
import { getMunicipality } from "~/models/municipality.server";
import styles from "~/app.css?url";
import { useNonce } from "~/ui/nonce";
import { Stylesheet } from "~/ui/stylesheet";
import { Translations } from "~/ui/translations";
import { getLanguage, getT } from "~/utils/i18n.server";
import { LANGUAGES, LANGUAGE_NAMES, type Language } from "~/utils/i18n";
import { getUser } from "~/utils/session.server";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
  { rel: "icon", href: "/icons/icon.svg", type: "image/svg+xml" },
  { rel: "apple-touch-icon", href: "/icons/icon-192.png" },
  { rel: "manifest", href: "/manifest.webmanifest" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const user = await getUser(request);
  const municipality = getMunicipality();
  const t = getT(language);
  const city = pick(municipality.name, language);
  return json({
    language,
    city,
    siteTitle: `${t("appName")} · ${city}`,
    hub: pick(municipality.settings.hubName, language),
    contact: {
      email: municipality.settings.contactEmail,
      phone: municipality.settings.contactPhone,
      address: pick(municipality.settings.address, language),
    },
    user: user ? { displayName: user.displayName, role: user.role } : null,
  });
}

export type RootData = ReturnType<typeof useRootData>;
export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.siteTitle ?? "Khma" },
  { name: "description", content: data ? `${data.city} · ${data.hub}` : "Khma" },
];

function LanguageSwitch({ current }: { current: Language }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <nav aria-label={t("language.label")} className="languages">
      <ul>
        {LANGUAGES.map((lng) => {
          const params = new URLSearchParams(location.search);
          params.set("lng", lng);
          return (
            <li key={lng}>
              <a
                href={`${location.pathname}?${params}`}
                hrefLang={lng}
                lang={lng}
                aria-current={lng === current ? "true" : undefined}
              >
                {LANGUAGE_NAMES[lng]}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const { t, i18n } = useTranslation();
  const nonce = useNonce();
  const language = (data?.language ?? i18n.language ?? "ka") as Language;
  const user = data?.user;
  return (
    <html lang={language} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1d4f91" />
        <Meta />
        <Stylesheet href={styles} />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("skipLink")}
        </a>
        <header className="site-header">
          <div className="wrap header-row">
            <Link to="/" className="brand">
              <span className="brand-name">{t("appName")}</span>
              {data ? <span className="brand-city">{data.city}</span> : null}
            </Link>
            <LanguageSwitch current={language} />
          </div>
          <nav aria-label={t("nav.label")} className="wrap main-nav">
            <ul>
              <li>
                <NavLink to="/" end>
                  {t("nav.home")}
                </NavLink>
              </li>
              <li>
                <NavLink to="/ideas">{t("nav.ideas")}</NavLink>
              </li>
              <li>
                <NavLink to="/rounds">{t("nav.rounds")}</NavLink>
              </li>
              <li>
                <NavLink to="/surveys">{t("nav.surveys")}</NavLink>
              </li>
              <li>
                <NavLink to="/plan">{t("nav.plan")}</NavLink>
              </li>
              {user ? (
                <>
                  <li>
                    <NavLink to="/me">{t("nav.me")}</NavLink>
                  </li>
                  {isStaff(user.role) ? (
                    <li>
                      <NavLink to="/hub">{t("nav.hub")}</NavLink>
                    </li>
                  ) : null}
                  <li>
                    <Form method="post" action="/logout">
                      <button type="submit" className="link-button">
                        {t("nav.signOut")}
                      </button>
                    </Form>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <NavLink to="/login">{t("nav.signIn")}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/join">{t("nav.join")}</NavLink>
                  </li>
                </>
              )}
            </ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1} className="wrap">
          {children}
        </main>
        <footer className="site-footer">
          <div className="wrap">
            {data ? <p>{t("footer.about", { hub: data.hub })}</p> : null}
            <p>
              <Link to="/privacy">{t("footer.privacy")}</Link>
            </p>
            {data ? (
              <address>
                <strong>{t("footer.contact")}</strong>
                <br />
                {t("footer.email")}: <a href={`mailto:${data.contact.email}`}>{data.contact.email}</a>
                <br />
                {t("footer.phone")}: <a href={`tel:${data.contact.phone.replace(/\s/g, "")}`}>{data.contact.phone}</a>
                <br />
                {t("footer.address")}: {data.contact.address}
              </address>
            ) : null}
          </div>
        </footer>
        {/* After the page (every namespace asked for) and before <Scripts>: Remix's module script is
            async, so the browser may run it before it has parsed anything that comes after it. */}
        <Translations />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 404
      ? [t("errors.notFoundTitle"), t("errors.notFound")]
      : status === 403
        ? [t("errors.forbiddenTitle"), t("errors.forbidden")]
        : status === 400 || status === 405 || status === 413
          ? [t("errors.badRequestTitle"), t("errors.badRequest")]
          : [t("errors.serverTitle"), t("errors.server")];
  return (
    <section className="error-page">
      <title>{title}</title>
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <Link to="/">{t("errors.backHome")}</Link>
      </p>
    </section>
  );
}
