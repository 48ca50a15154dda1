import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { readEnv, type Env } from "@/lib/env";
import { loadSigningKey } from "@/lib/services/evidence/signing-key";

// Notification secrets (SMTP passwords, webhook signing secrets, webhook URLs) at rest: AES-256-GCM under a key derived (HKDF) from
// the installation's secret, so whoever reads the database (a backup, the application role's connection) learns
// nothing usable. The key material, in order: TRAILPROOF_SECRETS_KEY (a key for this alone), AUTH_SECRET (sign-in's,
// the one secret every instance with sign-in already shares), else the evidence signing key's file: the per-
// installation secret local mode already keeps in the data directory (mode 0600), shared by workers through
// TRAILPROOF_SIGNING_KEY_FILE. HKDF's info keeps each use apart: this key never equals a cookie key or the signing key.
//
// Stored as `v1.<key id>.<base64url(iv | tag | ciphertext)>`. The key id (a hash of the derived key) tells "the key
// changed" apart from "the value was tampered with". The additional data binds a value to its channel and field, so
// a ciphertext copied onto another channel, or from the password into the secret column, does not decrypt.

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretKey {
  key: Buffer;
  /** 8 hex characters of SHA-256 of the key: stored beside each value, never the key itself. */
  id: string;
  /** Which setting the key came from, for messages ("TRAILPROOF_SECRETS_KEY", "AUTH_SECRET", "the signing key file"). */
  source: string;
}

export class SecretError extends Error {}

/** The key from the first configured source (see the file comment). */
export function secretKeyFrom(env: Env, signingKeyDer: () => Buffer): SecretKey {
  const [material, source] = env.TRAILPROOF_SECRETS_KEY
    ? [Buffer.from(env.TRAILPROOF_SECRETS_KEY, "utf8"), "TRAILPROOF_SECRETS_KEY"]
    : env.AUTH_SECRET?.trim()
      ? [Buffer.from(env.AUTH_SECRET, "utf8"), "AUTH_SECRET"]
      : [signingKeyDer(), "the evidence signing key file"];
  const key = Buffer.from(hkdfSync("sha256", material, "trailproof", "trailproof notification secrets", 32));
  return { key, id: createHash("sha256").update(key).digest("hex").slice(0, 8), source };
}

let cached: SecretKey | undefined;

/** The process's key, derived once. */
export function secretKey(): SecretKey {
  cached ??= secretKeyFrom(readEnv(), () => Buffer.from(loadSigningKey().privateKey.export({ type: "pkcs8", format: "der" })));
  return cached;
}

/** Where a secret belongs: a value only decrypts for the same channel and field. */
export interface SecretSlot {
  channelId: string;
  field: "smtpPassword" | "secret" | "webhookUrl";
}

const aad = (slot: SecretSlot) => Buffer.from(`trailproof notification ${slot.channelId} ${slot.field}`, "utf8");

export function encryptSecret(plaintext: string, slot: SecretSlot, key: SecretKey = secretKey()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(aad(slot));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${key.id}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

export function decryptSecret(stored: string, slot: SecretSlot, key: SecretKey = secretKey()): string {
  const [version, keyId, payload, extra] = stored.split(".");
  if (version !== VERSION || !keyId || payload === undefined || extra !== undefined) throw new SecretError("the stored secret is not in a format this version reads");
  if (keyId !== key.id) {
    throw new SecretError(`the stored secret was encrypted under another key than ${key.source}'s (it changed since): set the channel's secret again`);
  }
  const raw = Buffer.from(payload, "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretError("the stored secret is truncated");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(aad(slot));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    // GCM's tag check: the value, or the channel or field it is read for, is not the one it was sealed for.
    throw new SecretError("the stored secret does not decrypt: it was altered, or belongs to another channel");
  }
}
