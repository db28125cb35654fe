import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isPublic, type IdeaStatus } from "~/domain/ideas";
import { getIdea, getPhoto } from "~/models/ideas.server";
import { getUser, isStaff } from "~/utils/session.server";

// An idea's photo, always served as the WebP we made, never as what was uploaded.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = Number(params.id);
  const idea = Number.isSafeInteger(id) && id > 0 ? getIdea(id) : undefined;
  if (!idea?.photoId) throw json({ reason: "notFound" }, { status: 404 });
  const visible = isPublic(idea.status as IdeaStatus) && !idea.hidden;
  if (!visible) {
    const user = await getUser(request);
    if (!user || (user.id !== idea.authorId && !isStaff(user.role))) throw json({ reason: "notFound" }, { status: 404 });
  }
  const size = new URL(request.url).searchParams.get("size") === "thumb" ? "thumbnail" : "full";
  const photo = getPhoto(idea.photoId, size);
  if (!photo) throw json({ reason: "notFound" }, { status: 404 });
  return new Response(new Uint8Array(photo.data), {
    headers: {
      "Content-Type": "image/webp",
      "Content-Disposition": "inline",
      "Cache-Control": visible ? "public, max-age=86400" : "private, no-store",
    },
  });
}
