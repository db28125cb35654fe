import { useTranslation } from "react-i18next";
import { formatWaitMinutes } from "~/ui/format";
import type { Language } from "~/utils/i18n";

/** Turns a form error "rateLimited:<ms>" into "Too many attempts. Please try again in 5 minutes." */
export function useLimitMessage(formErrors: string[] | null | undefined): string | undefined {
  const { t, i18n } = useTranslation("auth");
  const code = formErrors?.find((e) => e.startsWith("rateLimited:"));
  if (!code) return undefined;
  const ms = Number(code.split(":")[1]);
  return t("rateLimited", { when: formatWaitMinutes(i18n.language as Language, ms) });
}
