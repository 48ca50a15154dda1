import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { parseRecording } from "@/lib/sandbox/recorded-requests";
import type { IntegritySection } from "@/lib/sandbox/seed-files";
import { settleAbandonedRuns } from "@/lib/jobs/abandoned-runs";
import { startBoss } from "@/lib/jobs/queues";
import { requestScan, requestValidation } from "@/lib/jobs/requests";
import { exportStatus, requestExport } from "@/lib/jobs/export-job";
import { LOCAL_ADMIN } from "@/lib/auth/roles";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import type { AlertNotice } from "@/lib/services/alerts/alert-notice";
import { runStoredValidation } from "@/lib/services/integrity/stored-validation";
import { runScan } from "@/lib/services/scan/run-scan";
import { targetsFromOrganization } from "@/lib/services/scan/targets";
import { resetDatabase, testPrisma } from "@/lib/testing/database";
import { startTestSandbox } from "@/lib/testing/sandbox";
import { until } from "@/lib/testing/until";

// The durable path behind "Validate now" and "Scan now": real pg-boss on the test PostgreSQL, a real worker, the
// seeded organization in moto.

const prisma = testPrisma();
let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let sender: Awaited<ReturnType<typeof startBoss>>;
let worker: RunningWorker | undefined;
/** What the worker handed to onAlertsOpened, as notifications would receive it. */
const opened: AlertNotice[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox(undefined, { files: true });
  await resetDatabase();
  const targets = await targetsFromOrganization(prisma, { externalId: sandbox.manifest.externalId });
  await runScan(prisma, { targets, trigger: "test", regions: sandbox.manifest.regions });
  // The demo organization works in its manifest's regions, as npm start registers it (demo-accounts.ts): a later
  // "Scan now" of the known accounts then expects multi-region trails there, not in every region the emulator lists.
  await prisma.account.updateMany({ data: { regions: sandbox.manifest.regions } });
  sender = await startBoss(inject("databaseUrl"), { role: "sender" });
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await sender?.stop({ graceful: false, wait: true, timeout: 2000 });
  await sandbox?.stop();
  await prisma.$disconnect();
});

