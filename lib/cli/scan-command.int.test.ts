import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { ScanReport } from "@/lib/services/scan/run-scan";
import { resetDatabase } from "@/lib/testing/database";
import { startTestSandbox } from "@/lib/testing/sandbox";
import { runTrailproof } from "@/lib/testing/run-cli";

// `npx trailproof scan --organization --json` as an operator runs it: a separate process, the standard credential
// chain from the environment, AWS_ENDPOINT_URL, and the run stored in DATABASE_URL.

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  await resetDatabase();
});
afterAll(() => sandbox?.stop());

const trailproof = runTrailproof;

test("scan --organization --json matches the manifest on every trail and check", async () => {
  const { code, stdout, stderr } = await trailproof(["scan", "--organization", "--external-id", sandbox.manifest.externalId, "--regions", "us-east-1,eu-west-1", "--json"]);
  expect(stderr).toMatch(/^alerts: \d+ opened, \d+ resolved \(npx trailproof alerts lists them\)\n$/); // standard output stays the JSON document
  expect(code).toBe(0);
  const report = JSON.parse(stdout) as ScanReport;
  for (const trail of sandbox.manifest.trails) {
    const scanned = report.trails.find((t) => t.arn === trail.arn);
    expect(scanned, trail.arn).toMatchObject({ accountId: trail.accountId, homeRegion: trail.homeRegion, isOrganizationTrail: trail.organization });
    expect(Object.fromEntries(scanned!.results.map((r) => [r.checkId, r.status])), trail.key).toEqual(trail.expectedChecks);
  }
});

test("scan --accounts-file scans exactly the listed accounts, in their listed regions", async () => {
  const [first, second] = sandbox.manifest.accounts.filter((a) => !a.management);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "accounts-")), "accounts.json");
  fs.writeFileSync(file, JSON.stringify([
    { id: first!.id, name: "first", externalId: sandbox.manifest.externalId, regions: ["us-east-1"] },
    { id: second!.id, externalId: sandbox.manifest.externalId, regions: ["us-east-1"] },
  ]));
  const { code, stdout } = await trailproof(["scan", "--accounts-file", file, "--json"]);
  expect(code).toBe(0);
  const report = JSON.parse(stdout) as ScanReport;
  expect(report.accounts.map((a) => [a.id, a.status]).sort()).toEqual([[first!.id, "succeeded"], [second!.id, "succeeded"]].sort());
  expect(report.accounts.find((a) => a.id === first!.id)?.name).toBe("first");
});

test.each([
  { label: "both account sources", args: ["scan", "--organization", "--accounts", "111111111111"], message: "choose one of --organization, --accounts, --accounts-file" },
  { label: "an unknown option", args: ["scan", "--bogus"], message: "Unknown option '--bogus'" },
  { label: "a bad concurrency", args: ["scan", "--concurrency", "0"], message: "--concurrency must be" },
])("wrong options ($label) exit 2 with a message", async ({ args, message }) => {
  const { code, stderr } = await trailproof(args);
  expect(code).toBe(2);
  expect(stderr).toContain(message);
});

test("an account id that is not 12 digits is refused before anything runs (exit 1)", async () => {
  const { code, stderr } = await trailproof(["scan", "--accounts", "12345"]);
  expect(code).toBe(1);
  expect(stderr.trim()).toBe("trailproof scan: not a 12-digit AWS account id: 12345");
});
