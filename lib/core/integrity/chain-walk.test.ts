import { describe, expect, test } from "vitest";
import { ChainWalker, type WalkEvent, WalkAbort } from "@/lib/core/integrity/chain-walk";
import { formatDisplayDate, utcPyDate } from "@/lib/core/integrity/py-date";
import { generateTrailFiles, type SandboxBucket, type TrailFiles, type TrailFilesSpec } from "@/lib/sandbox/cloudtrail-files";
import { MemoryPublicKeys, MemoryS3 } from "@/lib/sandbox/cloudtrail-memory";
import * as tamper from "@/lib/sandbox/cloudtrail-tamper";
import { gzipBomb } from "@/lib/core/integrity/gzip-bomb";

const spec: TrailFilesSpec = {
  seed: "chain-walk",
  bucket: "bucket",
  accountId: "111122223333",
  sourceRegion: "eu-west-1",
  homeRegion: "eu-west-1",
  trailName: "t",
  start: new Date("2025-01-10T00:00:10Z"),
  hours: 6,
  logsPerHour: [0, 0],
  stops: [{ from: 3, to: 4 }],
};
const files = generateTrailFiles(spec);
const windowEnd = new Date("2025-01-10T06:00:10Z");
const short = (key: string) => key.slice(-24, -8);

async function walk(
  bucket: SandboxBucket,
  options: { files?: TrailFiles; extra?: [string, SandboxBucket][]; start?: Date; end?: Date } = {},
) {
  const trail = options.files ?? files;
  const s3 = new MemoryS3(new Map([[trail.spec.bucket, bucket], ...(options.extra ?? [])]));
  const keys = new MemoryPublicKeys(trail.keys);
  const events: string[] = [];
  const sink = (event: WalkEvent) => {
    if (event.kind === "gap") events.push(`gap ${formatDisplayDate(event.from)} ${formatDisplayDate(event.to)}`);
    else if (event.kind === "valid") events.push(`valid ${event.bucket}:${short(event.key)}`);
    else if (event.kind === "unreadable") events.push(`unreadable ${short(event.key)}`);
    else events.push(`${event.reason} ${short(event.key)}`);
  };
  const start = utcPyDate(options.start ?? trail.spec.start);
  const end = utcPyDate(options.end ?? windowEnd);
  const walker = new ChainWalker({ scope: trail.scope, bucket: trail.spec.bucket, start, end }, s3, keys, sink);
  await walker.traverse(false);
  await walker.traverse(true);
  return { events, s3, keys, trace: walker.trace };
}

