import { PutObjectCommand, S3Client, type PutObjectCommandInput } from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import type { GeneratedKey, SandboxBucket } from "@/lib/sandbox/cloudtrail-files";
import type { ClientTarget } from "@/lib/sandbox/sandbox-clients";

// Delivers generated CloudTrail files to the emulator as CloudTrail would (objects with their user metadata and
// server-side encryption), and
// registers the signing keys with the emulator's ListPublicKeys (trailproof_moto.py, addition 1).

/** The trail's KMS key (a trail with `KmsKeyId`) and ARN: CloudTrail encrypts its log files with it. */
export interface TrailEncryption {
  kmsKeyArn: string;
  trailArn: string;
}

/**
 * How CloudTrail encrypts what it delivers: log files of a trail with a KMS key with SSE-KMS under that key, with
 * CloudTrail's encryption context (the trail's ARN); everything else, digest files included whatever the trail's
 * key, with SSE-S3 (AWS CloudTrail User Guide, "Validating CloudTrail log file integrity": digest files are encrypted
 * with Amazon S3-managed keys).
 */
function encryptionOf(key: string, encryption: TrailEncryption | undefined): Partial<PutObjectCommandInput> {
  const isLog = /\/CloudTrail\//.test(key);
  if (!encryption || !isLog) return { ServerSideEncryption: "AES256" };
  const context = Buffer.from(JSON.stringify({ "aws:cloudtrail:arn": encryption.trailArn })).toString("base64");
  return { ServerSideEncryption: "aws:kms", SSEKMSKeyId: encryption.kmsKeyArn, SSEKMSEncryptionContext: context };
}

export async function uploadObjects(target: ClientTarget, bucket: string, objects: SandboxBucket, encryption?: TrailEncryption, concurrency = 8): Promise<number> {
  const s3 = new S3Client({ ...target, forcePathStyle: true });
  const limit = pLimit(concurrency);
  await Promise.all(
    [...objects.values()].map((object) =>
      limit(() =>
        s3.send(new PutObjectCommand({ Bucket: bucket, Key: object.key, Body: object.body, Metadata: object.metadata, ...encryptionOf(object.key, encryption) })),
      ),
    ),
  );
  return objects.size;
}

/** Registers keys for `region` ("*": every region). Keys already registered (same fingerprint and region) are skipped. */
export async function registerPublicKeys(endpoint: string, region: string, keys: readonly GeneratedKey[]): Promise<void> {
  const url = new URL("/moto-api/cloudtrail/public-keys", endpoint);
  const existing = (await (await fetch(url)).json()) as { keys: { region: string; fingerprint: string }[] };
  const known = new Set(existing.keys.map((k) => `${k.region}|${k.fingerprint}`));
  for (const key of keys) {
    if (known.has(`${region}|${key.fingerprint}`)) continue;
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        region,
        value_der_b64: key.publicDer.toString("base64"),
        fingerprint: key.fingerprint,
        validity_start: key.validFrom.getTime() / 1000,
        validity_end: key.validTo.getTime() / 1000,
      }),
    });
    if (!response.ok) throw new Error(`the emulator refused a public key: HTTP ${response.status} ${await response.text()}`);
    known.add(`${region}|${key.fingerprint}`);
  }
}
