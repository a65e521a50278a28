// Starts Swagger UI on /api/docs. A file of its own, not an inline script, so that the
// page passes the Content-Security-Policy (script-src 'self').
(() => {
  const root = document.getElementById("swagger-ui");
  const unsafe = new Set(["POST", "PUT", "PATCH", "DELETE"]);
  let csrfToken;

  // "Try it out" as the signed-in person: a write needs the session's CSRF token, asked
  // for on the first write (an anonymous visitor never asks).
  async function withCsrf(request) {
    if (!unsafe.has(String(request.method).toUpperCase())) return request;
    if (csrfToken === undefined) {
      const response = await fetch("/api/v1/auth/me", { credentials: "same-origin" });
      csrfToken = response.ok ? (await response.json()).csrf_token : null;
    }
    if (csrfToken) request.headers["X-CSRF-Token"] = csrfToken;
    return request;
  }

  window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    requestInterceptor: withCsrf,
  });
})();
