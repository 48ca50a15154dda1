import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// Personal API tokens: what one looks like, how it is hashed and compared. A token is
// `tp_<8 hex>_<43 base64url>`: the prefix (visible, stored in clear) names it in lists and lets the server find its row
// without a scan; the rest is 256 random bits shown once and kept only as the SHA-256 of the whole token.
//
// Why SHA-256 and not bcrypt/scrypt/argon2: those slow hashes exist to make guessing a *human-chosen* password
// expensive. A 256-bit random secret cannot be guessed at any hash speed, so a slow hash adds only latency (and a CPU
// cost any caller can trigger) to every API request, and no protection.

export const TOKEN_PREFIX = "tp_";
const PREFIX_HEX = 8;
const SECRET_BYTES = 32;
const TOKEN_SHAPE = /^(tp_[0-9a-f]{8})_[A-Za-z0-9_-]{43}$/;

/** The longest a token may live: an expiry is required, and a forgotten token must die on its own. */
export const MAX_TOKEN_DAYS = 366;

export interface NewToken {
  /** The whole token, shown once to its creator and never stored. */
  token: string;
  prefix: string;
  hash: string;
}

export function generateToken(): NewToken {
  const prefix = `${TOKEN_PREFIX}${randomBytes(PREFIX_HEX / 2).toString("hex")}`;
  const token = `${prefix}_${randomBytes(SECRET_BYTES).toString("base64url")}`;
  return { token, prefix, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The token's prefix when it has a token's shape, else null (then nothing is looked up). */
export function prefixOf(token: string): string | null {
  return TOKEN_SHAPE.exec(token)?.[1] ?? null;
}

/** The bearer credential of an `Authorization` header (scheme case-insensitive, RFC 7235), else null. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer +([^\s]+) *$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/** Compares two SHA-256 hex digests in constant time (both have the same length by construction). */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/**
 * What a token may do now: the permissions of its ceiling (the role chosen at creation, at most the creator's then)
 * that its creator still holds. A demoted creator demotes their tokens; a promoted one does not promote them.
 * Permissions, not role names: roles are not a ladder (an administrator's token may be a viewer's, and stays one).
 */
export function effectivePermissions<P extends string>(ceiling: readonly P[], creatorNow: readonly P[]): P[] {
  return ceiling.filter((permission) => creatorNow.includes(permission));
}

export type TokenState = "active" | "expired" | "revoked";

export function tokenState(token: { expiresAt: Date; revokedAt: Date | null }, now: Date): TokenState {
  if (token.revokedAt) return "revoked";
  return token.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}
