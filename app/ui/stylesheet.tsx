// The site's one stylesheet, written into the page's <head> instead of linked from it.
//
// A linked stylesheet blocks the first paint for one more round trip: on a phone's slow 4G that is
// most of half a second (Lighthouse's "render-blocking resources"). The stylesheet is small (4 kB
// compressed), so the server reads the built file once and puts it in every page; the browser
// keeps the element as it is through hydration and navigations. In development, where the file
// is Vite's, it stays a link.
import { createContext, useContext } from "react";
import { handedText } from "~/ui/handoff";
import { useNonce } from "~/ui/nonce";

export const STYLESHEET_ID = "khma-styles";

/** On the server: the stylesheet's text for its URL, or null to link it. Absent in the browser. */
const StylesheetContext = createContext<((href: string) => string | null) | null>(null);
export const StylesheetProvider = StylesheetContext.Provider;

export function Stylesheet({ href }: { href: string }) {
  const read = useContext(StylesheetContext);
  const nonce = useNonce();
  const css = read ? read(href) : handedText(STYLESHEET_ID);
  if (css === null) return <link rel="stylesheet" href={href} />;
  // The CSS is the site's own build output: no visitor's text reaches it. Its nonce lets the
  // Content-Security-Policy allow this one <style> element.
  return <style id={STYLESHEET_ID} nonce={nonce || undefined} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: css }} />;
}
