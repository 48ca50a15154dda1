import { NextResponse, type NextRequest } from "next/server";
import { seeOther } from "@/lib/auth/view-guard";
import { appHref, oidcSettings } from "@/lib/auth/auth-settings";
import { signOutRedirect } from "@/lib/auth/oidc-flow";
import { actorOf, cookieSettings, readSession } from "@/lib/auth/session";
import { auditSession } from "@/lib/auth/sign-in-audit";

export const dynamic = "force-dynamic";

// POST only (a link or an image on another site cannot sign anyone out), and only from this site's own pages.
export async function POST(request: NextRequest) {
  const settings = oidcSettings();
  if (!settings) return seeOther("/");
  const origin = request.headers.get("origin");
  if (origin && origin !== settings.appUrl.origin) return new Response("Cross-site sign-out refused.", { status: 403 });
  const cookie = cookieSettings(settings, "session", 0);
  const session = await readSession(settings, request.cookies.get(cookie.name)?.value);
  if (session) await auditSession(actorOf(session), { action: "auth.sign-out", outcome: "succeeded" });
  const response = NextResponse.redirect(session ? await signOutRedirect(settings) : appHref(settings, "/signed-out"), 303);
  response.cookies.set(cookie.name, "", { ...cookie.options, maxAge: 0 });
  return response;
}
