import { z } from "zod";
import { ROLES, type Actor } from "@/lib/auth/roles";
import type { OidcSettings } from "@/lib/auth/auth-settings";
import { sealToken, unsealToken } from "@/lib/auth/sealed-token";

// The signed-in session: who (the provider's subject and name) and what they may do (roles mapped from their groups at
// sign-in, fixed for the session's life). It lives in one sealed cookie, so no session table: the costs are that a
// changed group takes effect at the next sign-in and that sign-out cannot revoke a copied cookie, both bounded by the
// absolute lifetime (8 h by default).

const sessionSchema = z.object({
  sub: z.string().min(1),
  name: z.string(),
  roles: z.array(z.enum(ROLES)).min(1),
});

export type Session = z.infer<typeof sessionSchema>;

/** Cookie names and attributes: `__Host-` on https (Secure, host-only, path /), plain names on http test setups. */
export function cookieSettings(settings: OidcSettings, purpose: "session" | "oidc-tx", maxAgeSeconds: number) {
  const secure = settings.appUrl.protocol === "https:";
  return {
    name: `${secure ? "__Host-" : ""}trailproof-${purpose}`,
    options: { httpOnly: true, secure, sameSite: "lax" as const, path: "/", maxAge: maxAgeSeconds },
  };
}

export function sessionCookieName(settings: OidcSettings): string {
  return cookieSettings(settings, "session", 0).name;
}

export function sealSession(settings: OidcSettings, session: Session, now = new Date()): Promise<string> {
  return sealToken({ ...session }, settings.authSecret, "session", settings.sessionMaxAgeSeconds, now);
}

/** The session in a cookie value, or null when absent, expired, tampered with or malformed. */
export async function readSession(settings: OidcSettings, cookieValue: string | undefined, now = new Date()): Promise<Session | null> {
  const payload = await unsealToken(cookieValue, settings.authSecret, "session", now);
  const parsed = sessionSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

export function actorOf(session: Session): Actor {
  return { id: `oidc:${session.sub}`, name: session.name || session.sub, roles: session.roles, mode: "oidc" };
}

/** Whoever sends no valid session while sign-in is configured: no role, so every permission check refuses. */
export const SIGNED_OUT: Actor = { id: "signed-out", name: "Not signed in", roles: [], mode: "oidc" };
