// The staff hub: who may enter, who may add staff, and the audit trail that cannot be rewritten.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { count, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, outbox } from "#db/schema";
import { listAudit, recordAudit } from "~/models/audit.server";
import { countUsers, findUserForLogin } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { callAction, callLoader, context, cookieFrom, formRequest, getRequest } from "../../test/requests";
import { loader as hubLoader } from "./hub";
import { action as staffAction, loader as staffLoader } from "./hub.staff";
import { action as loginAction } from "./login";
import { action as resetAction } from "./reset";

type Reply = { status?: string; initialValue: Record<string, unknown> | null; error?: Record<string, string[] | null> };

const cookies: Record<"admin" | "moderator" | "resident", string> = { admin: "", moderator: "", resident: "" };

beforeAll(async () => {
  const accounts = [
    ["admin", "admin@khma.test", "rustavi-admin-2030"],
    ["moderator", "moderator@khma.test", "rustavi-moderator-2030"],
    ["resident", "nino@khma.test", "rustavi-resident-2030"],
  ] as const;
  for (const [role, identifier, password] of accounts) {
    const response = await callAction(loginAction, formRequest("/login", { identifier, password }), context("198.51.100.200"));
    if (response.status !== 302) throw new Error(`could not sign in as ${identifier}`);
    cookies[role] = cookieFrom(response);
  }
});

function as(role: keyof typeof cookies | null, path: string): Request {
  return getRequest(path, role ? { Cookie: cookies[role] } : {});
}

function postAs(role: keyof typeof cookies | null, fields: Record<string, string>): Request {
  return formRequest("/hub/staff", fields, role ? { headers: { Cookie: cookies[role] } } : {});
}

/** Calls a loader expecting it to throw, and returns what it threw. */
async function thrownBy(loader: (args: LoaderFunctionArgs) => Promise<Response>, request: Request): Promise<unknown> {
  try {
    await loader({ request, params: {}, context: context() });
  } catch (thrown) {
    return thrown;
  }
  throw new Error("the loader did not throw");
}

function counts() {
  const db = getDb();
  return {
    users: countUsers(),
    audit: db.select({ n: count() }).from(auditLog).get()?.n ?? 0,
    outbox: db.select({ n: count() }).from(outbox).get()?.n ?? 0,
  };
}

