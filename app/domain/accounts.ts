// Roles, and where to go after signing in. The account pages' forms are in accounts-forms.server.ts.

export const ROLES = ["resident", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ["moderator", "admin"] as const;

export function isStaff(role: Role | undefined): boolean {
  return role === "moderator" || role === "admin";
}

/**
 * Where to go after signing in. Only a path on this site: anything that could leave it
 * ("//evil.example", "https://…", "/\\evil") falls back to the home page. So does anything but
 * printable ASCII: a path the app makes is percent-encoded, and a Location header cannot carry
 * other characters (redirect() throws on them, which was a 500).
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || /[^\x21-\x7e]|\\/.test(to)) {
    return fallback;
  }
  return to;
}
