import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { PyException } from "@/lib/core/integrity/py-compat";

// awscli verifies digests with python-rsa 4.x `rsa.verify()`, which differs from OpenSSL in ways a forged
// signature can reach: it reads the hash algorithm from the DigestInfo (MD5 ... SHA-512 all pass), and it reduces a
// signature integer >= n modulo n (a non-canonical signature S + n passes). This is that
// algorithm, step for step, on BigInt, so the parity verdict is python-rsa's on any input.

export interface RsaPublicKey {
  n: bigint;
  e: bigint;
  keyObject: KeyObject;
}

export class PublicKeyLoadError extends Error {
  constructor(cause: unknown) {
    super("Unable to load PKCS #1 key", { cause });
    this.name = "PublicKeyLoadError";
  }
}

/** python-rsa's VerificationError: awscli reports "signature verification failed". */
export class RsaVerificationError extends Error {
  constructor() {
    super("Verification failed");
    this.name = "RsaVerificationError";
  }
}

/** Loads a DER PKCS#1 RSAPublicKey (what ListPublicKeys returns), as rsa.PublicKey.load_pkcs1(der, 'DER') would. */
export function loadPkcs1PublicKey(der: Uint8Array): RsaPublicKey {
  try {
    const keyObject = createPublicKey({ key: Buffer.from(der), format: "der", type: "pkcs1" });
    const jwk = keyObject.export({ format: "jwk" });
    if (typeof jwk.n !== "string" || typeof jwk.e !== "string") throw new Error("not an RSA key");
    return { n: base64UrlToBigInt(jwk.n), e: base64UrlToBigInt(jwk.e), keyObject };
  } catch (error) {
    throw new PublicKeyLoadError(error);
  }
}

function base64UrlToBigInt(text: string): bigint {
  return bytesToBigInt(Buffer.from(text, "base64url"));
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

function bigIntToBytes(value: bigint, length: number): Buffer {
  return Buffer.from(value.toString(16).padStart(length * 2, "0"), "hex");
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n % modulus;
  let factor = base % modulus;
  for (let rest = exponent; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = (result * factor) % modulus;
    factor = (factor * factor) % modulus;
  }
  return result;
}

// python-rsa's HASH_ASN1, in its (search) order.
const DIGEST_INFO_PREFIXES: readonly (readonly [name: string, nodeHash: string, prefix: Buffer])[] = [
  ["MD5", "md5", Buffer.from("3020300c06082a864886f70d020505000410", "hex")],
  ["SHA-1", "sha1", Buffer.from("3021300906052b0e03021a05000414", "hex")],
  ["SHA-224", "sha224", Buffer.from("302d300d06096086480165030402040500041c", "hex")],
  ["SHA-256", "sha256", Buffer.from("3031300d060960864801650304020105000420", "hex")],
  ["SHA-384", "sha384", Buffer.from("3041300d060960864801650304020205000430", "hex")],
  ["SHA-512", "sha512", Buffer.from("3051300d060960864801650304020305000440", "hex")],
];

/**
 * rsa.verify(message, signature, key): returns the detected hash name, throws RsaVerificationError, or a
 * PyException for the errors awscli prints verbatim.
 */
export function pythonRsaVerify(message: Uint8Array, signature: Uint8Array, key: RsaPublicKey): string {
  const keyLength = Math.ceil(key.n.toString(2).length / 8);
  // decrypt_int is a bare pow(): a signature integer >= n is reduced mod n, where OpenSSL would reject it.
  const clearsig = bigIntToBytes(modPow(bytesToBigInt(signature), key.e, key.n), keyLength);
  const method = DIGEST_INFO_PREFIXES.find(([, , prefix]) => clearsig.includes(prefix));
  if (!method) throw new RsaVerificationError();
  const [name, nodeHash, prefix] = method;
  const cleartext = Buffer.concat([prefix, createHash(nodeHash).update(message).digest()]);
  const room = keyLength - 11;
  if (cleartext.length > room) {
    throw new PyException("OverflowError", `${cleartext.length} bytes needed for message, but there is only space for ${room}`);
  }
  const padding = Buffer.alloc(keyLength - cleartext.length - 3, 0xff);
  const expected = Buffer.concat([Buffer.from([0, 1]), padding, Buffer.from([0]), cleartext]);
  if (signature.length !== keyLength || !expected.equals(clearsig)) throw new RsaVerificationError();
  return name;
}
