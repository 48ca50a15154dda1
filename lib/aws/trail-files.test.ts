import { GetObjectCommand, ListObjectsCommand } from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { expect, test } from "vitest";
import { S3TrailFiles, type CachedDigest, type DigestCache } from "@/lib/aws/trail-files";
import { DigestTooLargeError, MAX_DIGEST_COMPRESSED_BYTES } from "@/lib/core/integrity/digest-document";

// The digest cache of stored runs: a digest the listing shows unchanged is served from the cache, anything else is
// fetched (and offered to the cache).

const KEY = "AWSLogs/1/CloudTrail-Digest/us-east-1/2026/01/01/d.json.gz";
const MODIFIED = new Date("2026-01-01T01:00:00.000Z");

type GetAnswer = { Body: Readable; ContentLength?: number };
const oneByte = (): GetAnswer => ({ Body: Readable.from([Uint8Array.from([9])]), ContentLength: 1 });

function fakeS3(listed: { ETag: string; Size: number; LastModified: Date }, answer: () => GetAnswer = oneByte) {
  const sent: string[] = [];
  const client = {
    send: async (command: unknown) => {
      if (command instanceof ListObjectsCommand) {
        sent.push("ListObjects");
        return { Contents: [{ Key: KEY, ...listed }], IsTruncated: false };
      }
      if (command instanceof GetObjectCommand) {
        sent.push("GetObject");
        return { ...answer(), Metadata: { signature: "s3" }, ETag: '"new"', LastModified: MODIFIED };
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

test("a bucket whose region the caller already asked is read there, without asking GetBucketLocation again", async () => {
  const { clients, sent } = fakeS3({ ETag: '"e"', Size: 1, LastModified: MODIFIED }); // GetBucketLocation would throw
  const regions: string[] = [];
  const located = { s3: (region: string) => (regions.push(region), (clients as { s3: (r: string) => unknown }).s3(region)) } as never;
  const files = new S3TrailFiles(located, "us-east-1", { locateBuckets: true, knownBucketRegions: new Map([["b", "eu-west-1"]]) });
  await list(files);
  expect((await files.getDigest("b", KEY)) as unknown).toMatchObject({ metadata: { signature: "s3" } });
  expect(sent).toEqual(["ListObjects", "GetObject"]);
  expect(new Set(regions)).toEqual(new Set(["eu-west-1"]));
});

// A digest over the compressed cap is refused from the first size that shows it: the listing's (no GET at all), the
// GET's Content-Length (the body is not read), or the body's bytes as they arrive (a missing or lying length).
const OVER = MAX_DIGEST_COMPRESSED_BYTES + 1;

test("a digest listed over the cap is refused without a GET", async () => {
  const { clients, sent } = fakeS3({ ETag: '"e"', Size: OVER, LastModified: MODIFIED });
  const files = new S3TrailFiles(clients, "us-east-1");
  await list(files);
  await expect(files.getDigest("b", KEY)).rejects.toThrow(new DigestTooLargeError(`${OVER} bytes, over the 16777216-byte limit`));
  expect(sent).toEqual(["ListObjects"]);
});

test("a digest whose Content-Length is over the cap is refused without reading its body", async () => {
  let pulled = 0;
  const body = new Readable({ read() { pulled += 1; this.push(Buffer.alloc(1024)); } });
  const { clients } = fakeS3({ ETag: '"e"', Size: 1, LastModified: MODIFIED }, () => ({ Body: body, ContentLength: OVER }));
  const files = new S3TrailFiles(clients, "us-east-1");
  await expect(files.getDigest("b", KEY)).rejects.toThrow(`digest too large (${OVER} bytes, over the 16777216-byte limit)`);
  expect(pulled).toBe(0);
  expect(body.destroyed).toBe(true);
});

test("a body without a length stops being read once it passes the cap", async () => {
  let sentBytes = 0;
  const body = new Readable({
    read() {
      sentBytes += 1024 * 1024;
      this.push(Buffer.alloc(1024 * 1024));
    },
  });
  const { clients } = fakeS3({ ETag: '"e"', Size: 1, LastModified: MODIFIED }, () => ({ Body: body }));
  const files = new S3TrailFiles(clients, "us-east-1");
  await expect(files.getDigest("b", KEY)).rejects.toBeInstanceOf(DigestTooLargeError);
  // The stream reads ahead a little (its highWaterMark), but not the endless rest.
  expect(sentBytes).toBeLessThanOrEqual(MAX_DIGEST_COMPRESSED_BYTES + 4 * 1024 * 1024);
  expect(body.destroyed).toBe(true);
});

// A log file's connection lost mid-body: the SDK does not retry a body being read, so the rest is asked for again.
function brokenBody(bytes: Buffer, breakAfter: number | null): Readable {
  return Readable.from(
    (async function* () {
      if (breakAfter === null) {
        yield bytes;
        return;
      }
      yield bytes.subarray(0, breakAfter);
      throw Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    })(),
  );
}

function flakyLogS3(content: Buffer, breaks: (number | null)[]) {
  const gets: { range?: string; ifMatch?: string }[] = [];
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof GetObjectCommand)) throw new Error("unexpected command");
      const { Range, IfMatch } = command.input;
      gets.push({ ...(Range ? { range: Range } : {}), ...(IfMatch ? { ifMatch: IfMatch } : {}) });
      const from = Range ? Number(/^bytes=(\d+)-$/.exec(Range)![1]) : 0;
      const breakAt = breaks[gets.length - 1] ?? null;
      return { Body: brokenBody(content.subarray(from), breakAt), ETag: '"e"', ContentLength: content.length - from, LastModified: MODIFIED };
    },
  };
  return { clients: { s3: () => client } as never, gets };
}

async function readAll(body: unknown): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

test("a log body cut mid-way is resumed from the bytes already served, on the same object", async () => {
  const content = Buffer.from("0123456789abcdefghij");
  const { clients, gets } = flakyLogS3(content, [7, 5, null]);
  const files = new S3TrailFiles(clients, "us-east-1");
  expect((await readAll(await files.openLog("b", "log.json.gz"))).toString()).toBe(content.toString());
  expect(gets).toEqual([{}, { range: "bytes=7-", ifMatch: '"e"' }, { range: "bytes=12-", ifMatch: '"e"' }]);
});

test("a body that keeps breaking fails with the read error after two resumes", async () => {
  const { clients, gets } = flakyLogS3(Buffer.from("0123456789"), [2, 2, 2, 2]);
  const files = new S3TrailFiles(clients, "us-east-1");
  await expect(readAll(await files.openLog("b", "log.json.gz"))).rejects.toThrow("aborted");
  expect(gets).toHaveLength(3);
});
