// Ideas as residents use them: submitting (with a photo), what is refused and that nothing is then stored,
// who can see what, the list, the photo route, and supporting, commenting and reporting.
import fs from "node:fs";
import { count, eq } from "drizzle-orm";
import exifReader from "exif-reader";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { comments, ideas, notifications, photos, reports, supports, users } from "#db/schema";
import { changeStatus, createIdea, getIdea, mergeIdeas, type NewPhoto } from "~/models/ideas.server";
import { listDistricts, listGoals } from "~/models/municipality.server";
import { getDb } from "~/utils/db.server";
import { MAX_PHOTO_BYTES, processPhoto, thumbnail } from "~/utils/images.server";
import { blankPng, GPS } from "../../test/images";
import { signedInDemo, type DemoName } from "../../test/accounts";
import { call, getRequest, ORIGIN, sessionCookieFor } from "../../test/requests";
import { action as ideaAction, loader as ideaLoader } from "./ideas.$id";
import { loader as photoLoader } from "./ideas.$id.photo";
import { loader as listLoader } from "./ideas._index";
import { action as newAction, loader as newLoader } from "./ideas.new";

type Who = DemoName | null;
let cookies = {} as Record<DemoName, string>;
let ids = {} as Record<DemoName, number>;

let goalId = 0;
let districtId = 0;

type Reply = { status?: string; initialValue?: Record<string, unknown> | null; error?: Record<string, string[] | null> };
type NewActionData = { intent: string; photoDropped: boolean; similar: Array<{ id: number; title: string }>; result: Reply };
type IdeaData = {
  visible: boolean;
  removedReason: string | null;
  canSeeContent: boolean;
  photoUrl: string | null;
  idea: { id: number; title: string; description: string; status: string; photoId: number | null };
  comments: Array<{ id: number; parentId: number | null; body: string | null; hidden: boolean }>;
  supported: boolean;
  open: boolean;
  isAuthor: boolean;
  submitted: boolean;
};

beforeAll(async () => {
  ({ ids, cookies } = await signedInDemo());
  goalId = listGoals()[0]!.id;
  districtId = listDistricts()[0]!.id;
});

function headers(who: Who): Record<string, string> {
  return who ? { Cookie: cookies[who] } : {};
}


function get(who: Who, path: string) {
  return getRequest(path, headers(who));
}

function post(who: Who, path: string, fields: Record<string, string> | FormData) {
  const body = fields instanceof FormData ? fields : new URLSearchParams(fields);
  return new Request(`${ORIGIN}${path}`, { method: "POST", body, headers: headers(who) });
}

function tableCounts() {
  const db = getDb();
  return {
    ideas: db.select({ n: count() }).from(ideas).get()?.n ?? 0,
    photos: db.select({ n: count() }).from(photos).get()?.n ?? 0,
    comments: db.select({ n: count() }).from(comments).get()?.n ?? 0,
    supports: db.select({ n: count() }).from(supports).get()?.n ?? 0,
    reports: db.select({ n: count() }).from(reports).get()?.n ?? 0,
  };
}

// ─── Inputs ──────────────────────────────────────────────────────────────────────────────

const VALID = {
  intent: "submit",
  title: "A playground behind building 12",
  description: "The yard behind building 12 on Megobroba avenue has no playground for the children who live there.",
  goalId: "",
  districtId: "",
  consent: "on",
};

function form(overrides: Record<string, string | undefined> = {}, photo?: File): FormData {
  const fields: Record<string, string | undefined> = { ...VALID, goalId: String(goalId), districtId: String(districtId), ...overrides };
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) data.append(k, v);
  if (photo) data.append("photo", photo);
  return data;
}

/** A JPEG the way a phone sends it: camera EXIF and the place it was taken. */
function phoneJpeg() {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: "#d04a02" } })
    .jpeg()
    .withExif({ IFD0: { Make: "Khma Phone", Model: "Rustavi 1" }, IFD3: GPS })
    .toBuffer();
}

function file(bytes: Uint8Array | string, name: string, type: string) {
  return new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name, { type });
}