test("a worker killed mid-run: the next worker resumes the run from what it stored, counting nothing twice", async () => {
  const manifestTrail = sandbox.manifest.trails.find((t) => t.key === "org-trail")!;
  const trail = await prisma.trail.findUniqueOrThrow({ where: { arn: manifestTrail.arn } });
  const chain = (sandbox.manifest.integrity as IntegritySection).chains.find((c) => c.trailKey === "org-trail")!;
  const { runId } = await requestValidation(prisma, sender, { trailId: trail.id, windowStart: new Date(chain.start), windowEnd: new Date(chain.end), trigger: "test" });

  const child = spawn(process.execPath, ["--import", "tsx", "lib/testing/worker-process.ts"], {
    env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
    stdio: "ignore",
  });
  const midway = await until(() => prisma.validationRun.findUniqueOrThrow({ where: { id: runId } }), (r) => r.logsDone >= 40, 120_000);
  child.kill("SIGKILL");
  await new Promise((resolve) => child.once("exit", resolve));
  expect(midway.status).toBe("running");
  const stored = await prisma.fileVerdict.count({ where: { runId } });
  expect((await sender.getJobById("validate-trail", runId))?.state).toBe("active");

  // What the first worker proved; the emulator records every request the second one makes.
  const proven = await prisma.fileVerdict.findMany({ where: { runId, kind: "log", status: "valid" }, select: { s3Bucket: true, s3Key: true } });
  await fetch(`${sandbox.endpoint}/moto-api/recorder/reset-recording`, { method: "POST" });
  await fetch(`${sandbox.endpoint}/moto-api/recorder/start-recording`, { method: "POST" });

  // As `npm start` does on its own database after a crash: the job left active is taken again at once.
  worker = await startWorker({ databaseUrl: inject("databaseUrl"), database: prisma, exclusive: true, schedules: false, log: () => undefined, onAlertsOpened: async (notices) => void opened.push(...notices) });
  const run = await until(() => prisma.validationRun.findUniqueOrThrow({ where: { id: runId } }), (r) => r.status !== "queued" && r.status !== "running");
  await fetch(`${sandbox.endpoint}/moto-api/recorder/stop-recording`, { method: "POST" });
  const recording = parseRecording(await (await fetch(`${sandbox.endpoint}/moto-api/recorder/download-recording`)).text());
  // Resuming, not redoing: no log file the first worker proved valid is requested again (path-style GET /bucket/key).
  const requested = new Set(recording.filter((r) => r.method === "GET").map((r) => decodeURIComponent(new URL(r.url).pathname)));
  expect(proven.length).toBeGreaterThan(0);
  expect(requested.size).toBeGreaterThan(0); // the second worker did read the rest
  expect(proven.filter((log) => requested.has(`/${log.s3Bucket}/${log.s3Key}`)).map((log) => log.s3Key)).toEqual([]);
  expect(run.status).toBe("partial"); // one of the organization's chains makes the AWS CLI abort: stored as such
  const verdicts = await prisma.fileVerdict.groupBy({ by: ["kind"], where: { runId }, _count: true });
  const count = (kind: string) => verdicts.find((v) => v.kind === kind)?._count ?? 0;
  expect(count("log")).toBeGreaterThan(stored - count("digest"));
  expect([run.digestsDone, run.logsDone]).toEqual([count("digest"), count("log")]);
  expect(run.invalidCount).toBe(await prisma.fileVerdict.count({ where: { runId, status: "invalid" } }));
  // The same run over again from scratch finds the same files.
  const fresh = await runStoredValidation(prisma, { trailArn: trail.arn, windowStart: new Date(chain.start), windowEnd: new Date(chain.end), trigger: "test", full: true });
  const freshRun = await prisma.validationRun.findUniqueOrThrow({ where: { id: fresh.runId } });
  expect([run.digestsDone, run.logsDone, run.invalidCount, run.missingCount]).toEqual([freshRun.digestsDone, freshRun.logsDone, freshRun.invalidCount, freshRun.missingCount]);
}, 240_000);

test("requests made at once for the same trail make one queued run; the worker carries it out and rolls up its days", async () => {
  const integrity = sandbox.manifest.integrity as IntegritySection;
  const manifestTrail = sandbox.manifest.trails.find((t) => t.key === "payments-trail")!;
  const trail = await prisma.trail.findUniqueOrThrow({ where: { arn: manifestTrail.arn } });
  const chain = integrity.chains.find((c) => c.trailKey === "payments-trail")!;
  const audit = { actor: LOCAL_ADMIN, source: { ip: "127.0.0.1", userAgent: "test" } };
  const request = { trailId: trail.id, windowStart: new Date(chain.start), windowEnd: new Date(chain.end), trigger: "test", audit };

  const outcomes = await Promise.all([requestValidation(prisma, sender, request), requestValidation(prisma, sender, request), requestValidation(prisma, sender, request)]);
  expect(new Set(outcomes.map((o) => o.runId)).size).toBe(1);
  expect(outcomes.filter((o) => !o.joined)).toHaveLength(1);
  const runId = outcomes[0]!.runId;
  // Each request left its record, in the transaction that made or joined the run.
  const events = await prisma.auditEvent.findMany({ where: { action: "validation.request", target: trail.arn } });
  expect(events.map((e) => e.outcome).sort()).toEqual(["joined", "joined", "succeeded"]);
  expect(events.every((e) => (e.detail as { runId?: string }).runId === runId)).toBe(true);
  expect((await prisma.validationRun.findUniqueOrThrow({ where: { id: runId } })).trigger).toBe("test");
  expect(await sender.getJobById("validate-trail", runId)).not.toBeNull();
  const run = await until(() => prisma.validationRun.findUniqueOrThrow({ where: { id: runId } }), (r) => r.status !== "queued" && r.status !== "running");
  expect(run.status).toBe("succeeded");
  const tampered = integrity.chains.filter((c) => c.trailKey === "payments-trail").flatMap((c) => c.files.filter((f) => f.awscli !== "valid"));
  expect(run.invalidCount + run.missingCount).toBeGreaterThanOrEqual(tampered.length);
  const job = await until(() => sender.getJobById("validate-trail", runId), (j) => j?.state === "completed");
  expect(job?.state).toBe("completed");
  const days = await prisma.integrityDay.findMany({ where: { runId } });
  expect(days.length).toBeGreaterThan(0);
  expect(days.reduce((sum, d) => sum + d.invalidCount + d.missingCount, 0)).toBe(run.invalidCount + run.missingCount);

  // The run's alerts reach onAlertsOpened: each file alert names a file the seeder tampered with (its manifest says so).
  const fileNotices = await until(
    async () => opened.filter((n) => n.trailArn === manifestTrail.arn && n.kind.startsWith("file-")),
    (notices) => notices.length > 0,
  );
  const tamperedUris = new Set(integrity.chains.filter((c) => c.trailKey === "payments-trail").flatMap((c) => c.files.filter((f) => f.awscli !== "valid" || (f.strict ?? "valid") !== "valid").map((f) => `s3://${c.bucket}/${f.key}`)));
  expect(fileNotices.length).toBeGreaterThan(0);
  expect(fileNotices.filter((n) => !tamperedUris.has(n.s3Uri ?? ""))).toEqual([]);
  expect(new Set(fileNotices.map((n) => n.id)).size).toBe(fileNotices.length);

  // Finished: the next request makes a new run.
  expect((await requestValidation(prisma, sender, request)).joined).toBe(false);
}, 180_000);