describe("ChainWalker", () => {
  test("walks newest to oldest by pointers and reports the stop as a gap (older key date, newer JSON start)", async () => {
    const { events } = await walk(new Map(files.objects));
    expect(events).toEqual([
      "valid bucket:20250110T060010Z",
      "valid bucket:20250110T050010Z",
      "gap 2025-01-10T03:00:10Z 2025-01-10T04:00:10Z",
      "valid bucket:20250110T030010Z",
      "valid bucket:20250110T020010Z",
      "valid bucket:20250110T010010Z",
    ]);
  });

  test("lists once from the start marker, asks for keys over [start, end + 2h], none for backfill", async () => {
    const { s3, keys } = await walk(new Map(files.objects));
    expect(s3.requests.filter((request) => request.startsWith("ListObjects"))).toEqual([
      "ListObjects bucket/AWSLogs/111122223333/CloudTrail-Digest/eu-west-1",
    ]);
    expect(keys.requests).toEqual([{ start: spec.start, end: new Date("2025-01-10T08:00:10Z") }]);
  });

  test.each([
    {
      label: "a deleted middle digest: not found, then the next older listed key, no gap",
      apply: (bucket: SandboxBucket) => tamper.deleteDigest(files, bucket, { digest: 1 }),
      events: ["valid bucket:20250110T060010Z", "valid bucket:20250110T050010Z", "gap 2025-01-10T03:00:10Z 2025-01-10T04:00:10Z", "valid bucket:20250110T030010Z", "not-found 20250110T020010Z", "valid bucket:20250110T010010Z"],
    },
    {
      label: "an invalid digest: its line, then the next older listed key, no gap",
      apply: (bucket: SandboxBucket) => tamper.modifyDigest(files, bucket, { digest: 2 }),
      events: ["valid bucket:20250110T060010Z", "valid bucket:20250110T050010Z", "gap 2025-01-10T03:00:10Z 2025-01-10T04:00:10Z", "signature-failed 20250110T030010Z", "valid bucket:20250110T020010Z", "valid bucket:20250110T010010Z"],
    },
    {
      label: "a deleted newest digest goes unnoticed",
      apply: (bucket: SandboxBucket) => tamper.deleteNewestDigest(files, bucket),
      events: ["valid bucket:20250110T050010Z", "gap 2025-01-10T03:00:10Z 2025-01-10T04:00:10Z", "valid bucket:20250110T030010Z", "valid bucket:20250110T020010Z", "valid bucket:20250110T010010Z"],
    },
    {
      label: "a pointer that skips a digest hides it",
      apply: (bucket: SandboxBucket) => tamper.skipChainLink(files, bucket, { digest: 2 }),
      events: ["valid bucket:20250110T060010Z", "valid bucket:20250110T050010Z", "gap 2025-01-10T03:00:10Z 2025-01-10T04:00:10Z", "valid bucket:20250110T030010Z", "valid bucket:20250110T010010Z"],
    },
  ])("$label", async ({ apply, events }) => {
    const bucket = new Map(files.objects);
    apply(bucket);
    expect((await walk(bucket)).events).toEqual(events);
  });

  test("the window's start stops the walk, though a digest ending exactly at the start is still validated", async () => {
    const { events } = await walk(new Map(files.objects), { start: new Date("2025-01-10T04:00:10Z") });
    expect(events).toEqual(["valid bucket:20250110T060010Z", "valid bucket:20250110T050010Z"]);
  });

  test("a digest pointing into another bucket is followed there, with that bucket listed afresh", async () => {
    const bucket = new Map(files.objects);
    const moved = files.digests[1]!;
    const archive: SandboxBucket = new Map([[moved.key, bucket.get(moved.key)!]]);
    bucket.delete(moved.key);
    tamper.resignDigest(files, bucket, { digest: 2, edit: (document) => (document["previousDigestS3Bucket"] = "archive") });
    const { events, s3 } = await walk(bucket, { extra: [["archive", archive]] });
    expect(events.slice(3)).toEqual(["valid bucket:20250110T030010Z", "moved 20250110T020010Z"]);
    expect(s3.requests).toContain("ListObjects archive/AWSLogs/111122223333/CloudTrail-Digest/eu-west-1");
  });

  test("a pointer cycle aborts where awscli would loop forever", async () => {
    const bucket = new Map(files.objects);
    tamper.resignDigest(files, bucket, { digest: 1, edit: (document) => (document["previousDigestS3Object"] = files.digests[2]!.key) });
    await expect(walk(bucket)).rejects.toBeInstanceOf(WalkAbort);
  });

  test("an unparsable date in the newest listed key aborts, as awscli's _get_last_digest raises", async () => {
    const bucket = new Map(files.objects);
    const planted = files.digests.at(-1)!.key.replace("20250110T060010Z", "20250110T07/000Z");
    bucket.set(planted, { key: planted, body: Buffer.alloc(0), metadata: {} });
    await expect(walk(bucket)).rejects.toThrow("Unable to parse date value: 20250110T07/000Z");
  });

  test("an unparsable key met while looking for a gap makes the chain start INVALID too, and hides the gap", async () => {
    const bucket = new Map(files.objects);
    const planted = files.digests.at(-1)!.key.replace("20250110T060010Z", "20250110T06/000Z");
    bucket.set(planted, { key: planted, body: Buffer.alloc(0), metadata: {} });
    expect((await walk(bucket)).events).toEqual([
      "valid bucket:20250110T060010Z",
      "valid bucket:20250110T050010Z",
      "error 20250110T050010Z",
      "valid bucket:20250110T030010Z",
      "valid bucket:20250110T020010Z",
      "valid bucket:20250110T010010Z",
    ]);
  });

  test("keys of other trails, other regions and past the window are not listed", async () => {
    const other = generateTrailFiles({ ...spec, seed: "other", trailName: "t2" });
    const later = generateTrailFiles({ ...spec, seed: "later", start: new Date("2025-01-10T10:00:00Z"), hours: 1 });
    const bucket = new Map([...files.objects, ...other.objects, ...later.objects]);
    const { trace } = await walk(bucket);
    expect(trace.listed.standard).toEqual(files.digests.map((digest) => digest.key));
    expect(trace.listingStoppedAt).toBe(later.digests[0]!.key);
  });
});

