import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { readEnv } from "@/lib/env";

// The installation's Ed25519 key that signs every evidence bundle's manifest. The SHA-256 printed on a report proves
// the bundle matches that report, not who made them: anyone can make a new bundle, report and hash together. The
// signature ties them to this installation. The private key is a file in the data directory (mode 0600), not a
// database row: whoever obtains the application's database connection (the weaker secret, also held by every
// worker) must not be able to sign. Workers on other machines share one key through TRAILPROOF_SIGNING_KEY_FILE.

export const SIGNATURE_NAME = "MANIFEST.sha256.sig";
export const PUBLIC_KEY_NAME = "trailproof-ed25519.pub.pem";

export interface SigningKey {
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo PEM: what `openssl pkeyutl -verify -pubin -inkey` reads. */
  publicKeyPem: string;
  /** SHA-256 of the public key's DER (SubjectPublicKeyInfo), hex: short enough to print and compare by eye. */
  fingerprint: string;
}

export function signingKeyFile(): string {
  const env = readEnv();
  // turbopackIgnore: a runtime path, not a file of the app (else Next traces the whole project into the build).
  return path.resolve(/*turbopackIgnore: true*/ env.TRAILPROOF_SIGNING_KEY_FILE ?? path.join(env.TRAILPROOF_DATA_DIR ?? ".trailproof", "evidence-signing-key.pem"));
}

/** The key in `file`, made there first (PKCS#8 PEM, mode 0600 from creation) when there is none yet. */
export function loadSigningKey(file = signingKeyFile()): SigningKey {
  let pem: string;
  try {
    pem = fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`Cannot read the evidence signing key ${file}: ${(error as Error).message}`);
    pem = createKeyFile(file);
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`${file} is not an Ed25519 private key`);
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: "spki", format: "der" });
  return { privateKey, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(), fingerprint: createHash("sha256").update(der).digest("hex") };
}

function createKeyFile(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  // Written whole under a name of its own, then linked into place: link() fails if the key exists, so of two exports
  // making the key at once the first linked is the key, and no reader ever sees a half-written file (as one could
  // between open and write when the key file itself was created and then written).
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  fs.writeFileSync(temp, pem, { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(temp, file);
    return pem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8");
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** The raw 64-byte Ed25519 signature of `message` (pure Ed25519: no pre-hash, as `openssl pkeyutl -rawin` checks). */
export function signBytes(key: SigningKey, message: Buffer): Buffer {
  return sign(null, message, key.privateKey);
}

export function verifyBytes(publicKeyPem: string, message: Buffer, signature: Buffer): boolean {
  return verify(null, message, createPublicKey(publicKeyPem), signature);
}
