import { NextResponse, type NextRequest } from "next/server";
import { seeOther } from "@/lib/auth/view-guard";
import { appHref, oidcSettings } from "@/lib/auth/auth-settings";
import { finishSignIn } from "@/lib/auth/oidc-flow";
import { actorOf, cookieSettings, sealSession, SIGNED_OUT } from "@/lib/auth/session";
import { auditSession } from "@/lib/auth/sign-in-audit";

export const dynamic = "force-dynamic";

// The provider sends the browser back here with a code: exchange it, map groups to roles, set the session cookie.
export async function GET(request: NextRequest) {
  const settings = oidcSettings();
  if (!settings) return seeOther("/");
  const tx = cookieSettings(settings, "oidc-tx", 0);
  let result;
  try {
    result = await finishSignIn(settings, request.nextUrl.search, request.cookies.get(tx.name)?.value);
  } catch (error) {
    console.error("sign-in could not finish", error);
    result = { ok: false as const, began: true, reason: `the identity provider could not be reached: ${(error as Error).message}`.slice(0, 300) };
  }
  if (!result.ok && !result.began) {
    // Anyone can call this URL: without a sign-in under way there is nothing to record (and nothing to flood with).
    console.warn(`sign-in callback without a sign-in under way: ${result.reason}`);
    return NextResponse.redirect(appHref(settings, "/signed-out?error=sign-in"), 303);
  }
  if (!result.ok) {
    const who = result.who ? actorOf({ sub: result.who.sub, name: result.who.name, roles: [] }) : SIGNED_OUT;
    const recorded = await auditSession(who, { action: "auth.sign-in", outcome: result.who ? "refused" : "failed", detail: { reason: result.reason, ...(result.who ? { groups: result.who.groups } : {}) } });
    const response = recorded
      ? NextResponse.redirect(appHref(settings, `/signed-out?error=${result.who ? "no-role" : "sign-in"}`), 303)
      : new NextResponse("Too many failed sign-ins from your address: try again in a few minutes.", { status: 429, headers: { "content-type": "text/plain; charset=utf-8", "retry-after": "600" } });
    response.cookies.set(tx.name, "", { ...tx.options, maxAge: 0 });
    return response;
  }
  await auditSession(actorOf(result.session), { action: "auth.sign-in", outcome: "succeeded", detail: { groups: result.groups, roles: result.session.roles } });
  const response = NextResponse.redirect(appHref(settings, result.returnTo), 303);
  const session = cookieSettings(settings, "session", settings.sessionMaxAgeSeconds);
  response.cookies.set(session.name, await sealSession(settings, result.session), session.options);
  response.cookies.set(tx.name, "", { ...tx.options, maxAge: 0 });
  response.headers.set("cache-control", "no-store");
  return response;
}
