import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/utils/session.server";

// Every /hub page sits under this layout: anonymous visitors sign in first, residents get 403.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  return json({ isAdmin: user.role === "admin" });
}

export default function HubLayout() {
  const { isAdmin } = useLoaderData<typeof loader>();
  const { t } = useTranslation("hub");
  return (
    <div className="hub">
      <nav aria-label={t("nav.label")} className="sub-nav">
        <ul>
          <li>
            <NavLink to="/hub" end>
              {t("nav.dashboard")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/hub/ideas">{t("nav.moderation")}</NavLink>
          </li>
          <li>
            <NavLink to="/hub/rounds">{t("nav.rounds")}</NavLink>
          </li>
          <li>
            <NavLink to="/hub/surveys">{t("nav.surveys")}</NavLink>
          </li>
          <li>
            <NavLink to="/hub/plan">{t("nav.plan")}</NavLink>
          </li>
          <li>
            <NavLink to="/hub/insights">{t("nav.insights")}</NavLink>
          </li>
          <li>
            <NavLink to="/hub/verify">{t("nav.verify")}</NavLink>
          </li>
          <li>
            <NavLink to="/hub/audit">{t("nav.audit")}</NavLink>
          </li>
          {isAdmin ? (
            <>
              <li>
                <NavLink to="/hub/staff">{t("nav.staff")}</NavLink>
              </li>
              <li>
                <NavLink to="/hub/outbox">{t("nav.outbox")}</NavLink>
              </li>
            </>
          ) : null}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
