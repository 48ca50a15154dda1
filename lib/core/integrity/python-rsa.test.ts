import { constants, createHash, generateKeyPairSync, type KeyObject, privateEncrypt, sign } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  loadPkcs1PublicKey,
  PublicKeyLoadError,
  pythonRsaVerify,
  RsaVerificationError,
} from "@/lib/core/integrity/python-rsa";

// python-rsa 4.7.2's verify(), reproduced: these cases pin where it differs from OpenSSL.

const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
const der = pair.publicKey.export({ format: "der", type: "pkcs1" });
const key = loadPkcs1PublicKey(der);
const message = Buffer.from("2015-08-17T15:01:31Z\nbucket/key\nabc\nnull");

/** Raw RSA on a chosen block, to build signatures OpenSSL's signer would never produce. */
function rawSign(block: Buffer, privateKey: KeyObject = pair.privateKey): Buffer {
  return privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block);
}

function pkcs1Block(length: number, digestInfo: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(length - digestInfo.length - 3, 0xff), Buffer.from([0]), digestInfo]);
}

const SHA256_PREFIX = Buffer.from("3031300d060960864801650304020105000420", "hex");

describe("pythonRsaVerify", () => {
  test.each([
    { algorithm: "sha256", name: "SHA-256" },
    { algorithm: "sha1", name: "SHA-1" },
    { algorithm: "md5", name: "MD5" },
    { algorithm: "sha224", name: "SHA-224" },
    { algorithm: "sha384", name: "SHA-384" },
    { algorithm: "sha512", name: "SHA-512" },
  ])("accepts a $name PKCS#1 v1.5 signature (the hash comes from the DigestInfo)", ({ algorithm, name }) => {
    expect(pythonRsaVerify(message, sign(algorithm, message, pair.privateKey), key)).toBe(name);
  });

  const good = sign("sha256", message, pair.privateKey);
  test.each([
    { label: "another message", data: Buffer.from("other"), signature: good },
    { label: "a signature one byte short", data: message, signature: good.subarray(1) },
    { label: "a signature with a leading zero byte", data: message, signature: Buffer.concat([Buffer.from([0]), good]) },
    { label: "an empty signature", data: message, signature: Buffer.alloc(0) },
    {
      label: "a block with the DigestInfo not at the end",
      data: message,
      signature: rawSign(
        Buffer.concat([pkcs1Block(255, Buffer.concat([SHA256_PREFIX, createHash("sha256").update(message).digest()])), Buffer.from([0])]),
      ),
    },
  ])("rejects $label", ({ data, signature }) => {
    expect(() => pythonRsaVerify(data, signature, key)).toThrow(RsaVerificationError);
  });

  test("accepts the non-canonical signature S + n, which OpenSSL rejects", () => {
    // Only a signature with S + n < 2^2048 fits in the key length; search a few messages for one.
    const limit = 1n << 2048n;
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const data = Buffer.from(`message ${attempt}`);
      const signature = sign("sha256", data, pair.privateKey);
      const shifted = BigInt(`0x${signature.toString("hex")}`) + key.n;
      if (shifted >= limit) continue;
      const forged = Buffer.from(shifted.toString(16).padStart(512, "0"), "hex");
      expect(pythonRsaVerify(data, forged, key)).toBe("SHA-256");
      return;
    }
    throw new Error("no message gave a signature below 2^2048 - n");
  });

  test("a key too small for the detected hash raises python-rsa's OverflowError message", () => {
    const small = generateKeyPairSync("rsa", { modulusLength: 512 });
    const smallKey = loadPkcs1PublicKey(small.publicKey.export({ format: "der", type: "pkcs1" }));
    const sha512Prefix = Buffer.from("3051300d060960864801650304020305000440", "hex");
    const block = Buffer.concat([Buffer.from([0, 1, 0xff, 0]), sha512Prefix, Buffer.alloc(64 - 4 - 19, 0x11)]);
    expect(() => pythonRsaVerify(message, rawSign(block, small.privateKey), smallKey)).toThrow(
      "83 bytes needed for message, but there is only space for 53",
    );
  });
});

describe("loadPkcs1PublicKey", () => {
  test.each([
    { label: "an SPKI key instead of PKCS#1", bytes: pair.publicKey.export({ format: "der", type: "spki" }) },
    { label: "random bytes", bytes: Buffer.from("not a key") },
    { label: "nothing", bytes: Buffer.alloc(0) },
  ])("refuses $label", ({ bytes }) => {
    expect(() => loadPkcs1PublicKey(bytes)).toThrow(PublicKeyLoadError);
  });

  test("reads the modulus and exponent", () => {
    expect(key.e).toBe(65537n);
    expect(key.n.toString(2)).toHaveLength(2048);
  });
});
