import { db } from "@/lib/db/client";
import { oidcSettings } from "@/lib/auth/auth-settings";
import { CursorError } from "@/lib/core/api/cursor";
import { authenticateApiRequest } from "@/lib/services/api/authenticate";
import { ApiRequestError, endpointNamed } from "@/lib/services/api/endpoints";
import { parseListQuery, QueryError } from "@/lib/services/api/query";

// The route handlers of /api/v1 (app/api/v1/*/route.ts export these): bearer token → parameters → one page, every
// answer JSON and never cached. Nothing here reads cookies: the API knows only its tokens.

const HEADERS = { "cache-control": "no-store" };

export function apiError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: message }, { status, headers: { ...HEADERS, ...headers } });
}

/** GET handler of one list. */
export function listHandler(name: string) {
  const endpoint = endpointNamed(name);
  return async function GET(request: Request): Promise<Response> {
    const database = db();
    const caller = await authenticateApiRequest(database, request.headers.get("authorization"), endpoint.permission, { localMode: !oidcSettings() });
    if (!caller.ok) return apiError(caller.status, caller.message, caller.status === 401 ? { "www-authenticate": 'Bearer realm="trailproof"' } : {});
    const url = new URL(request.url);
    try {
      const query = parseListQuery(url, endpoint.parameters);
      const page = await endpoint.read(database, query, new Date());
      const next = page.nextCursor ? nextPath(url, page.nextCursor) : null;
      return Response.json({ ...page, next }, { headers: HEADERS });
    } catch (error) {
      if (error instanceof QueryError || error instanceof CursorError) return apiError(400, error.message);
      if (error instanceof ApiRequestError) return apiError(error.status, error.message);
      console.error(`GET ${url.pathname} failed`, error);
      return apiError(500, "TrailProof could not answer this request; the server log says why.");
    }
  };
}

/** The next page's path: the same query with the new cursor (relative, so it holds behind any proxy). */
function nextPath(url: URL, cursor: string): string {
  const params = new URLSearchParams(url.searchParams);
  params.set("cursor", cursor);
  return `${url.pathname}?${params.toString()}`;
}

const ALLOW = "GET, HEAD, OPTIONS";

/** Every method but GET (HEAD is answered from GET by Next): the API writes nothing, by design. */
export function readOnly(): Response {
  return apiError(405, "The TrailProof API is read-only: only GET is allowed.", { allow: ALLOW });
}

/** OPTIONS: Next's own answer would list every exported method, the 405 answers among them. */
export function options(): Response {
  return new Response(null, { status: 204, headers: { ...HEADERS, allow: ALLOW } });
}
