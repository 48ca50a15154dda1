import { CloudTrailClient, StopLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { skipWithoutJudge } from "@/lib/sandbox/independent-judge";
import { LiveDelivery } from "@/lib/sandbox/live-delivery";
import { DEFAULT_OPTIONS } from "@/lib/sandbox/plan";
import { SANDBOX_CREDENTIALS, SandboxAccounts } from "@/lib/sandbox/sandbox-clients";
import type { ChainExpectation, IntegritySection } from "@/lib/sandbox/seed-files";
import { emulatorEnv, hasAwsCli, runAwscli } from "@/lib/sandbox/validate-logs-harness";
import { startTestSandbox } from "@/lib/testing/sandbox";

// The demo goes on logging while it runs: the hours after the seeded ones are delivered as CloudTrail would, each
// digest linked to the one before. The judge is the real AWS CLI: over the seeded hours plus two, a clean chain is
// 24/24 digests valid before delivery and 26/26 after, every log file valid.

const HOUR = 3_600_000;
let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let integrity: IntegritySection;
let delivery: LiveDelivery;

beforeAll(async () => {
  sandbox = await startTestSandbox(undefined, { files: true });
  integrity = sandbox.manifest.integrity as IntegritySection;
  delivery = new LiveDelivery({ endpoint: sandbox.endpoint, options: DEFAULT_OPTIONS, manifest: sandbox.manifest });
}, 240_000);
afterAll(async () => {
  await sandbox?.stop();
});

/** The organization trail's chain of the management account in the home region: nothing planted there. */
function cleanChain(): ChainExpectation {
  const trail = sandbox.manifest.trails.find((t) => t.key === "org-trail")!;
  const chain = integrity.chains.find((c) => c.trailKey === trail.key && c.accountId === trail.accountId && c.region === trail.homeRegion)!;
  expect(chain.tampering).toEqual([]);
  return chain;
}

/** The AWS CLI as the management account, which owns the organization trail (--account-id names the chain's account). */
async function awscli(chain: ChainExpectation, end: Date) {
  const env = emulatorEnv(sandbox.endpoint, {
    AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: chain.region,
  });
  return runAwscli(["--trail-arn", chain.trailArn, "--start-time", chain.start, "--end-time", end.toISOString(), "--region", chain.region, "--account-id", chain.accountId], env);
}

test("nothing is due before the first hour after the seeded ones has ended and had time to be delivered", async () => {
  const end = new Date(integrity.end);
  expect(delivery.dueHours(new Date(end.getTime() + HOUR))).toBe(0);
  expect(delivery.dueHours(new Date(end.getTime() + HOUR + 6 * 60_000))).toBe(1);
  expect(await delivery.deliverDue(new Date(end.getTime() + HOUR - 60_000))).toEqual([]);
});

describe.skipIf(skipWithoutJudge("live delivery judged by the AWS CLI", hasAwsCli ? null : "`aws` (AWS CLI v1) on PATH"))("live delivery judged by the AWS CLI", () => {
  test("two hours later a clean chain has two more digests, linked and signed: the AWS CLI finds all valid", async () => {
    const chain = cleanChain();
    const twoHoursLater = new Date(new Date(integrity.end).getTime() + 2 * HOUR + 6 * 60_000);
    const before = await awscli(chain, twoHoursLater);
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/\n24\/24 digest files valid\n(\d+)\/\1 log files valid\n/);

    const delivered = await delivery.deliverDue(twoHoursLater);
    const ours = delivered.find((d) => d.accountId === chain.accountId && d.region === chain.region && d.trailKey === chain.trailKey);
    expect(ours?.digestEnds.map((d) => d.getTime())).toEqual([1, 2].map((n) => new Date(integrity.end).getTime() + n * HOUR));

    const after = await awscli(chain, twoHoursLater);
    expect({ code: after.code, stderr: after.stderr }).toEqual({ code: 0, stderr: "" });
    expect(after.stdout).toMatch(/\n26\/26 digest files valid\n(\d+)\/\1 log files valid\n/);
    // Delivered once: asking again for the same time delivers nothing more.
    expect(await delivery.deliverDue(twoHoursLater)).toEqual([]);
  }, 240_000);
});

test("a trail stopped in the emulator gets no new hour; the others do", async () => {
  const chain = cleanChain();
  const trail = sandbox.manifest.trails.find((t) => t.key === chain.trailKey)!;
  const cloudtrail = new CloudTrailClient(await new SandboxAccounts(sandbox.endpoint).target(trail.accountId, trail.homeRegion));
  await cloudtrail.send(new StopLoggingCommand({ Name: trail.name }));
  const threeHoursLater = new Date(new Date(integrity.end).getTime() + 3 * HOUR + 6 * 60_000);
  const delivered = await delivery.deliverDue(threeHoursLater);
  expect(delivered.filter((d) => d.trailKey === trail.key)).toEqual([]);
  expect(delivered.length).toBeGreaterThan(0);
}, 240_000);
