// Headers and checks applied to every request before Remix sees it.

/** The Content-Security-Policy and friends. Scripts run only with this response's nonce. */
export function securityHeaders(nonce: string, { production }: { production: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // The page's own stylesheet is written into it (app/ui/stylesheet.tsx), under the nonce.
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ...(production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function hostOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Cross-site request forgery check: a state-changing request must say, through Origin (or
 * Referer when a browser leaves Origin out), that it comes from a page of this site.
 * Browsers always send one of them with a form POST; a request with neither is refused.
 */
export function isSameOriginRequest(req: {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  referer: string | undefined;
}): boolean {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return true;
  const host = req.host?.toLowerCase();
  if (!host) return false;
  if (req.origin !== undefined && req.origin !== "null") return hostOf(req.origin) === host;
  if (req.origin === "null") return false;
  return hostOf(req.referer) === host;
}
