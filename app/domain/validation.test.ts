import { describe, expect, it } from "vitest";
import { safeRedirect } from "./accounts";
import { displayName, parseIdentifier } from "./validation.server";

describe("parseIdentifier", () => {
  it.each([
    ["+995 555 12 34 56", "+995555123456"],
    ["555123456", "+995555123456"],
    ["995555123456", "+995555123456"],
    ["(555) 12-34-56", "+995555123456"],
    ["+995-599-00-11-22", "+995599001122"],
  ])("normalises the Georgian mobile number %s", (raw, expected) => {
    expect(parseIdentifier(raw)).toEqual({ kind: "phone", value: expected });
  });

  it.each(["+995 322 12 34 56", "12345", "+7 999 123 45 67", "5551234567", "' OR 1=1 --"])("refuses %s", (raw) => {
    expect(parseIdentifier(raw)).toBeNull();
  });

  it("lower-cases email addresses", () => {
    expect(parseIdentifier("  Nino.Beridze@Example.GE ")).toEqual({ kind: "email", value: "nino.beridze@example.ge" });
  });

  it("refuses an address with HTML in it", () => {
    expect(parseIdentifier("<script>@x.ge")).toBeNull();
  });
});

describe("displayName", () => {
  it("keeps a Georgian name and normalises it to NFC", () => {
    const decomposed = "ნინო Pe\u0301trova"; // e + combining acute
    const result = displayName.safeParse(decomposed);
    expect(result.success && result.data).toBe("ნინო Pétrova");
  });

  it("accepts Azerbaijani and Russian names", () => {
    expect(displayName.safeParse("Elvin Məmmədov").success).toBe(true);
    expect(displayName.safeParse("Ирина Петрова-Ли").success).toBe(true);
  });

  it.each([
    ["stacked combining marks", "ნი\u0301\u0302\u0303\u0304ნო"],
    ["HTML", "<b>ნინო</b>"],
    ["SQL", "ნინო'); DROP TABLE users;--"],
    ["a control character", "ნინო\u0007"],
    ["too short", "ნ"],
  ])("refuses %s", (_, value) => {
    expect(displayName.safeParse(value).success).toBe(false);
  });
});

describe("safeRedirect", () => {
  it.each(["/ideas?x=1", "/me"])("keeps the local path %s", (to) => expect(safeRedirect(to)).toBe(to));
  it.each(["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "", null, "/\tx"])(
    "refuses %s",
    (to) => expect(safeRedirect(to)).toBe("/"),
  );
});
