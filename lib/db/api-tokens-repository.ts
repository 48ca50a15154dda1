import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

// Personal API tokens (docs/api.md). The secret's hash never leaves this module except to the authenticator.

type Tx = Pick<Database, "apiToken">;

/** What lists show: never the hash. */
export const apiTokenListSelect = {
  id: true,
  name: true,
  prefix: true,
  roles: true,
  createdBy: true,
  createdByName: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  revokedBy: true,
  lastUsedAt: true,
  useCount: true,
} satisfies Prisma.ApiTokenSelect;

export type ApiTokenRow = Prisma.ApiTokenGetPayload<{ select: typeof apiTokenListSelect }>;

export function insertApiToken(tx: Tx, data: Prisma.ApiTokenCreateInput) {
  return tx.apiToken.create({ data, select: apiTokenListSelect });
}

/** Newest first; one creator's, or everyone's (`createdBy` undefined). */
export function listApiTokens(tx: Tx, createdBy: string | undefined, take = 200): Promise<ApiTokenRow[]> {
  return tx.apiToken.findMany({ where: { createdBy }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: apiTokenListSelect, take });
}

export function findApiToken(tx: Tx, id: string): Promise<ApiTokenRow | null> {
  return tx.apiToken.findUnique({ where: { id }, select: apiTokenListSelect });
}

export function findApiTokenForAuth(tx: Tx, prefix: string) {
  return tx.apiToken.findUnique({ where: { prefix }, select: { ...apiTokenListSelect, secretHash: true } });
}

/** Revokes an active token; false when it was already revoked (nothing changed). */
export async function revokeApiTokenRow(tx: Tx, id: string, by: string, at: Date): Promise<boolean> {
  const { count } = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at, revokedBy: by } });
  return count === 1;
}

/**
 * Counts one use: a single UPDATE that increments in place (no read-modify-write, so concurrent requests never lose a
 * count), touching one row by primary key.
 */
export async function countApiTokenUse(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.apiToken.update({ where: { id }, data: { useCount: { increment: 1 }, lastUsedAt: at }, select: { id: true } });
}

/**
 * The roles the person holds now, as TrailProof last learnt them: the roles of their latest sign-in record (a refused
 * sign-in, their groups no longer mapping to a role, gives none). Sessions carry roles fixed at sign-in and there is no
 * user table, so the latest sign-in is the freshest word the identity provider gave.
 */
export async function rolesAtLatestSignIn(database: Pick<Database, "auditEvent">, actorId: string): Promise<string[]> {
  const latest = await database.auditEvent.findFirst({
    where: { actor: actorId, action: "auth.sign-in", outcome: { in: ["succeeded", "refused"] } },
    orderBy: { at: "desc" },
    select: { outcome: true, roles: true },
  });
  return latest?.outcome === "succeeded" ? latest.roles : [];
}
