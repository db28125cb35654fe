import { describe, expect, it } from "vitest";
import { INTL_LOCALE, LANGUAGES } from "~/utils/i18n";
import { formatNumber } from "./format";

describe("formatNumber", () => {
  it("writes numbers as full ICU data does for each language, without needing that data", () => {
    for (const language of LANGUAGES) {
      for (const value of [0, 7, 1234, 100_000, 1_234_567.5, -42_000.125, 0.5]) {
        expect(formatNumber(language, value)).toBe(new Intl.NumberFormat(INTL_LOCALE[language]).format(value));
      }
    }
  });

  it("groups Georgian thousands with a no-break space and Azerbaijani with a dot", () => {
    expect(formatNumber("ka", 100_000)).toBe("100\u00a0000");
    expect(formatNumber("az", 100_000)).toBe("100.000");
  });
});
