/** A plain-text 401, 403 or 429 that no cache keeps: for route handlers and the proxy alike. */
export function refusal(status: 401 | 403 | 429, message: string): Response {
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}
