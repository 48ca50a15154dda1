import type { Database } from "@/lib/db/client";
import { LOCAL_ADMIN, permissionsOf, ROLES, type Permission, type Role } from "@/lib/auth/roles";
import { bearerToken, effectivePermissions, hashToken, prefixOf, sameHash, tokenState } from "@/lib/core/api/api-token";
import { countApiTokenUse, findApiTokenForAuth, rolesAtLatestSignIn } from "@/lib/db/api-tokens-repository";

// Who a request to /api/v1 is: the bearer of a personal API token, and nothing else (no cookie, so a browser cannot
// be made to send it by another site, and CSRF does not apply). Every unusable token gets the same 401, whether it is
// malformed, unknown, revoked or expired, so the answer says nothing about which tokens exist.

export const UNAUTHENTICATED = "Missing, unknown, revoked or expired API token: send `Authorization: Bearer <token>` with an active token from Settings.";

export type ApiCaller =
  | { ok: true; tokenId: string; prefix: string; creator: string; permissions: Permission[] }
  | { ok: false; status: 401 | 403; message: string };

export interface AuthenticateOptions {
  /** True without an identity provider: the local administrator then holds admin, as the session would say. */
  localMode: boolean;
  now?: Date;
}

/** What the token's creator holds now (lib/core/api/api-token.ts, effectiveRoles, says why it matters). */
async function creatorRolesNow(database: Database, creator: string, localMode: boolean): Promise<Role[]> {
  // The local administrator exists only in local mode: once sign-in is configured, their tokens hold nothing.
  if (creator === LOCAL_ADMIN.id) return localMode ? LOCAL_ADMIN.roles : [];
  const roles = await rolesAtLatestSignIn(database, creator);
  return ROLES.filter((role) => roles.includes(role));
}

export async function authenticateApiRequest(database: Database, authorization: string | null, permission: Permission, options: AuthenticateOptions): Promise<ApiCaller> {
  const now = options.now ?? new Date();
  const unauthenticated = { ok: false, status: 401, message: UNAUTHENTICATED } as const;
  const token = bearerToken(authorization);
  const prefix = token ? prefixOf(token) : null;
  if (!token || !prefix) return unauthenticated;
  const row = await findApiTokenForAuth(database, prefix);
  // Hash even when no row matched, so an unknown prefix costs the same as a wrong secret.
  const presented = hashToken(token);
  if (!row || !sameHash(presented, row.secretHash) || tokenState(row, now) !== "active") return unauthenticated;
  await countApiTokenUse(database, row.id, now);
  const ceiling = permissionsOf(ROLES.filter((role) => row.roles.includes(role)));
  const permissions = effectivePermissions(ceiling, permissionsOf(await creatorRolesNow(database, row.createdBy, options.localMode)));
  if (!permissions.includes(permission)) {
    const held = permissions.length ? permissions.join(", ") : "no permission";
    return { ok: false, status: 403, message: `This token (${row.prefix}, role ${row.roles.join(", ")}) holds ${held} now, cut to what its creator may do today: not the ${permission} permission.` };
  }
  return { ok: true, tokenId: row.id, prefix: row.prefix, creator: row.createdBy, permissions };
}