/** A one-colour 1-bit PNG of 20000×20000: a few dozen kB that would decode to 400 megapixels. */
function bombPng(size = 20_000): Buffer {
  return blankPng(size, size);
}

async function photoFor(): Promise<NewPhoto> {
  const processed = await processPhoto(await phoneJpeg());
  if (!processed.ok) throw new Error("the test photo was refused");
  return { data: processed.data, thumbnail: await thumbnail(processed.data), width: processed.width, height: processed.height, contentType: processed.contentType };
}

function publishedIdea(title: string, extra: Partial<Parameters<typeof createIdea>[0]> = {}) {
  return createIdea({ authorId: ids.nino, title, description: `${title}, described at some length.`, goalId, districtId, moderation: "post", ...extra });
}

function submittedIdea(title: string, extra: Partial<Parameters<typeof createIdea>[0]> = {}) {
  return createIdea({ authorId: ids.nino, title, description: `${title}, described at some length.`, goalId, districtId, moderation: "pre", ...extra });
}

async function submit(data: FormData, who: Who = "nino") {
  return call(newAction, post(who, "/ideas/new", data));
}

async function view(who: Who, id: number, query = "") {
  return call(ideaLoader, get(who, `/ideas/${id}${query}`), { id: String(id) });
}

async function act(who: Who, id: number, fields: Record<string, string>) {
  return call(ideaAction, post(who, `/ideas/${id}`, fields), { id: String(id) });
}

// ─── /ideas/new ──────────────────────────────────────────────────────────────────────────

