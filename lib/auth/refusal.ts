/** A plain-text 401 or 403 that no cache keeps: for route handlers and the proxy alike. */
export function refusal(status: 401 | 403, message: string): Response {
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}
