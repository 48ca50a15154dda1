import { GetObjectCommand, ListObjectsCommand } from "@aws-sdk/client-s3";
import { expect, test } from "vitest";
import { S3TrailFiles, type CachedDigest, type DigestCache } from "@/lib/aws/trail-files";

// The digest cache of stored runs: a digest the listing shows unchanged is served from the cache, anything else is
// fetched (and offered to the cache).

const KEY = "AWSLogs/1/CloudTrail-Digest/us-east-1/2026/01/01/d.json.gz";
const MODIFIED = new Date("2026-01-01T01:00:00.000Z");

function fakeS3(listed: { ETag: string; Size: number; LastModified: Date }) {
  const sent: string[] = [];
  const client = {
    send: async (command: unknown) => {
      if (command instanceof ListObjectsCommand) {
        sent.push("ListObjects");
        return { Contents: [{ Key: KEY, ...listed }], IsTruncated: false };
      }
      if (command instanceof GetObjectCommand) {
        sent.push("GetObject");
        return { Body: { transformToByteArray: async () => Uint8Array.from([9]) }, Metadata: { signature: "s3" }, ETag: '"new"', ContentLength: 1, LastModified: MODIFIED };
      }
      throw new Error("unexpected command");
    },
  };
  return { clients: { s3: () => client } as never, sent };
}

class MemoryCache implements DigestCache {
  readonly entries = new Map<string, CachedDigest>();
  load(bucket: string, key: string) {
    return this.entries.get(`${bucket}/${key}`);
  }
  save(bucket: string, key: string, cached: CachedDigest) {
    this.entries.set(`${bucket}/${key}`, cached);
  }
}

const cachedEntry = (etag: string, lastModified: Date): CachedDigest => ({
  identity: { etag, size: 1, lastModified },
  object: { bytes: Uint8Array.from([7]), metadata: { signature: "cached" } },
});

async function list(files: S3TrailFiles) {
  for await (const key of files.listKeys("b", "AWSLogs/", "")) void key;
}

test("a listed digest with the cached ETag, size and LastModified second is served from the cache", async () => {
  const { clients, sent } = fakeS3({ ETag: '"old"', Size: 1, LastModified: new Date(MODIFIED.getTime() + 400) });
  const cache = new MemoryCache();
  cache.save("b", KEY, cachedEntry('"old"', MODIFIED));
  const files = new S3TrailFiles(clients, "us-east-1", { digestCache: cache });
  await list(files);
  expect(await files.getDigest("b", KEY)).toEqual({ bytes: Uint8Array.from([7]), metadata: { signature: "cached" } });
  expect(sent).toEqual(["ListObjects"]);
  expect(files.reusedDigests).toBe(1);
});

test("a rewritten digest (new LastModified), or one never listed, is fetched and cached anew", async () => {
  const { clients, sent } = fakeS3({ ETag: '"old"', Size: 1, LastModified: new Date(MODIFIED.getTime() + 5_000) });
  const cache = new MemoryCache();
  cache.save("b", KEY, cachedEntry('"old"', MODIFIED));
  const files = new S3TrailFiles(clients, "us-east-1", { digestCache: cache });
  expect((await files.getDigest("b", KEY)) as unknown).toMatchObject({ metadata: { signature: "s3" } }); // not listed yet
  await list(files);
  expect((await files.getDigest("b", KEY)) as unknown).toMatchObject({ metadata: { signature: "s3" } });
  expect(sent).toEqual(["GetObject", "ListObjects", "GetObject"]);
  expect(cache.load("b", KEY)?.identity).toEqual({ etag: '"new"', size: 1, lastModified: MODIFIED });
  expect(files.reusedDigests).toBe(0);
});
