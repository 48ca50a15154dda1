import type { Database } from "@/lib/db/client";
import { recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import { can, permissionsOf, ROLES, type Actor, type Role } from "@/lib/auth/roles";
import { generateToken, MAX_TOKEN_DAYS, tokenState, type TokenState } from "@/lib/core/api/api-token";
import { findApiToken, insertApiToken, listApiTokens, revokeApiTokenRow, type ApiTokenRow } from "@/lib/db/api-tokens-repository";

// Creating, listing and revoking personal API tokens, each change written with its audit record in one transaction.
// Anyone with a role may make tokens for themselves, never above their own roles; administrators see and revoke all.

export class ApiTokenError extends Error {}

const DAY_MS = 86_400_000;

export interface NewTokenRequest {
  name: string;
  /** The token's ceiling: one of the creator's roles. */
  role: Role;
  expiresInDays: number;
}

export interface CreatedToken {
  /** The whole token: shown once, never stored. */
  token: string;
  row: ApiTokenRow;
}

export async function createApiToken(database: Database, context: AuditContext, request: NewTokenRequest, now = new Date()): Promise<CreatedToken> {
  const { actor } = context;
  if (!grantableRoles(actor).includes(request.role)) throw new ApiTokenError(`A token cannot exceed your own role: you hold ${actor.roles.join(", ") || "no role"}, which does not include all a ${request.role} may do.`);
  if (!Number.isInteger(request.expiresInDays) || request.expiresInDays < 1 || request.expiresInDays > MAX_TOKEN_DAYS) {
    throw new ApiTokenError(`A token expires after 1 to ${MAX_TOKEN_DAYS} days.`);
  }
  // The prefix is 32 random bits, unique in the table: with a thousand tokens a new one clashes about once in four
  // million, and a new draw resolves it.
  for (let attempt = 1; ; attempt++) {
    try {
      return await insertWithAudit(database, context, request, now);
    } catch (error) {
      const clash = error instanceof Error && "code" in error && error.code === "P2002";
      if (!clash || attempt === 3) throw error;
    }
  }
}

async function insertWithAudit(database: Database, context: AuditContext, request: NewTokenRequest, now: Date): Promise<CreatedToken> {
  const { actor } = context;
  const secret = generateToken();
  return database.$transaction(async (tx) => {
    const row = await insertApiToken(tx, {
      name: request.name,
      prefix: secret.prefix,
      secretHash: secret.hash,
      roles: [request.role],
      createdBy: actor.id,
      createdByName: actor.name,
      createdAt: now,
      expiresAt: new Date(now.getTime() + request.expiresInDays * DAY_MS),
    });
    await recordAudit(tx, context, { action: "api-token.create", target: row.id, outcome: "succeeded", detail: { prefix: row.prefix, name: row.name, role: request.role, expiresAt: row.expiresAt.toISOString() } });
    return { token: secret.token, row };
  });
}

/** Revokes a token of the actor's own, or any token for an administrator. */
export async function revokeApiToken(database: Database, context: AuditContext, id: string, now = new Date()): Promise<ApiTokenRow> {
  return database.$transaction(async (tx) => {
    const token = await findApiToken(tx, id);
    if (!token || !mayManage(context.actor, token)) throw new ApiTokenError("No such token of yours.");
    if (!(await revokeApiTokenRow(tx, id, context.actor.id, now))) throw new ApiTokenError(`Token ${token.prefix} was already revoked.`);
    await recordAudit(tx, context, { action: "api-token.revoke", target: id, outcome: "succeeded", detail: { prefix: token.prefix, name: token.name, createdBy: token.createdBy } });
    return { ...token, revokedAt: now, revokedBy: context.actor.id };
  });
}

export interface TokenListItem extends ApiTokenRow {
  state: TokenState;
}

/** The actor's own tokens, or every token for an administrator. */
export async function tokensFor(database: Database, actor: Actor, now = new Date()): Promise<TokenListItem[]> {
  const rows = await listApiTokens(database, can(actor, "manage") ? undefined : actor.id);
  return rows.map((row) => ({ ...row, state: tokenState(row, now) }));
}

function mayManage(actor: Actor, token: ApiTokenRow): boolean {
  return token.createdBy === actor.id || can(actor, "manage");
}

/** The roles a creator may give a token: those that may do nothing the creator may not (an admin: any). */
export function grantableRoles(actor: Actor): Role[] {
  const held = permissionsOf(actor.roles);
  return ROLES.filter((role) => permissionsOf([role]).every((permission) => held.includes(permission)));
}