describe("/ideas/new", () => {
  it("sends an anonymous visitor to sign in", async () => {
    const response = await call(newLoader, get(null, "/ideas/new"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fideas%2Fnew");
  });

  it("refuses an anonymous submission and stores nothing", async () => {
    const before = tableCounts();
    const response = await submit(form(), null);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login\?/);
    expect(tableCounts()).toEqual(before);
  });

  it("shows a resident the goals and districts to choose from", async () => {
    const response = await call(newLoader, get("nino", "/ideas/new"));
    expect(response.status).toBe(200);
    const data = (await response.json()) as { goals: Array<{ value: number }>; districts: Array<{ value: number }> };
    expect(data.goals.map((g) => g.value)).toContain(goalId);
    expect(data.districts.map((d) => d.value)).toContain(districtId);
  });

  it("takes an idea with a GPS-tagged photo, and keeps only a clean WebP of it", async () => {
    const jpeg = await phoneJpeg();
    // The upload really carries the place it was taken.
    const exif = (await sharp(jpeg).metadata()).exif;
    expect(exif && exifReader(exif).GPSInfo?.GPSLatitude).toEqual([41, 32, 54.32]);
    const before = tableCounts();
    const response = await submit(form({}, file(jpeg, "IMG_0001.jpg", "image/jpeg")));
    expect(response.status).toBe(302);
    const location = response.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/ideas\/\d+\?submitted=1$/);
    const id = Number(/\/ideas\/(\d+)/.exec(location)?.[1]);
    expect(tableCounts()).toMatchObject({ ideas: before.ideas + 1, photos: before.photos + 1 });
    const idea = getIdea(id);
    expect(idea).toMatchObject({ title: VALID.title, description: VALID.description, status: "submitted", authorId: ids.nino, goalId, districtId });
    expect(idea?.photoId).not.toBeNull();

    // The author is thanked on the idea's page.
    const page = (await (await view("nino", id, "?submitted=1")).json()) as IdeaData;
    expect(page).toMatchObject({ submitted: true, isAuthor: true, idea: { title: VALID.title, status: "submitted" } });

    // The stored photo, read back as the author: WebP, no EXIF, no GPS.
    for (const size of ["", "?size=thumb"]) {
      const photo = await call(photoLoader, get("nino", `/ideas/${id}/photo${size}`), { id: String(id) });
      expect(photo.status).toBe(200);
      expect(photo.headers.get("Content-Type")).toBe("image/webp");
      const bytes = Buffer.from(await photo.arrayBuffer());
      expect(bytes.subarray(0, 4).toString("latin1")).toBe("RIFF");
      expect(bytes.subarray(8, 12).toString("latin1")).toBe("WEBP");
      expect(bytes.includes("Exif")).toBe(false);
      expect(bytes.includes("EXIF")).toBe(false);
      expect(bytes.includes("GPS")).toBe(false);
      expect(bytes.includes("Khma Phone")).toBe(false);
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe("webp");
      expect(meta.exif).toBeUndefined();
    }
  });

  it("takes an idea with an empty file input as an idea without a photo", async () => {
    const before = tableCounts();
    const response = await submit(form({}, file(new Uint8Array(0), "", "application/octet-stream")));
    expect(response.status).toBe(302);
    const id = Number(/\/ideas\/(\d+)/.exec(response.headers.get("Location") ?? "")?.[1]);
    expect(getIdea(id)?.photoId).toBeNull();
    expect(tableCounts()).toMatchObject({ ideas: before.ideas + 1, photos: before.photos });
  });

  describe("refuses bad input with 400, the field's code, and stores nothing", () => {
    const cases: Array<[string, () => Promise<FormData> | FormData, string, string[]]> = [
      ["an empty title", () => form({ title: "" }), "title", ["required"]],
      ["a blank title", () => form({ title: "     " }), "title", ["required", "tooShort:5"]],
      ["a 121-character title", () => form({ title: "ა".repeat(121) }), "title", ["tooLong:120"]],
      ["a 5001-character description", () => form({ description: "ა".repeat(5001) }), "description", ["tooLong:5000"]],
      ["a 10 kB description", () => form({ description: "x".repeat(10_240) }), "description", ["tooLong:5000"]],
      ["a missing goal", () => form({ goalId: undefined }), "goalId", ["required", "invalid", "choose"]],
      ["an unknown goal", () => form({ goalId: "99999" }), "goalId", ["choose"]],
      ["a goal that is not a number", () => form({ goalId: "parks" }), "goalId", ["invalid", "choose"]],
      ["a missing district", () => form({ districtId: "" }), "districtId", ["required", "invalid", "choose"]],
      ["an unknown district", () => form({ districtId: "99999" }), "districtId", ["choose"]],
      ["no consent", () => form({ consent: undefined }), "consent", ["consentRequired"]],
      ["a PHP file named photo.jpg", () => form({}, file("<?php system($_GET['c']); ?>\n", "photo.jpg", "image/jpeg")), "photo", ["photoNotAnImage"]],
      [
        "an SVG with a script",
        () => form({}, file('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>', "photo.svg", "image/svg+xml")),
        "photo",
        ["photoUnsupportedType", "photoNotAnImage"],
      ],
      ["a decompression-bomb PNG", () => form({}, file(bombPng(), "photo.png", "image/png")), "photo", ["photoTooManyPixels"]],
      ["a photo just over 10 MB", async () => form({}, file(Buffer.concat([await phoneJpeg(), Buffer.alloc(MAX_PHOTO_BYTES)]), "big.jpg", "image/jpeg")), "photo", ["photoTooLarge"]],
      ["an empty file named photo.jpg", () => form({}, file(new Uint8Array(0), "photo.jpg", "image/jpeg")), "photo", ["photoEmpty"]],
      ["random bytes", () => form({}, file(Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 251)), "photo.webp", "image/webp")), "photo", ["photoNotAnImage"]],
    ];

    it.each(cases)("%s", async (_name, make, field, allowed) => {
      const before = tableCounts();
      const response = await submit(await make());
      expect(response.status).toBe(400);
      const body = (await response.json()) as NewActionData;
      expect(body.result.status).toBe("error");
      const errors = body.result.error?.[field] ?? [];
      expect(errors.length, JSON.stringify(body.result.error)).toBeGreaterThan(0);
      expect(allowed, JSON.stringify(body.result.error)).toContain(errors[0]);
      // Only the field at fault is flagged.
      const flagged = Object.entries(body.result.error ?? {}).filter(([, v]) => v && v.length > 0).map(([k]) => k);
      expect(flagged).toEqual([field]);
      expect(tableCounts()).toEqual(before);
    });
  });

  it("refuses an 11 MB upload while reading it, and stores nothing", async () => {
    const before = tableCounts();
    const response = await submit(form({}, file(Buffer.alloc(11 * 1024 * 1024, 0xff), "huge.jpg", "image/jpeg")));
    if (response.status === 400) {
      const body = (await response.json()) as NewActionData;
      expect(body.result.error?.photo).toContain("photoTooLarge");
    } else {
      expect(response.status).toBe(413);
    }
    expect(tableCounts()).toEqual(before);
  });

  it("keeps what was typed when refusing, so the form can be shown again", async () => {
    const response = await submit(form({ title: "ok" }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as NewActionData;
    expect(body.result.initialValue).toMatchObject({ title: "ok", description: VALID.description });
  });

  it("stores HTML and script as typed, and gives them back as plain data", async () => {
    const title = '<script>alert("khma")</script> Park';
    const description = '<img src=x onerror="alert(1)"> & <b>bold</b> — a description long enough.';
    const response = await submit(form({ title, description }));
    expect(response.status).toBe(302);
    const id = Number(/\/ideas\/(\d+)/.exec(response.headers.get("Location") ?? "")?.[1]);
    expect(getIdea(id)).toMatchObject({ title, description });
    changeStatus({ ideaId: id, actorId: ids.moderator, to: "published" });
    const data = (await (await view(null, id)).json()) as IdeaData;
    expect(data.idea.title).toBe(title);
    expect(data.idea.description).toBe(description);
    // The pages render it as text: nothing on them bypasses React's escaping.
    for (const route of ["ideas.$id.tsx", "ideas._index.tsx", "ideas.new.tsx", "hub.ideas.$id.tsx", "hub.ideas._index.tsx"]) {
      expect(fs.readFileSync(new URL(`./${route}`, import.meta.url), "utf8"), route).not.toContain("dangerouslySetInnerHTML");
    }
  });

  it("previews similar ideas without storing anything", async () => {
    const similar = publishedIdea("Fountain repair in Rustaveli square");
    publishedIdea("Snow clearing on Kostava street");
    const before = tableCounts();
    const data = form({ intent: "preview", title: "Repair the fountain", description: "", consent: undefined }, file(await phoneJpeg(), "photo.jpg", "image/jpeg"));
    const response = await submit(data);
    expect(response.status).toBe(200);
    const body = (await response.json()) as NewActionData;
    expect(body.intent).toBe("preview");
    expect(body.similar.map((s) => s.id)).toContain(similar);
    expect(body.similar.map((s) => s.title)).not.toContain("Snow clearing on Kostava street");
    expect(body.photoDropped).toBe(true);
    expect(body.result.initialValue).toMatchObject({ title: "Repair the fountain" });
    expect(tableCounts()).toEqual(before);
  });
});

