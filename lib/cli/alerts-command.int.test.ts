import { afterAll, beforeAll, expect, test } from "vitest";
import { resetDatabase, testPrisma } from "@/lib/testing/database";
import { runTrailproof } from "@/lib/testing/run-cli";

// `npx trailproof alerts` as an operator runs it, a separate process on the test database; the alerts are written
// here by hand, so what the command prints is checked against them, not against its own reads.

const prisma = testPrisma();
const RUN = "00000000-0000-4000-8000-000000000001";
const URI = "s3://logs/AWSLogs/111111111111/CloudTrail/us-east-1/2026/03/01/x.json.gz";

beforeAll(async () => {
  await resetDatabase();
  const base = { runKind: "validation", runId: RUN, firstSeen: new Date("2026-03-01T10:00:00Z"), lastSeen: new Date("2026-03-01T12:00:00Z"), accountId: "111111111111", region: "us-east-1" };
  await prisma.alert.createMany({
    data: [
      { ...base, key: "file-invalid|a", kind: "file-invalid", severity: "critical", state: "open", title: "INVALID log file x.json.gz", reason: "hash value doesn't match", s3Uri: URI, fileVerdictId: 42n },
      { ...base, key: "gap|b", kind: "gap", severity: "medium", state: "resolved", title: "Gap in log delivery", reason: "No log files were delivered", resolvedAt: new Date("2026-03-01T13:00:00Z") },
    ],
  });
});
afterAll(() => prisma.$disconnect());

const trailproof = runTrailproof;

test("alerts --state open --json prints the open alert only, with its file's S3 URI", async () => {
  const { code, stdout, stderr } = await trailproof(["alerts", "--state", "open", "--json"]);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const alerts = JSON.parse(stdout) as Record<string, unknown>[];
  expect(alerts.map((a) => [a.kind, a.state, a.s3Uri, a.fileVerdictId, a.lastSeen])).toEqual([["file-invalid", "open", URI, "42", "2026-03-01T12:00:00.000Z"]]);
});

test("alerts lists every state as text, worst first", async () => {
  const { code, stdout } = await trailproof(["alerts"]);
  expect(code).toBe(0);
  expect(stdout.indexOf("INVALID log file x.json.gz")).toBeLessThan(stdout.indexOf("Gap in log delivery"));
  expect(stdout).toContain("2 alerts");
});

test("alerts --state closed is refused with the states it accepts", async () => {
  const { code, stderr } = await trailproof(["alerts", "--state", "closed"]);
  expect(code).toBe(2);
  expect(stderr).toContain("--state must be one of open, acknowledged, resolved");
});
