import { NextResponse, type NextRequest } from "next/server";
import { appHref, oidcSettings } from "@/lib/auth/auth-settings";
import { readSession, sessionCookieName } from "@/lib/auth/session";

// With sign-in configured, nothing but the sign-in routes, the signed-out page, static assets and the health check
// is served without a valid session: a page request goes to sign-in (and comes back), anything else gets 401.
// Every page, action and route checks the session again where it reads or writes (lib/auth): this is the front door,
// not the only lock.
export async function proxy(request: NextRequest) {
  const settings = oidcSettings();
  if (!settings) return NextResponse.next();
  if (await readSession(settings, request.cookies.get(sessionCookieName(settings))?.value)) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  const isPageRequest = (request.method === "GET" || request.method === "HEAD") && !pathname.startsWith("/api/");
  if (isPageRequest) {
    return NextResponse.redirect(appHref(settings, `/api/auth/signin?returnTo=${encodeURIComponent(pathname + search)}`), 307);
  }
  return new NextResponse("Sign in first: no valid session (it may have expired).", { status: 401, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

export const config = {
  matcher: ["/((?!api/auth/|api/health|signed-out|_next/static/|_next/image|favicon\\.svg).*)"],
};
