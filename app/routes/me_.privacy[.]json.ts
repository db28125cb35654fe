import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportMyData } from "~/models/privacy.server";
import { requireUser } from "~/utils/session.server";
import { getLanguage } from "~/utils/i18n.server";

// /me/privacy.json: everything Khma holds about the signed-in person, as a file to keep.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const data = exportMyData(user.id, await getLanguage(request));
  if (!data) throw new Response(null, { status: 404 });
  const body = JSON.stringify({ exportedAt: new Date().toISOString(), ...data }, null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="khma-my-data-${new Date().toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
