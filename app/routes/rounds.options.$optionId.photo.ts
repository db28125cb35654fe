import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getOptionPhoto } from "~/models/rounds.server";
import { getUser, isStaff } from "~/utils/session.server";

// An option's photo, re-encoded when staff uploaded it. Draft rounds' photos are for staff only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = Number(params.optionId);
  const size = new URL(request.url).searchParams.get("size") === "thumb" ? "thumbnail" : "full";
  const photo = /^[1-9]\d{0,9}$/.test(params.optionId ?? "") ? getOptionPhoto(id, size) : undefined;
  if (!photo) throw json({ reason: "notFound" }, { status: 404 });
  if (!photo.published) {
    const user = await getUser(request);
    if (!user || !isStaff(user.role)) throw json({ reason: "notFound" }, { status: 404 });
  }
  return new Response(new Uint8Array(photo.data), {
    headers: { "Content-Type": "image/webp", "Content-Disposition": "inline", "Cache-Control": photo.published ? "public, max-age=86400" : "private, no-store" },
  });
}
