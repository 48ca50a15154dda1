import "server-only";
import { redirect } from "next/navigation";
import { can, type Actor, type Permission } from "@/lib/auth/roles";
import { currentActor } from "@/lib/auth/request-context";
import { SIGNED_OUT } from "@/lib/auth/session";
import { refusal } from "@/lib/auth/refusal";

// Reading is a permission too. proxy.ts already sends requests without a valid session to sign-in; these checks
// repeat it where the data is read, so a page or route never depends on the proxy alone.

/** For pages: the actor, after sending the signed-out to sign-in and those without the view permission away. */
export async function requireViewer(): Promise<Actor> {
  const actor = await currentActor();
  if (can(actor, "view")) return actor;
  redirect(actor.id === SIGNED_OUT.id ? "/api/auth/signin" : "/signed-out?error=no-role");
}

/** For route handlers that only read: 401 without a session, 403 without the permission, else null. */
export async function refuseWithout(permission: Permission): Promise<Response | null> {
  const actor = await currentActor();
  if (can(actor, permission)) return null;
  if (actor.id === SIGNED_OUT.id) return refusal(401, "Your session has ended: sign in again.");
  return refusal(403, permission === "view" ? "Your role does not include viewing TrailProof." : `Your role does not include the ${permission} permission.`);
}

export const refuseWithoutView = () => refuseWithout("view");


/** A 303 to a path of this site, relative: absolute URLs built from the request would name localhost, not 127.0.0.1. */
export function seeOther(path: string): Response {
  return new Response(null, { status: 303, headers: { location: path, "cache-control": "no-store" } });
}
