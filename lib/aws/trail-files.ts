import { ListPublicKeysCommand } from "@aws-sdk/client-cloudtrail";
import { GetObjectCommand, ListObjectsCommand, NoSuchKey, type ListObjectsCommandOutput } from "@aws-sdk/client-s3";
import type { AwsClients } from "@/lib/aws/clients";
import type { DigestStore } from "@/lib/core/integrity/chain-walk";
import type { DigestObject, PublicKeyEntry, PublicKeySource } from "@/lib/core/integrity/digest-check";
import type { LogSource } from "@/lib/core/integrity/log-check";

// The integrity validator's view of S3 and CloudTrail, through the product's read-only clients. Exactly the calls
// awscli makes (ListObjects v1 with a marker, GetObject, ListPublicKeys), so a run reads what awscli reads.

function isNotFound(error: unknown): boolean {
  return error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey";
}

export class S3TrailFiles implements DigestStore, LogSource {
  constructor(
    private readonly clients: AwsClients,
    private readonly region: string,
  ) {}

  async *listKeys(bucket: string, prefix: string, marker: string): AsyncIterable<string> {
    let next: string | undefined = marker;
    do {
      const page: ListObjectsCommandOutput = await this.clients.s3(this.region).send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Marker: next }));
      const keys = (page.Contents ?? []).map((o) => o.Key ?? "");
      yield* keys;
      // ListObjects v1 gives NextMarker only with a delimiter; otherwise the last key is the next marker.
      next = page.IsTruncated ? (page.NextMarker ?? keys.at(-1)) : undefined;
    } while (next);
  }

  async getDigest(bucket: string, key: string): Promise<DigestObject | "not-found"> {
    try {
      const object = await this.clients.s3(this.region).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return { bytes: await object.Body!.transformToByteArray(), metadata: object.Metadata ?? {} };
    } catch (error) {
      if (isNotFound(error)) return "not-found";
      throw error;
    }
  }

  async openLog(bucket: string, key: string): Promise<AsyncIterable<Uint8Array> | "not-found"> {
    try {
      const object = await this.clients.s3(this.region).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      // The body streams: a log file is never held whole in memory.
      return object.Body as unknown as AsyncIterable<Uint8Array>;
    } catch (error) {
      if (isNotFound(error)) return "not-found";
      throw error;
    }
  }
}

export class CloudTrailPublicKeys implements PublicKeySource {
  constructor(
    private readonly clients: AwsClients,
    private readonly region: string,
  ) {}

  async listPublicKeys(start: Date, end: Date): Promise<readonly PublicKeyEntry[]> {
    const keys: PublicKeyEntry[] = [];
    let token: string | undefined;
    do {
      const page = await this.clients.cloudTrail(this.region).send(new ListPublicKeysCommand({ StartTime: start, EndTime: end, NextToken: token }));
      // The SDK already decodes the blob: Value is the DER bytes, not base64.
      for (const key of page.PublicKeyList ?? []) if (key.Fingerprint && key.Value) keys.push({ fingerprint: key.Fingerprint, der: key.Value });
      token = page.NextToken;
    } while (token);
    return keys;
  }
}
