import { NextResponse, type NextRequest } from "next/server";
import { appHref, oidcSettings } from "@/lib/auth/auth-settings";
import { isLoopbackOrigin } from "@/lib/auth/loopback";
import { readSession, sessionCookieName } from "@/lib/auth/session";
import { refusal } from "@/lib/auth/refusal";

// The front door, not the only lock: every page, action and route checks the session again where it reads or writes.
// - Local mode (no identity provider): whoever is served is the administrator, so only requests addressed to the
//   loopback are served. A web page elsewhere could otherwise rebind its own name to 127.0.0.1 (DNS rebinding) and
//   drive TrailProof from the user's browser, its Host and Origin both naming the attacker's site.
// - Sign-in: nothing but the sign-in routes, the signed-out page, static assets and the health check is served
//   without a valid session: a page request goes to sign-in (and comes back), anything else gets 401. The API under
//   /api/v1 is the exception: it takes no session, only a bearer token, checked by its handlers.
export async function proxy(request: NextRequest) {
  const settings = oidcSettings();
  if (!settings) {
    const origin = request.headers.get("origin");
    if (isLoopbackOrigin(`http://${request.headers.get("host") ?? ""}`) && (!origin || isLoopbackOrigin(origin))) return NextResponse.next();
    return refusal(403, "TrailProof runs in local mode (no sign-in) and answers only requests addressed to 127.0.0.1, localhost or [::1].");
  }
  const { pathname, search } = request.nextUrl;
  // The read-only API authenticates by bearer token only, in its own handler (lib/http/api-v1.ts): no session there.
  if (pathname.startsWith("/api/v1/")) return NextResponse.next();
  if (await readSession(settings, request.cookies.get(sessionCookieName(settings))?.value)) return NextResponse.next();
  const isPageRequest = (request.method === "GET" || request.method === "HEAD") && !pathname.startsWith("/api/");
  if (isPageRequest) {
    return NextResponse.redirect(appHref(settings, `/api/auth/signin?returnTo=${encodeURIComponent(pathname + search)}`), 307);
  }
  return refusal(401, "Sign in first: no valid session (it may have expired).");
}


// Every path but these, each anchored at a segment boundary (so /signed-outX or /api/healthz are not skipped). The
// skipped ones read or change nothing in local mode (sign-in routes only redirect home there), so the Host check
// there is not needed either.
export const config = {
  matcher: ["/((?!api/auth/(?:signin|callback|signout)$|api/health$|signed-out$|_next/static/|_next/image$|favicon\\.svg$).*)"],
};