test("Scan now: a queued scan joins, then the worker scans every known account into it", async () => {
  const [first, second] = await Promise.all([requestScan(prisma, sender, "test"), requestScan(prisma, sender, "test")]);
  expect(first.runId).toBe(second.runId);
  const scan = await until(() => prisma.scanRun.findUniqueOrThrow({ where: { id: first.runId } }), (s) => s.status !== "queued" && s.status !== "running");
  expect(scan).toMatchObject({ status: "succeeded", accountsTotal: sandbox.manifest.accounts.length });
}, 180_000);

test("Export evidence: the worker carries out a queued export; a refusal of its scope is final and shown", async () => {
  const audit = { actor: LOCAL_ADMIN, source: { ip: "127.0.0.1", userAgent: "test" } };
  const window = { from: new Date(Date.now() - 30 * 86_400_000), to: new Date() };
  const exportId = await requestExport(prisma, sender, { scope: { kind: "organization" }, window, requestedBy: "tester", audit, target: "organization" });
  expect(await exportStatus(prisma, sender, exportId)).toMatchObject({ state: "running" });
  const status = await until(() => exportStatus(prisma, sender, exportId), (s) => s?.state !== "running", 150_000);
  expect(status).toMatchObject({ state: "done" });
  expect(await prisma.evidenceExport.findUniqueOrThrow({ where: { id: exportId }, select: { requestedBy: true, scopeKind: true } })).toEqual({ requestedBy: "tester", scopeKind: "organization" });
  const events = await prisma.auditEvent.findMany({ where: { action: { startsWith: "evidence.export" } }, orderBy: { at: "asc" } });
  expect(events.map((e) => [e.action, e.outcome, e.actor])).toEqual([
    ["evidence.export.request", "succeeded", "local-admin"],
    ["evidence.export", "succeeded", "local-admin"],
  ]);

  const unknown = await requestExport(prisma, sender, { scope: { kind: "account", accountId: "999999999999" }, window, requestedBy: "tester", audit, target: "999999999999" });
  const refused = await until(() => exportStatus(prisma, sender, unknown), (s) => s?.state !== "running");
  expect(refused).toEqual({ state: "failed", message: expect.stringContaining("Account 999999999999 is unknown") });
  expect(await prisma.evidenceExport.count({ where: { id: unknown } })).toBe(0);
  // The refusal is recorded once, under the scope it concerned (so that account's reports list it).
  expect(await prisma.auditEvent.findMany({ where: { action: "evidence.export", outcome: "failed" }, select: { target: true } })).toEqual([{ target: "999999999999" }]);
  expect(await exportStatus(prisma, sender, randomUUID())).toBeNull();
}, 200_000);

