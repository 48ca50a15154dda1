import { hkdfSync } from "node:crypto";
import { EncryptJWT, jwtDecrypt, type JWTPayload } from "jose";

// Cookies that only the server can read or forge: a JWT encrypted (A256GCM, "dir") under a key derived from
// AUTH_SECRET for one purpose, so a sign-in transaction cookie can never be replayed as a session and vice versa.
// Encryption also authenticates: a tampered or foreign cookie fails to decrypt. The expiry is inside the token and is
// checked on every read, whatever the browser does with the cookie's own Max-Age.

export type TokenPurpose = "session" | "oidc-tx";

function keyFor(secret: string, purpose: TokenPurpose): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", secret, "trailproof", `trailproof ${purpose} cookie`, 32));
}

export async function sealToken(payload: JWTPayload, secret: string, purpose: TokenPurpose, lifetimeSeconds: number, now = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", typ: purpose })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + lifetimeSeconds)
    .encrypt(keyFor(secret, purpose));
}

/** The payload, or null when the token is missing, expired, tampered with, sealed for another purpose or key. */
export async function unsealToken(token: string | undefined, secret: string, purpose: TokenPurpose, now = new Date()): Promise<JWTPayload | null> {
  if (!token) return null;
  try {
    const { payload, protectedHeader } = await jwtDecrypt(token, keyFor(secret, purpose), { currentDate: now, keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"], requiredClaims: ["exp", "iat"] });
    return protectedHeader.typ === purpose ? payload : null;
  } catch {
    return null;
  }
}
