import { expect, test } from "vitest";
import type { SandboxBucket } from "@/lib/sandbox/cloudtrail-files";
import { MemoryS3 } from "@/lib/sandbox/cloudtrail-memory";

const object = (key: string) => ({ key, body: Buffer.from(key), metadata: { m: "1" } });
const bucket: SandboxBucket = new Map(["p/b", "p/a", "p/\u{1F600}", "p/\uFFFD", "q/a"].map((key) => [key, object(key)]));
const s3 = new MemoryS3(new Map([["bucket", bucket]]), { chunkSize: 2 });

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

test.each([
  { label: "in UTF-8 byte order, within the prefix", prefix: "p/", marker: "", keys: ["p/a", "p/b", "p/\uFFFD", "p/\u{1F600}"] },
  { label: "strictly after the marker", prefix: "p/", marker: "p/a", keys: ["p/b", "p/\uFFFD", "p/\u{1F600}"] },
])("ListObjects lists $label", async ({ prefix, marker, keys }) => {
  expect(await collect(s3.listKeys("bucket", prefix, marker))).toEqual(keys);
});

test("GetObject: metadata and bytes, NoSuchKey as not-found, a missing bucket as an error", async () => {
  expect(await s3.getDigest("bucket", "p/a")).toEqual({ bytes: Buffer.from("p/a"), metadata: { m: "1" } });
  expect(await s3.getDigest("bucket", "p/zzz")).toBe("not-found");
  await expect(s3.getDigest("nope", "p/a")).rejects.toThrow("NoSuchBucket");
});

test("log bodies stream in chunks", async () => {
  const body = await s3.openLog("bucket", "p/b");
  if (body === "not-found") throw new Error("missing");
  expect((await collect(body)).map((chunk) => Buffer.from(chunk).toString())).toEqual(["p/", "b"]);
});