// One object the reader cannot read: awscli's command aborts (exit 255); TrailProof's stored run records it as
// unreadable and goes on from the next older listed digest, as after an invalid one (its pointer was never read).
describe("ChainWalker: an unreadable digest", () => {
  const digestKey = [...files.objects.keys()].find((key) => key.includes("CloudTrail-Digest") && key.includes("20250110T030010Z"))!;
  const denied = new Error("An error occurred (AccessDenied) when calling the GetObject operation: Access Denied");

  class DenyingS3 extends MemoryS3 {
    override async getDigest(bucket: string, key: string) {
      if (key === digestKey) throw denied;
      return super.getDigest(bucket, key);
    }
  }

  async function walkWith(s3: MemoryS3, continueOnUnreadable: boolean) {
    const events: string[] = [];
    const sink = (event: WalkEvent) => {
      if (event.kind === "gap") events.push("gap");
      else if (event.kind === "valid") events.push(`valid ${short(event.key)}`);
      else if (event.kind === "unreadable") events.push(`unreadable ${short(event.key)}: ${event.error}`);
      else events.push(`${event.reason} ${short(event.key)}: ${event.message.split("\t").at(-1)}`);
    };
    const walker = new ChainWalker(
      { scope: files.scope, bucket: spec.bucket, start: utcPyDate(spec.start), end: utcPyDate(windowEnd) },
      s3,
      new MemoryPublicKeys(files.keys),
      sink,
      { continueOnUnreadable },
    );
    await walker.traverse(false);
    return { events, trace: walker.trace };
  }

  test("access denied: awscli's walk aborts with botocore's message", async () => {
    await expect(walkWith(new DenyingS3(new Map([[spec.bucket, new Map(files.objects)]])), false)).rejects.toBe(denied);
  });

  test("access denied, stored run: an unreadable verdict with the error, then the next older listed digest", async () => {
    const { events, trace } = await walkWith(new DenyingS3(new Map([[spec.bucket, new Map(files.objects)]])), true);
    expect(events).toEqual([
      "valid 20250110T060010Z",
      "valid 20250110T050010Z",
      "gap",
      "unreadable 20250110T030010Z: An error occurred (AccessDenied) when calling the GetObject operation: Access Denied",
      "valid 20250110T020010Z",
      "valid 20250110T010010Z",
    ]);
    expect(trace.visits.find((visit) => visit.key === digestKey)?.outcome).toBe("unreadable");
  });

  test("a gzip bomb: INVALID with the reason for awscli's command, unreadable for the stored run", async () => {
    const bucket = new Map(files.objects);
    bucket.set(digestKey, { ...bucket.get(digestKey)!, body: gzipBomb(200 * 1024).bytes });
    const tooLarge = "digest too large (over 67108864 bytes when decompressed); TrailProof does not read digests this size, awscli would try";
    const parity = await walkWith(new MemoryS3(new Map([[spec.bucket, bucket]])), false);
    expect(parity.events[3]).toBe(`error 20250110T030010Z: INVALID: ${tooLarge}`);
    expect(parity.events[4]).toBe("valid 20250110T020010Z");
    const stored = await walkWith(new MemoryS3(new Map([[spec.bucket, bucket]])), true);
    expect(stored.events[3]).toBe(`unreadable 20250110T030010Z: ${tooLarge}`);
    expect(stored.events[4]).toBe("valid 20250110T020010Z");
  });
});
