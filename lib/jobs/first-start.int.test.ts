import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { FIRST_START_TRIGGER, fillDemoAtFirstStart } from "@/lib/jobs/first-start";
import { startBoss } from "@/lib/jobs/queues";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { registerDemoAccounts } from "@/lib/sandbox/demo-accounts";
import { resetDatabase, testPrisma } from "@/lib/testing/database";
import { startTestSandbox } from "@/lib/testing/sandbox";
import { until } from "@/lib/testing/until";

// The demo's first start, through the real job path: pg-boss on the test PostgreSQL, a real worker, the seeded
// organization in moto. Expected trails come from the sandbox's manifest (what the plan says each trail is), not
// from what the scan stored.

const prisma = testPrisma();
let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let sender: Awaited<ReturnType<typeof startBoss>>;
let worker: RunningWorker;
const logged: string[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox(undefined, { files: true });
  await resetDatabase();
  // What `npm start` does before: the demo's accounts are listed (registerDemoAccounts), nothing scanned yet.
  await registerDemoAccounts(inject("databaseUrl"), sandbox.manifest);
  sender = await startBoss(inject("databaseUrl"), { role: "sender" });
  worker = await startWorker({ databaseUrl: inject("databaseUrl"), database: prisma, exclusive: true, schedules: false, log: () => undefined });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await sender?.stop({ graceful: false, wait: true, timeout: 2000 });
  await sandbox?.stop();
  await prisma.$disconnect();
});

test("the first start scans the organization, then validates every trail with log file validation on; a later start keeps them", async () => {
  expect(await prisma.scanRun.count()).toBe(0);
  const outcome = await fillDemoAtFirstStart(prisma, sender, { log: (line) => logged.push(line), pollMs: 250 });
  expect(outcome.kind).toBe("filled");
  if (outcome.kind !== "filled") return;

  const scan = await prisma.scanRun.findUniqueOrThrow({ where: { id: outcome.scanId! } });
  expect(scan).toMatchObject({ trigger: FIRST_START_TRIGGER, status: "succeeded", accountsTotal: sandbox.manifest.accounts.length });

  const expectedArns = sandbox.manifest.trails.filter((t) => t.logFileValidation).map((t) => t.arn).sort();
  expect(expectedArns.length).toBeGreaterThan(1);
  const runs = await prisma.validationRun.findMany({ where: { id: { in: outcome.validationRunIds } }, include: { trail: { select: { arn: true } } } });
  expect(runs.map((r) => r.trail.arn).sort()).toEqual(expectedArns);
  expect(runs.every((r) => r.trigger === FIRST_START_TRIGGER && r.windowEnd.getTime() - r.windowStart.getTime() === 86_400_000)).toBe(true);
  expect(logged.join("\n")).toMatch(/first start: scanning the demo organization[\s\S]*first start: validating the last 24 hours of the \d+ trail/);

  // The worker carries them out: each one finishes and stores verdicts for the files it read.
  const finished = await until(
    () => prisma.validationRun.findMany({ where: { id: { in: outcome.validationRunIds } } }),
    (rs) => rs.every((r) => r.status !== "queued" && r.status !== "running"),
    400_000,
  );
  expect(finished.filter((r) => r.status === "queued" || r.status === "running")).toEqual([]);
  expect(await prisma.fileVerdict.count({ where: { runId: { in: outcome.validationRunIds } } })).toBeGreaterThan(0);

  // A later start: nothing new is queued.
  const [scans, validations] = [await prisma.scanRun.count(), await prisma.validationRun.count()];
  expect(await fillDemoAtFirstStart(prisma, sender, { log: () => undefined })).toEqual({ kind: "kept" });
  expect([await prisma.scanRun.count(), await prisma.validationRun.count()]).toEqual([scans, validations]);
}, 600_000);
