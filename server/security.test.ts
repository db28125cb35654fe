import { describe, expect, it } from "vitest";
import { isSameOriginRequest, securityHeaders } from "./security";

const HOST = "khma.rustavi.ge";

function check(method: string, headers: { origin?: string; referer?: string; host?: string } = {}) {
  return isSameOriginRequest({ method, host: "host" in headers ? headers.host : HOST, origin: headers.origin, referer: headers.referer });
}

describe("isSameOriginRequest", () => {
  it.each(["GET", "HEAD", "OPTIONS", "get"])("lets a %s through whatever its origin", (method) => {
    expect(check(method, { origin: "https://evil.example" })).toBe(true);
    expect(check(method)).toBe(true);
  });

  it("lets a POST from this site through", () => {
    expect(check("POST", { origin: `https://${HOST}` })).toBe(true);
    expect(check("POST", { origin: `https://${HOST.replace("khma", "KHMA")}` })).toBe(true);
  });

  it.each([
    ["another site", "https://evil.example"],
    ["a look-alike subdomain", `https://${HOST}.evil.example`],
    ["the same name on another port", `https://${HOST}:8443`],
    ["a sandboxed or privacy-redirected page", "null"],
    ["something that is not a URL", "not a url"],
    ["an empty Origin", ""],
  ])("refuses a POST from %s", (_, origin) => {
    expect(check("POST", { origin })).toBe(false);
  });

  it("refuses Origin null even with a same-host Referer", () => {
    expect(check("POST", { origin: "null", referer: `https://${HOST}/join` })).toBe(false);
  });

  it("a foreign Origin is not rescued by a same-host Referer", () => {
    expect(check("POST", { origin: "https://evil.example", referer: `https://${HOST}/join` })).toBe(false);
  });

  it("without Origin, accepts a same-host Referer", () => {
    expect(check("POST", { referer: `https://${HOST}/join?x=1` })).toBe(true);
  });

  it("without Origin, refuses a foreign Referer", () => {
    expect(check("POST", { referer: "https://evil.example/khma.rustavi.ge/join" })).toBe(false);
  });

  it.each(["POST", "PUT", "PATCH", "DELETE"])("refuses a %s with neither Origin nor Referer", (method) => {
    expect(check(method)).toBe(false);
  });

  it("refuses a POST when the Host is unknown", () => {
    expect(check("POST", { host: undefined, origin: `https://${HOST}` })).toBe(false);
  });
});

describe("securityHeaders", () => {
  const headers = securityHeaders("n0nce+/=", { production: false });
  const directives = new Map(
    headers["Content-Security-Policy"]!.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );

  it("allows scripts only from this site and with the response's nonce", () => {
    const scriptSrc = directives.get("script-src") ?? directives.get("default-src");
    expect(scriptSrc).toContain("'nonce-n0nce+/='");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(scriptSrc).not.toContain("*");
    expect(headers["Content-Security-Policy"]).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it("uses a fresh nonce per response", () => {
    expect(securityHeaders("other", { production: false })["Content-Security-Policy"]).toContain("'nonce-other'");
    expect(securityHeaders("other", { production: false })["Content-Security-Policy"]).not.toContain("n0nce");
  });

  it("forbids framing, plugins and foreign form targets", () => {
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
    expect(directives.get("object-src")).toEqual(["'none'"]);
    expect(directives.get("form-action")).toEqual(["'self'"]);
    expect(directives.get("base-uri")).toEqual(["'none'"]);
    expect(headers["X-Frame-Options"]).toBe("DENY");
  });

  it("sets nosniff and a Referrer-Policy that does not leak paths to other sites", () => {
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(["strict-origin-when-cross-origin", "strict-origin", "same-origin", "no-referrer"]).toContain(headers["Referrer-Policy"]);
  });

  it("sends HSTS only in production", () => {
    expect(headers).not.toHaveProperty("Strict-Transport-Security");
    const production = securityHeaders("abc", { production: true });
    expect(production["Strict-Transport-Security"]).toMatch(/max-age=(\d+)/);
    expect(Number(/max-age=(\d+)/.exec(production["Strict-Transport-Security"]!)?.[1])).toBeGreaterThanOrEqual(180 * 24 * 60 * 60);
  });
});
