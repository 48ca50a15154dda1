import { webcrypto } from "node:crypto";
import { describe, expect, test } from "vitest";
import { readEnv } from "@/lib/env";
import { decryptSecret, encryptSecret, SecretError, secretKeyFrom } from "@/lib/services/notifications/secret-box";

const SLOT = { channelId: "7d0c6a3e-5b1f-4f5e-9a51-0a4c1e2f3b4d", field: "secret" } as const;
const noSigningKey = () => {
  throw new Error("the signing key must not be read when a secret is configured");
};
const key = secretKeyFrom(readEnv({ TRAILPROOF_SECRETS_KEY: "k".repeat(40) }), noSigningKey);

/** The documented format decrypted with WebCrypto (HKDF-SHA256, then AES-GCM): an implementation of its own. */
async function webCryptoDecrypt(stored: string, material: string, additionalData: string): Promise<string> {
  const raw = Buffer.from(stored.split(".")[2]!, "base64url");
  const base = await webcrypto.subtle.importKey("raw", Buffer.from(material), "HKDF", false, ["deriveKey"]);
  const aes = await webcrypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: Buffer.from("trailproof"), info: Buffer.from("trailproof notification secrets") },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["decrypt"],
  );
  // WebCrypto wants the tag after the ciphertext; the stored layout is iv | tag | ciphertext.
  const plain = await webcrypto.subtle.decrypt(
    { name: "AES-GCM", iv: raw.subarray(0, 12), additionalData: Buffer.from(additionalData) },
    aes,
    Buffer.concat([raw.subarray(28), raw.subarray(12, 28)]),
  );
  return Buffer.from(plain).toString("utf8");
}

describe("secret box", () => {
  test("what it stores is AES-256-GCM under HKDF(TRAILPROOF_SECRETS_KEY), bound to the channel and field", async () => {
    const stored = encryptSecret("p@ss wörd", SLOT, key);
    expect(stored).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain("p@ss");
    expect(await webCryptoDecrypt(stored, "k".repeat(40), `trailproof notification ${SLOT.channelId} secret`)).toBe("p@ss wörd");
    expect(decryptSecret(stored, SLOT, key)).toBe("p@ss wörd");
  });

  test("the same secret encrypts differently each time (a fresh IV)", () => {
    expect(encryptSecret("same", SLOT, key)).not.toBe(encryptSecret("same", SLOT, key));
  });

  test.each([
    { label: "a flipped ciphertext byte", at: -1 },
    { label: "a flipped tag byte", at: 20 },
    { label: "a flipped IV byte", at: 0 },
  ])("refuses $label", ({ at }) => {
    const stored = encryptSecret("hunter2-hunter2", SLOT, key);
    const [v, id, payload] = stored.split(".");
    const raw = Buffer.from(payload!, "base64url");
    const index = at < 0 ? raw.length + at : at;
    raw[index] = raw[index]! ^ 0x01;
    expect(() => decryptSecret(`${v}.${id}.${raw.toString("base64url")}`, SLOT, key)).toThrow(/altered/);
  });

  test("refuses a value copied to another channel or field", () => {
    const stored = encryptSecret("hunter2-hunter2", SLOT, key);
    expect(() => decryptSecret(stored, { ...SLOT, channelId: "00000000-0000-4000-8000-000000000000" }, key)).toThrow(SecretError);
    expect(() => decryptSecret(stored, { ...SLOT, field: "smtpPassword" }, key)).toThrow(SecretError);
  });

  test("says the key changed, rather than 'tampered', when the installation's secret changed", () => {
    const stored = encryptSecret("hunter2-hunter2", SLOT, key);
    const other = secretKeyFrom(readEnv({ TRAILPROOF_SECRETS_KEY: "j".repeat(40) }), noSigningKey);
    expect(() => decryptSecret(stored, SLOT, other)).toThrow(/another key than TRAILPROOF_SECRETS_KEY's/);
  });

  test.each([
    { label: "truncated", value: "v1.abcdef12.AAAA" },
    { label: "another format", value: "plaintext-password" },
  ])("refuses a $label value", ({ value }) => {
    expect(() => decryptSecret(value.replace("abcdef12", key.id), SLOT, key)).toThrow(SecretError);
  });
});

describe("the key's source", () => {
  const der = () => Buffer.from("a signing key's DER");
  test.each([
    { label: "TRAILPROOF_SECRETS_KEY first", env: { TRAILPROOF_SECRETS_KEY: "s".repeat(32), AUTH_SECRET: "a".repeat(32) }, source: "TRAILPROOF_SECRETS_KEY" },
    { label: "then AUTH_SECRET", env: { AUTH_SECRET: "a".repeat(32) }, source: "AUTH_SECRET" },
    { label: "then the evidence signing key", env: {}, source: "the evidence signing key file" },
  ])("$label", ({ env, source }) => {
    expect(secretKeyFrom(readEnv(env), der).source).toBe(source);
  });

  test("different sources give different keys; the same source the same key", () => {
    const a = secretKeyFrom(readEnv({ AUTH_SECRET: "a".repeat(32) }), der);
    expect(secretKeyFrom(readEnv({ AUTH_SECRET: "a".repeat(32) }), der).key.equals(a.key)).toBe(true);
    expect(secretKeyFrom(readEnv({}), der).key.equals(a.key)).toBe(false);
  });

  test("a short TRAILPROOF_SECRETS_KEY stops the start with the variable's name", () => {
    expect(() => readEnv({ TRAILPROOF_SECRETS_KEY: "short" })).toThrow(/TRAILPROOF_SECRETS_KEY must be at least 32/);
  });
});
