import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import type { AuditContext } from "@/lib/db/audit-repository";
import { LOCAL_ADMIN, type Actor } from "@/lib/auth/roles";
import { oidcSettings } from "@/lib/auth/auth-settings";
import { actorOf, readSession, sessionCookieName, SIGNED_OUT, type Session } from "@/lib/auth/session";

// Who is asking, and from where, for pages, server actions and route handlers: the one place that reads the session.

/** The signed-in session, or null (local mode, or no valid session); decrypted once per request (React's cache). */
const currentSession = cache(async (): Promise<Session | null> => {
  const settings = oidcSettings();
  if (!settings) return null;
  return readSession(settings, (await cookies()).get(sessionCookieName(settings))?.value);
});

/**
 * The actor. Without an identity provider TrailProof runs in local mode: it listens on 127.0.0.1 only (npm start
 * refuses anything else) and the person there is the local administrator. With one, the session's person, or
 * SIGNED_OUT (no role) when the session is missing, expired or forged.
 */
export async function currentActor(): Promise<Actor> {
  if (!oidcSettings()) return LOCAL_ADMIN;
  const session = await currentSession();
  return session ? actorOf(session) : SIGNED_OUT;
}

/**
 * The client's address for the audit trail. Local mode serves the loopback only. With sign-in, TrailProof sits behind
 * one reverse proxy (or none: Next then sets the header from the socket): the last X-Forwarded-For entry is the one
 * that proxy appended, the address it saw; entries before it are whatever the client sent, so never trusted.
 */
function clientAddress(h: Headers): string {
  if (!oidcSettings()) return "127.0.0.1";
  return h.get("x-forwarded-for")?.split(",").at(-1)?.trim() || h.get("x-real-ip") || "unknown";
}

/** Who and from where, for an audit record; `actor` names someone the session does not (yet) carry: a sign-in. */
export async function requestContext(actor?: Actor): Promise<AuditContext> {
  const h = await headers();
  return { actor: actor ?? (await currentActor()), source: { ip: clientAddress(h), userAgent: h.get("user-agent") } };
}