// ─── /ideas/:id ──────────────────────────────────────────────────────────────────────────

const EVERY_ACTION: Array<Record<string, string>> = [{ intent: "support" }, { intent: "withdraw" }, { intent: "comment", body: "hello there" }, { intent: "report", reason: "spam" }];

describe("/ideas/:id", () => {
  it("a submitted idea is 404 to anonymous visitors and other residents, visible to its author and staff", async () => {
    const id = submittedIdea("Not yet published idea");
    expect((await view(null, id)).status).toBe(404);
    expect((await view("irina", id)).status).toBe(404);
    for (const who of ["nino", "moderator", "admin"] as const) {
      const response = await view(who, id);
      expect(response.status, who).toBe(200);
      const data = (await response.json()) as IdeaData;
      expect(data.idea.title, who).toBe("Not yet published idea");
      expect(data.open, who).toBe(false);
    }
  });

  it("a published idea is visible to everyone", async () => {
    const id = publishedIdea("Visible idea");
    const data = (await (await view(null, id)).json()) as IdeaData;
    expect(data).toMatchObject({ visible: true, canSeeContent: true, open: true, idea: { title: "Visible idea" } });
  });

  it("404s for an idea that does not exist or a malformed id", async () => {
    expect((await view(null, 987_654)).status).toBe(404);
    for (const id of ["abc", "-1", "1.5", "0", "99999999999999999999"]) {
      expect((await call(ideaLoader, get(null, `/ideas/${id}`), { id })).status, id).toBe(404);
    }
  });

  it("sends an anonymous visitor who supports, withdraws, comments or reports to sign in, and changes nothing", async () => {
    const id = publishedIdea("Anonymous actions idea");
    const before = tableCounts();
    for (const fields of EVERY_ACTION) {
      const response = await act(null, id, fields);
      expect(response.status, fields.intent).toBe(302);
      expect(response.headers.get("Location")).toBe(`/login?redirectTo=%2Fideas%2F${id}`);
    }
    expect(tableCounts()).toEqual(before);
  });

  it("refuses every action on a submitted or merged idea with 403", async () => {
    const waiting = submittedIdea("Action on submitted idea");
    const survivor = publishedIdea("Action survivor idea");
    const merged = publishedIdea("Action on merged idea");
    expect(mergeIdeas({ duplicateId: merged, survivorId: survivor, actorId: ids.moderator }).ok).toBe(true);
    const before = tableCounts();
    for (const id of [waiting, merged]) {
      for (const who of ["irina", "nino"] as const) {
        for (const fields of EVERY_ACTION) {
          expect((await act(who, id, fields)).status, `${who} ${fields.intent} on ${id}`).toBe(403);
        }
      }
    }
    expect(tableCounts()).toEqual(before);
  });

  it("counts a support twice once, and takes it back", async () => {
    const id = publishedIdea("Support twice idea");
    for (let i = 0; i < 2; i++) {
      const response = await act("irina", id, { intent: "support" });
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`/ideas/${id}`);
    }
    expect(getIdea(id)?.supportsCount).toBe(1);
    const data = (await (await view("irina", id)).json()) as IdeaData;
    expect(data.supported).toBe(true);
    expect(((await (await view("nino", id)).json()) as IdeaData).supported).toBe(false);
    await act("irina", id, { intent: "withdraw" });
    await act("irina", id, { intent: "withdraw" });
    expect(getIdea(id)?.supportsCount).toBe(0);
    expect(((await (await view("irina", id)).json()) as IdeaData).supported).toBe(false);
  });

  it("400s an unknown or missing intent", async () => {
    const id = publishedIdea("Unknown intent idea");
    const before = tableCounts();
    expect((await act("irina", id, { intent: "delete" })).status).toBe(400);
    expect((await act("irina", id, {})).status).toBe(400);
    expect(tableCounts()).toEqual(before);
  });

  it("stores a comment, tells the author, and threads a reply", async () => {
    const id = publishedIdea("Comment idea");
    const notesBefore = getDb().select({ n: count() }).from(notifications).where(eq(notifications.userId, ids.nino)).get()?.n ?? 0;
    const response = await act("irina", id, { intent: "comment", body: "  Good idea, I agree.  " });
    expect(response.status).toBe(302);
    const location = response.headers.get("Location") ?? "";
    expect(location).toMatch(new RegExp(`^/ideas/${id}#comment-\\d+$`));
    const commentId = Number(location.split("-").at(-1));
    const reply = await act("nino", id, { intent: "comment", body: "Thank you!", parentId: String(commentId) });
    expect(reply.status).toBe(302);
    const data = (await (await view(null, id)).json()) as IdeaData;
    expect(data.comments.map((c) => [c.body, c.parentId])).toEqual([
      ["Good idea, I agree.", null],
      ["Thank you!", commentId],
    ]);
    expect(getIdea(id)?.commentsCount).toBe(2);
    // The author heard of Irina's comment, not of their own reply.
    const notes = getDb().select().from(notifications).where(eq(notifications.userId, ids.nino)).all();
    expect(notes.length).toBe(notesBefore + 1);
    expect(notes.at(-1)).toMatchObject({ kind: "comment", ideaId: id });
  });

  it.each([
    ["an empty comment", { body: "" }, "body"],
    ["a one-character comment", { body: "x" }, "body"],
    ["a 2001-character comment", { body: "ა".repeat(2001) }, "body"],
    ["a comment with control characters", { body: "hello\u0000world" }, "body"],
  ])("refuses %s with 400 and stores nothing", async (_name, fields, field) => {
    const id = publishedIdea(`Bad comment idea ${_name}`);
    const before = tableCounts();
    const response = await act("irina", id, { intent: "comment", ...fields });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { comment: Reply };
    expect(body.comment.error?.[field]?.length).toBeGreaterThan(0);
    expect(tableCounts()).toEqual(before);
    expect(getIdea(id)?.commentsCount).toBe(0);
  });

  it("refuses a reply to a comment on another idea with 400 and stores nothing", async () => {
    const one = publishedIdea("Reply source idea");
    const two = publishedIdea("Reply target idea");
    await act("irina", one, { intent: "comment", body: "On idea one" });
    const foreign = getDb().select({ id: comments.id }).from(comments).where(eq(comments.ideaId, one)).get()!.id;
    const before = tableCounts();
    const response = await act("irina", two, { intent: "comment", body: "Sneaky reply", parentId: String(foreign) });
    expect(response.status).toBe(400);
    expect(tableCounts()).toEqual(before);
  });

  it("hides an idea reported by three different residents, showing only the reason", async () => {
    const id = publishedIdea("Idea reported through the page", { photo: await photoFor() });
    const phone = getDb().select({ id: users.id }).from(users).where(eq(users.phone, "+995555000101")).get()!.id;
    const phoneCookie = await sessionCookieFor(phone);
    const response = await act("irina", id, { intent: "report", reason: "spam" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/ideas/${id}?reported=1`);
    await act("irina", id, { intent: "report", reason: "offensive" });
    await act("moderator", id, { intent: "report", reason: "spam" });
    expect(getIdea(id)).toMatchObject({ hidden: false, reportsCount: 2 });
    expect((await call(photoLoader, get(null, `/ideas/${id}/photo`), { id: String(id) })).status).toBe(200);
    const third = await call(ideaAction, new Request(`${ORIGIN}/ideas/${id}`, { method: "POST", body: new URLSearchParams({ intent: "report", reason: "off_topic" }), headers: { Cookie: phoneCookie } }), { id: String(id) });
    expect(third.status).toBe(302);
    expect(getIdea(id)).toMatchObject({ hidden: true, hiddenReason: "reported" });
    const data = (await (await view(null, id)).json()) as IdeaData;
    expect(data).toMatchObject({ visible: false, removedReason: "reported", canSeeContent: false, photoUrl: null, comments: [] });
    expect(data.idea.title).toBe("");
    expect(data.idea.description).toBe("");
    // Its photo is no longer served to strangers, and no one can act on it any more.
    expect((await call(photoLoader, get(null, `/ideas/${id}/photo`), { id: String(id) })).status).toBe(404);
    expect((await act("admin", id, { intent: "support" })).status).toBe(403);
  });

  it("refuses a report of a comment from another idea, and ignores an unknown reason", async () => {
    const one = publishedIdea("Report source idea");
    const two = publishedIdea("Report target idea");
    await act("irina", one, { intent: "comment", body: "On idea one" });
    const foreign = getDb().select({ id: comments.id }).from(comments).where(eq(comments.ideaId, one)).get()!.id;
    const before = tableCounts();
    expect((await act("nino", two, { intent: "report", reason: "spam", comment: String(foreign) })).status).toBe(404);
    expect((await act("nino", two, { intent: "report", reason: "spam", comment: "abc" })).status).toBe(404);
    const unknown = await act("nino", two, { intent: "report", reason: "i-dont-like-it" });
    expect(unknown.status).toBe(302);
    expect(unknown.headers.get("Location")).toBe(`/ideas/${two}`);
    expect(tableCounts()).toEqual(before);
  });
});

// ─── /ideas ──────────────────────────────────────────────────────────────────────────────

describe("/ideas", () => {
  it.each([
    ["no query", "/ideas"],
    ["garbage filters", "/ideas?page=-1&sort=zzz&district=abc&goal=%00&status=nope"],
    ["out-of-range values", "/ideas?page=99999999999&sort=&district=1e999&goal=-3&status=submitted"],
    ["an SQL-injection search", "/ideas?q=%22)%3B%20DROP%20TABLE%20ideas%3B%20--"],
    ["an FTS operator", "/ideas?q=NEAR("],
    ["a lone star", "/ideas?q=*"],
    ["a 5000-character search", `/ideas?q=${"x".repeat(5000)}`],
    ["repeated parameters", "/ideas?page=1&page=two&sort=new&sort=supported"],
  ])("answers a list request with %s with 200", async (_name, path) => {
    const response = await call(listLoader, get(null, path));
    expect(response.status).toBe(200);
    const data = (await response.json()) as { query: { page: number; sort: string }; ideas: unknown[] };
    expect(data.query.page).toBeGreaterThanOrEqual(1);
    expect(["new", "supported", "discussed"]).toContain(data.query.sort);
  });

  it("falls back to the defaults on garbage", async () => {
    const data = (await (await call(listLoader, get(null, "/ideas?page=-1&sort=zzz&district=abc"))).json()) as { query: Record<string, unknown> };
    expect(data.query).toEqual({ sort: "new", page: 1 });
  });

  it("lists published ideas only, and finds them by search", async () => {
    const listed = publishedIdea("Listed Quokkaword idea");
    const waiting = submittedIdea("Waiting Quokkaword idea");
    const data = (await (await call(listLoader, get(null, "/ideas?q=quokkaword"))).json()) as { ideas: Array<{ id: number }> };
    expect(data.ideas.map((i) => i.id)).toEqual([listed]);
    expect(data.ideas.map((i) => i.id)).not.toContain(waiting);
    const star = (await (await call(listLoader, get(null, "/ideas?q=*"))).json()) as { ideas: unknown[] };
    expect(star.ideas).toEqual([]);
  });
});

// ─── /ideas/:id/photo ────────────────────────────────────────────────────────────────────

describe("/ideas/:id/photo", () => {
  let publicId = 0;
  let privateId = 0;

  beforeAll(async () => {
    publicId = publishedIdea("Public photo idea", { photo: await photoFor() });
    privateId = submittedIdea("Private photo idea", { photo: await photoFor() });
  });

  it("serves a public idea's photo as WebP to anyone", async () => {
    const response = await call(photoLoader, get(null, `/ideas/${publicId}/photo`), { id: String(publicId) });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/webp");
    expect(response.headers.get("Cache-Control")).toContain("public");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(8, 12).toString("latin1")).toBe("WEBP");
  });

  it("serves a smaller thumbnail", async () => {
    const full = Buffer.from(await (await call(photoLoader, get(null, `/ideas/${publicId}/photo`), { id: String(publicId) })).arrayBuffer());
    const thumb = await call(photoLoader, get(null, `/ideas/${publicId}/photo?size=thumb`), { id: String(publicId) });
    expect(thumb.headers.get("Content-Type")).toBe("image/webp");
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(meta.width).toBeLessThanOrEqual(480);
    expect(meta.width).toBeLessThan((await sharp(full).metadata()).width);
  });

  it("404s a non-public idea's photo to strangers, and serves it privately to its author and staff", async () => {
    expect((await call(photoLoader, get(null, `/ideas/${privateId}/photo`), { id: String(privateId) })).status).toBe(404);
    expect((await call(photoLoader, get("irina", `/ideas/${privateId}/photo`), { id: String(privateId) })).status).toBe(404);
    for (const who of ["nino", "moderator"] as const) {
      const response = await call(photoLoader, get(who, `/ideas/${privateId}/photo`), { id: String(privateId) });
      expect(response.status, who).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("image/webp");
      expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    }
  });

  it("404s an idea without a photo, an unknown idea and a malformed id", async () => {
    const noPhoto = publishedIdea("No photo idea");
    expect((await call(photoLoader, get(null, `/ideas/${noPhoto}/photo`), { id: String(noPhoto) })).status).toBe(404);
    expect((await call(photoLoader, get(null, "/ideas/999999/photo"), { id: "999999" })).status).toBe(404);
    expect((await call(photoLoader, get(null, "/ideas/x/photo"), { id: "x" })).status).toBe(404);
  });
});
