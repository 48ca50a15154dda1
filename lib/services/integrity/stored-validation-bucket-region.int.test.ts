import { afterAll, beforeAll, expect, test } from "vitest";
import { DEFAULT_OPTIONS } from "@/lib/sandbox/plan";
import { parseRecording } from "@/lib/sandbox/recorded-requests";
import { runStoredValidation } from "@/lib/services/integrity/stored-validation";
import { testPrisma } from "@/lib/testing/database";
import { type ScannedSandbox, startScannedSandbox } from "@/lib/testing/scanned-sandbox";

// On real AWS a bucket answers only requests signed for its own region (others get a 301 PermanentRedirect): the stored
// run asks GetBucketLocation and reads the bucket there. The emulator answers any region, so the proof is the region
// each request to the bucket was signed for, read from the emulator's own request log. Here the organization's home
// region, and so every trail bucket's, is eu-west-1 (the demo's default is us-east-1).

const prisma = testPrisma();
let sandbox: ScannedSandbox;

beforeAll(async () => {
  sandbox = await startScannedSandbox(prisma, { ...DEFAULT_OPTIONS, regions: ["eu-west-1", "us-east-1"] });
}, 240_000);
afterAll(async () => {
  await sandbox?.stop();
  await prisma.$disconnect();
});

test("a trail whose bucket is in eu-west-1: every request to the bucket is signed for eu-west-1, and the run completes", async () => {
  const trail = sandbox.manifest.trails.find((t) => t.key === "sandbox-trail")!;
  expect(trail.bucket.region).toBe("eu-west-1");
  const chain = sandbox.integrity.chains.find((c) => c.trailKey === "sandbox-trail")!;
  await fetch(`${sandbox.endpoint}/moto-api/recorder/reset-recording`, { method: "POST" });
  await fetch(`${sandbox.endpoint}/moto-api/recorder/start-recording`, { method: "POST" });
  const result = await runStoredValidation(prisma, { trailArn: trail.arn, windowStart: new Date(chain.start), windowEnd: new Date(chain.end), trigger: "test" });
  await fetch(`${sandbox.endpoint}/moto-api/recorder/stop-recording`, { method: "POST" });
  const recording = parseRecording(await (await fetch(`${sandbox.endpoint}/moto-api/recorder/download-recording`)).text());

  const toBucket = recording.filter((r) => r.service === "s3" && new URL(r.url).pathname.startsWith(`/${trail.bucket.name}`));
  // GetBucketLocation is the one call any region answers (the run asks it in us-east-1, where AWS answers for all).
  const isLocation = (r: (typeof toBucket)[number]) => new URL(r.url).searchParams.has("location");
  expect(toBucket.filter(isLocation).length).toBe(1);
  const reads = toBucket.filter((r) => !isLocation(r));
  expect(reads.length).toBeGreaterThan(10); // the listings, the digests and the log files
  expect(reads.filter((r) => r.region !== "eu-west-1").map((r) => `${r.method} ${r.url} (${r.region})`)).toEqual([]);
  expect(result.chains.every((c) => c.aborted === null)).toBe(true);
  const run = await prisma.validationRun.findUniqueOrThrow({ where: { id: result.runId } });
  expect(run.digestsDone).toBeGreaterThan(0);
}, 240_000);
