import "server-only";
import { headers } from "next/headers";
import type { AuditContext } from "@/lib/db/audit-repository";
import { LOCAL_ADMIN, type Actor } from "@/lib/auth/roles";

// Who is asking, and from where, for server actions and route handlers.

/**
 * The signed-in actor. Until an identity provider is configured (the access issue's next step), TrailProof runs in
 * local mode: it listens on 127.0.0.1 only (npm start refuses anything else) and the person there is the local
 * administrator.
 */
export async function currentActor(): Promise<Actor> {
  return LOCAL_ADMIN;
}

export async function requestContext(): Promise<AuditContext> {
  const h = await headers();
  // Behind a reverse proxy the client is the first X-Forwarded-For hop; in local mode it is always the loopback.
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return { actor: await currentActor(), source: { ip: forwarded || h.get("x-real-ip") || "127.0.0.1", userAgent: h.get("user-agent") } };
}
