import "server-only";
import { db } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/roles";
import { grantableRoles, tokensFor } from "@/lib/services/api/tokens";

/** Settings → API tokens: the actor's tokens (every token for an administrator) and the roles they may give one. */
export async function getApiTokens(actor: Actor) {
  return { tokens: await tokensFor(db(), actor), roles: grantableRoles(actor), seesAll: can(actor, "manage") };
}

export type ApiTokensView = Awaited<ReturnType<typeof getApiTokens>>;
