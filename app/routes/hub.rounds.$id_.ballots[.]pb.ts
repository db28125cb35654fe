import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { recordAudit } from "~/models/audit.server";
import { exportRoundPabulib } from "~/models/rounds-pabulib.server";
import { getLanguage } from "~/utils/i18n.server";
import { roundIdFrom } from "~/utils/rounds-view.server";
import { requireStaff } from "~/utils/session.server";

// A round's ballots as a Pabulib file: anonymous, shuffled, numbered 1..n (see rounds-pabulib.server.ts).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const id = roundIdFrom(params);
  const text = exportRoundPabulib(id, await getLanguage(request));
  if (text === null) throw json({ reason: "notFound" }, { status: 404 });
  recordAudit({ actorId: staff.id, action: "round.exported", targetType: "round", targetId: id });
  return new Response(text, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Disposition": `attachment; filename="khma-round-${id}.pb"`, "Cache-Control": "private, no-store" },
  });
}
