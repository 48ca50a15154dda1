import "server-only";
import { can } from "@/lib/auth/roles";
import { currentActor } from "@/lib/auth/request-context";

/** For route handlers that only read: a 403 response for an actor without the view permission, else null. */
export async function refuseWithoutView(): Promise<Response | null> {
  if (can(await currentActor(), "view")) return null;
  return new Response("Your role does not include viewing TrailProof.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
}