test("a run whose job will never run is settled as failed, so it no longer blocks Validate now", async () => {
  const trail = await prisma.trail.findFirstOrThrow({ where: { s3BucketName: { not: null } } });
  const stale = await prisma.validationRun.create({
    data: { trailId: trail.id, accountId: trail.accountId, regions: [], windowStart: new Date(0), windowEnd: new Date(), trigger: "ui:local-admin", status: "running", createdAt: new Date(Date.now() - 3_600_000) },
  });
  const fresh = await prisma.validationRun.create({
    data: { trailId: trail.id, accountId: trail.accountId, regions: [], windowStart: new Date(0), windowEnd: new Date(), trigger: "ui:local-admin", status: "queued" },
  });
  const settled = await settleAbandonedRuns(sender, prisma);
  expect(settled).toBeGreaterThanOrEqual(1);
  expect(await prisma.validationRun.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({ status: "failed", error: "abandoned: its job was never queued" });
  // Young and queued: its job may still be on its way.
  expect((await prisma.validationRun.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("queued");
  await prisma.validationRun.delete({ where: { id: fresh.id } });
});

test("a trail that cannot be validated is refused with a clear reason before anything is queued", async () => {
  const trail = await prisma.trail.create({ data: { arn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/no-bucket", name: "no-bucket", accountId: sandbox.manifest.accounts[0]!.id, homeRegion: "us-east-1" } });
  await expect(requestValidation(prisma, sender, { trailId: trail.id, windowStart: new Date(0), windowEnd: new Date(), trigger: "test" })).rejects.toThrow("has no S3 bucket");
  expect(await prisma.validationRun.count({ where: { trailId: trail.id } })).toBe(0);
});

test("trailproof validate --resume carries on a run whose process died, and refuses a finished or unknown one", async () => {
  const { validateCommand } = await import("@/lib/cli/validate-command");
  const manifestTrail = sandbox.manifest.trails.find((t) => t.key === "security-trail")!;
  const trail = await prisma.trail.findUniqueOrThrow({ where: { arn: manifestTrail.arn } });
  const chain = (sandbox.manifest.integrity as IntegritySection).chains.find((c) => c.trailKey === "security-trail")!;
  // What a killed `trailproof validate` leaves: a run marked running, with nothing (or part) stored.
  const dead = await prisma.validationRun.create({
    data: { trailId: trail.id, accountId: trail.bucketAccountId ?? trail.accountId, regions: [], windowStart: new Date(chain.start), windowEnd: new Date(chain.end), trigger: "cli", status: "running", startedAt: new Date() },
  });
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = inject("databaseUrl");
  const lines: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (line: string) => void lines.push(line);
  console.error = (line: string) => void lines.push(line);
  try {
    // The security trail is untampered, but its key policy leaves the audit role out: its log files are unreadable.
    expect(await validateCommand(["--resume", dead.id])).toBe(1);
    expect(await validateCommand(["--resume", dead.id])).toBe(2);
    expect(await validateCommand(["--resume", "00000000-0000-0000-0000-000000000000"])).toBe(2);
  } finally {
    console.log = log;
    console.error = error;
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
  const run = await prisma.validationRun.findUniqueOrThrow({ where: { id: dead.id } });
  expect(run.status).toBe("succeeded");
  expect(run.digestsDone).toBeGreaterThan(0);
  expect(lines.join("\n")).toContain(`Validation ${dead.id}: succeeded`);
  expect(lines.join("\n")).toContain("already finished");
  expect(lines.join("\n")).toContain("no validation run");
}, 180_000);
