import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { DigestFileCache } from "@/lib/services/integrity/digest-cache";

const dirs: string[] = [];
function cache() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-digest-cache-"));
  dirs.push(dir);
  return { dir, cache: new DigestFileCache(dir) };
}
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const cached = {
  identity: { etag: '"abc"', size: 3, lastModified: new Date("2026-01-01T00:00:01Z") },
  object: { bytes: Uint8Array.from([1, 2, 3]), metadata: { signature: "00ff", "signature-algorithm": "SHA256withRSA" } },
};

test("a saved digest loads back with its identity, bytes and metadata", () => {
  const { cache: store } = cache();
  store.save("bucket", "a/key.json.gz", cached);
  const loaded = store.load("bucket", "a/key.json.gz")!;
  expect(loaded.identity).toEqual(cached.identity);
  expect([...loaded.object.bytes]).toEqual([1, 2, 3]);
  expect(loaded.object.metadata).toEqual(cached.object.metadata);
  expect(store.load("other-bucket", "a/key.json.gz")).toBeUndefined();
});

test("an unreadable entry is a miss, not an error", () => {
  const { dir, cache: store } = cache();
  store.save("bucket", "key", cached);
  const [shard] = fs.readdirSync(dir);
  const [file] = fs.readdirSync(path.join(dir, shard!));
  fs.writeFileSync(path.join(dir, shard!, file!), "{not json");
  expect(store.load("bucket", "key")).toBeUndefined();
});

test("an entry that cannot be serialised (an invalid LastModified) is not cached, and saving does not throw", () => {
  const { dir, cache: store } = cache();
  const broken = { ...cached, identity: { ...cached.identity, lastModified: new Date("not a date") } };
  expect(() => store.save("bucket", "key", broken)).not.toThrow();
  expect(store.load("bucket", "key")).toBeUndefined();
  expect(fs.readdirSync(dir)).toEqual([]);
});