describe("/hub", () => {
  it("sends an anonymous visitor to sign in, and back to /hub after", async () => {
    const response = await callLoader(hubLoader, as(null, "/hub"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fhub");
  });

  it("throws 403 for a resident", async () => {
    const thrown = await thrownBy(hubLoader, as("resident", "/hub"));
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(403);
  });

  it.each([
    ["moderator", false],
    ["admin", true],
  ] as const)("lets a %s in", async (role, isAdmin) => {
    const response = await callLoader(hubLoader, as(role, "/hub"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ isAdmin });
  });

  it("does not let a forged cookie in", async () => {
    const response = await callLoader(hubLoader, getRequest("/hub", { Cookie: `${cookies.admin}x` }));
    expect(response.status).toBe(302);
  });
});

describe("/hub/staff", () => {
  it("throws 403 for a moderator and a resident", async () => {
    for (const role of ["moderator", "resident"] as const) {
      const thrown = await thrownBy(staffLoader, as(role, "/hub/staff"));
      expect((thrown as Response).status, role).toBe(403);
    }
  });

  it("lists the staff, and only the staff, to an admin", async () => {
    const response = await callLoader(staffLoader, as("admin", "/hub/staff"));
    expect(response.status).toBe(200);
    const { staff } = (await response.json()) as { staff: Array<{ contact: string; role: string }> };
    expect(staff).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ contact: "admin@khma.test", role: "admin" }),
        expect.objectContaining({ contact: "moderator@khma.test", role: "moderator" }),
      ]),
    );
    expect(staff.map((s) => s.role)).not.toContain("resident");
  });

  it("an admin creates a moderator: stored, audited, and invited by email with a code for /reset", async () => {
    const admin = findUserForLogin({ kind: "email", value: "admin@khma.test" })!;
    const before = counts();
    const response = await callAction(
      staffAction,
      postAs("admin", { displayName: "გიორგი მაისურაძე", email: "  Giorgi.Maisuradze@Rustavi.GE ", role: "moderator" }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { created: { name: string; email: string } | null };
    expect(body.created).toEqual({ name: "გიორგი მაისურაძე", email: "giorgi.maisuradze@rustavi.ge" });

    const user = findUserForLogin({ kind: "email", value: "giorgi.maisuradze@rustavi.ge" });
    expect(user).toMatchObject({ displayName: "გიორგი მაისურაძე", role: "moderator" });
    expect(countUsers()).toBe(before.users + 1);

    const [entry] = listAudit({ limit: 1 });
    expect(entry).toMatchObject({ action: "staff.create", actorId: admin.id, targetType: "user", targetId: String(user!.id) });
    expect(entry!.details).toMatchObject({ role: "moderator", via: "hub" });

    const [message] = getDb().select().from(outbox).orderBy(desc(outbox.id)).limit(1).all();
    expect(message).toMatchObject({ channel: "email", recipient: "giorgi.maisuradze@rustavi.ge" });
    expect(message!.body).toContain("http://localhost:3000/reset");
    const code = /(?<!\d)(\d{6})(?!\d)/.exec(message!.body)?.[1];
    expect(code).toBeDefined();

    // The invitation works: the new moderator chooses a password and signs in with it.
    const reset = await callAction(
      resetAction,
      formRequest("/reset", { intent: "complete", identifier: "giorgi.maisuradze@rustavi.ge", code: code!, password: "moderator-chosen-1" }),
      context("198.51.100.201"),
    );
    expect(reset.status).toBe(302);
    const signIn = await callAction(
      loginAction,
      formRequest("/login", { identifier: "giorgi.maisuradze@rustavi.ge", password: "moderator-chosen-1" }),
      context("198.51.100.202"),
    );
    expect(signIn.status).toBe(302);
  });

  it("an admin can create another admin", async () => {
    const response = await callAction(staffAction, postAs("admin", { displayName: "Mariam Lomidze", email: "mariam@rustavi.ge", role: "admin" }));
    expect(response.status).toBe(200);
    expect(findUserForLogin({ kind: "email", value: "mariam@rustavi.ge" })?.role).toBe("admin");
  });

  it("a taken email gets 409, creates nothing and does not change the existing account's role", async () => {
    const before = counts();
    const response = await callAction(staffAction, postAs("admin", { displayName: "Nino Again", email: "NINO@khma.test", role: "admin" }));
    expect(response.status).toBe(409);
    const body = (await response.json()) as { created: unknown; result: Reply };
    expect(body.created).toBeNull();
    expect(body.result.error?.email).toEqual(["accountExists"]);
    expect(counts()).toEqual(before);
    expect(findUserForLogin({ kind: "email", value: "nino@khma.test" })?.role).toBe("resident");
  });

  it.each([["superadmin"], ["resident"], [""], ["Admin"]])("the role %j gets 400 and stores nothing", async (role) => {
    const before = counts();
    const response = await callAction(staffAction, postAs("admin", { displayName: "Levan Role", email: "role@rustavi.ge", role }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { created: unknown; result: Reply };
    expect(body.result.error?.role?.length).toBeGreaterThan(0);
    expect(body.result.initialValue).toMatchObject({ displayName: "Levan Role", email: "role@rustavi.ge" });
    expect(counts()).toEqual(before);
    expect(findUserForLogin({ kind: "email", value: "role@rustavi.ge" })).toBeUndefined();
  });

  it.each([
    ["a name with HTML", { displayName: "<script>alert(1)</script>", email: "html@rustavi.ge", role: "moderator" }, "displayName", "nameCharacters"],
    ["a phone number as email", { displayName: "Levan Phone", email: "555 12 34 56", role: "moderator" }, "email", "email"],
    ["an empty email", { displayName: "Levan Empty", email: "", role: "moderator" }, "email", "required"],
  ])("%s gets 400 and stores nothing", async (_, fields, field, errorCode) => {
    const before = counts();
    const response = await callAction(staffAction, postAs("admin", fields));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { result: Reply }).result.error?.[field]).toContain(errorCode);
    expect(counts()).toEqual(before);
  });

  it.each(["resident", "moderator"] as const)("a %s posting gets 403 and nothing is stored", async (role) => {
    const before = counts();
    const response = await callAction(staffAction, postAs(role, { displayName: "Sneaky Admin", email: `sneaky-${role}@rustavi.ge`, role: "admin" }));
    expect(response.status).toBe(403);
    expect(counts()).toEqual(before);
    expect(findUserForLogin({ kind: "email", value: `sneaky-${role}@rustavi.ge` })).toBeUndefined();
  });

  it("an anonymous post is sent to sign in and stores nothing", async () => {
    const before = counts();
    const response = await callAction(staffAction, postAs(null, { displayName: "Anon Admin", email: "anon@rustavi.ge", role: "admin" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    expect(counts()).toEqual(before);
  });
});

describe("the audit log", () => {
  it("refuses UPDATE and DELETE at the database level", () => {
    recordAudit({ actorId: null, action: "test.entry", targetType: "test", targetId: 1, details: { n: 1 } });
    const [entry] = listAudit({ limit: 1 });
    expect(entry?.action).toBe("test.entry");
    const sqlite = getDb().$client;
    const before = counts().audit;

    expect(() => sqlite.prepare("UPDATE audit_log SET action = 'rewritten' WHERE id = ?").run(entry!.id)).toThrow(/append-only/);
    expect(() => sqlite.prepare("DELETE FROM audit_log WHERE id = ?").run(entry!.id)).toThrow(/append-only/);
    expect(() => sqlite.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);

    expect(counts().audit).toBe(before);
    const still = getDb().select().from(auditLog).where(eq(auditLog.id, entry!.id)).get();
    expect(still?.action).toBe("test.entry");
  });
});
