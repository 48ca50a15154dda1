import { checkPrimeSync, createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import type { SeededRandom } from "@/lib/sandbox/seeded-random";

// RSA-2048 key pairs derived from a seed. generateKeyPairSync cannot be seeded, and random keys would change every
// digest signature and key fingerprint on each seeding. Primes come from the seeded generator; OpenSSL only
// answers "is this prime" (checkPrimeSync), which does not depend on its own randomness for the outcome.

export interface SandboxKeyPair {
  privateKey: KeyObject;
  /** DER PKCS#1 RSAPublicKey: what ListPublicKeys returns as Value. */
  publicDer: Buffer;
  /** md5 hex of the DER, as the verified test trails used. */
  fingerprint: string;
}

const E = 65537n;
const SMALL_PRIMES = [3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n, 43n, 47n, 53n, 59n, 61n, 67n, 71n];

function randomPrime(random: SeededRandom, bits: number): bigint {
  for (;;) {
    const bytes = random.bytes(bits / 8);
    bytes[0]! |= 0xc0; // top two bits set: the product of two such primes has exactly 2 * bits bits
    bytes[bytes.length - 1]! |= 1;
    const candidate = BigInt(`0x${bytes.toString("hex")}`);
    if (SMALL_PRIMES.some((prime) => candidate % prime === 0n)) continue;
    if ((candidate - 1n) % E === 0n) continue; // e must be invertible mod p - 1
    if (checkPrimeSync(candidate, { checks: 32 })) return candidate;
  }
}

function modInverse(value: bigint, modulus: bigint): bigint {
  let [oldR, r] = [value % modulus, modulus];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  return ((oldS % modulus) + modulus) % modulus;
}

function toBase64Url(value: bigint): string {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex").toString("base64url");
}

export function seededRsaKeyPair(random: SeededRandom, bits = 2048): SandboxKeyPair {
  const p = randomPrime(random, bits / 2);
  let q = randomPrime(random, bits / 2);
  while (q === p) q = randomPrime(random, bits / 2);
  const n = p * q;
  const d = modInverse(E, (p - 1n) * (q - 1n));
  const privateKey = createPrivateKey({
    format: "jwk",
    key: {
      kty: "RSA",
      n: toBase64Url(n),
      e: toBase64Url(E),
      d: toBase64Url(d),
      p: toBase64Url(p),
      q: toBase64Url(q),
      dp: toBase64Url(d % (p - 1n)),
      dq: toBase64Url(d % (q - 1n)),
      qi: toBase64Url(modInverse(q, p)),
    },
  });
  const publicDer = createPublicKey(privateKey).export({ format: "der", type: "pkcs1" });
  return { privateKey, publicDer, fingerprint: createHash("md5").update(publicDer).digest("hex") };
}
