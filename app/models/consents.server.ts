/** Bump when the privacy notice's text changes, so consents say which text was agreed to. */
export const PRIVACY_NOTICE_VERSION = "2026-11-25";
