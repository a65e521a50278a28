/**
 * The Content-Security-Policy admits `<style>` elements only with the nonce the server
 * wrote into index.html for this page load (vite.config.ts, backend app/lib/spa.py).
 */
export function cspNonce(): string | undefined {
  const meta = document.querySelector<HTMLMetaElement>("meta[property=csp-nonce]");
  // Browsers hide a nonce attribute's value from getAttribute once parsed; the property keeps it.
  return meta?.nonce || meta?.getAttribute("nonce") || undefined;
}

/**
 * A sandboxed `srcdoc` frame (an email or letter preview) inherits the page's policy, so
 * the `<style>` elements of the HTML it shows need the nonce too. The frame runs no script,
 * so nothing in it can read the nonce. Ours goes first: of two nonce attributes the first
 * one counts.
 */
export function withStyleNonce(html: string, nonce: string | undefined = cspNonce()): string {
  if (!nonce) return html;
  return html.replace(/<style\b/gi, `<style nonce="${nonce}"`);
}
