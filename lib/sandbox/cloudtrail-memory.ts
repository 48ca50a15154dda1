import type { DigestStore } from "@/lib/core/integrity/chain-walk";
import type { DigestObject, PublicKeySource } from "@/lib/core/integrity/digest-check";
import type { LogSource } from "@/lib/core/integrity/log-check";
import { type GeneratedKey, publicKeysBetween, type SandboxBucket } from "@/lib/sandbox/cloudtrail-files";

// In-memory stand-ins for S3 and ListPublicKeys over generated buckets, with S3's semantics where the validator
// depends on them: ListObjects order (UTF-8 bytes), Marker exclusive, NoSuchKey vs other errors, streamed bodies.
// For tests and local experiments; the sandbox seeder uploads the same objects to moto instead.

export interface MemoryS3Options {
  /** Body chunk size; awscli reads 2 KiB at a time. */
  chunkSize?: number;
  /** The error a log file's GetObject fails with, if any (e.g. S3's AccessDenied for an SSE-KMS object). */
  refuseLog?: (bucket: string, key: string) => Error | null;
}

function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

// awscli asks GetBucketLocation before anything else in a bucket, so that is the call that fails first.
function noSuchBucket(): Error {
  return new Error(
    "An error occurred (NoSuchBucket) when calling the GetBucketLocation operation: The specified bucket does not exist",
  );
}

export class MemoryS3 implements DigestStore, LogSource {
  /** Every request made, "Operation bucket/key", for assertions on what a run fetched. */
  readonly requests: string[] = [];

  constructor(
    private readonly buckets: ReadonlyMap<string, SandboxBucket>,
    private readonly options: MemoryS3Options = {},
  ) {}

  async *listKeys(bucket: string, prefix: string, marker: string): AsyncIterable<string> {
    this.requests.push(`ListObjects ${bucket}/${prefix}`);
    const objects = this.buckets.get(bucket);
    if (!objects) throw noSuchBucket();
    const keys = [...objects.keys()].filter((key) => key.startsWith(prefix) && byUtf8(key, marker) > 0).sort(byUtf8);
    yield* keys;
  }

  async getDigest(bucket: string, key: string): Promise<DigestObject | "not-found"> {
    this.requests.push(`GetObject ${bucket}/${key}`);
    const object = this.object(bucket, key);
    return object === "not-found" ? object : { bytes: object.body, metadata: object.metadata };
  }

  async openLog(bucket: string, key: string): Promise<AsyncIterable<Uint8Array> | "not-found"> {
    this.requests.push(`GetObject ${bucket}/${key}`);
    const object = this.object(bucket, key);
    if (object === "not-found") return object;
    const refused = this.options.refuseLog?.(bucket, key);
    if (refused) throw refused;
    const size = this.options.chunkSize ?? 2048;
    const body = object.body;
    return (async function* () {
      for (let offset = 0; offset < body.length; offset += size) yield body.subarray(offset, offset + size);
    })();
  }

  private object(bucket: string, key: string) {
    const objects = this.buckets.get(bucket);
    if (!objects) throw noSuchBucket();
    return objects.get(key) ?? "not-found";
  }
}

/** ListPublicKeys over generated keys; `requests` records each call's window. */
export class MemoryPublicKeys implements PublicKeySource {
  readonly requests: { start: Date; end: Date }[] = [];

  constructor(private readonly keys: readonly GeneratedKey[]) {}

  async listPublicKeys(start: Date, end: Date) {
    this.requests.push({ start, end });
    return publicKeysBetween(this.keys, start, end);
  }
}
