import { NextResponse, type NextRequest } from "next/server";
import { seeOther } from "@/lib/auth/view-guard";
import { appHref, oidcSettings } from "@/lib/auth/auth-settings";
import { beginSignIn } from "@/lib/auth/oidc-flow";
import { cookieSettings } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

// Sign-in begins here: a fresh PKCE/state/nonce transaction in a sealed 10-minute cookie, then off to the provider.
export async function GET(request: NextRequest) {
  const settings = oidcSettings();
  if (!settings) return seeOther("/");
  try {
    const start = await beginSignIn(settings, request.nextUrl.searchParams.get("returnTo") ?? "/");
    const response = NextResponse.redirect(start.redirectTo, 303);
    const tx = cookieSettings(settings, "oidc-tx", start.txLifetimeSeconds);
    response.cookies.set(tx.name, start.txCookie, tx.options);
    response.headers.set("cache-control", "no-store");
    return response;
  } catch (error) {
    console.error("sign-in could not begin", error);
    return NextResponse.redirect(appHref(settings, "/signed-out?error=provider"), 303);
  }
}
