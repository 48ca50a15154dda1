import { spawn } from "node:child_process";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { startBoss } from "@/lib/jobs/queues";
import { requestValidation } from "@/lib/jobs/requests";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { saveOverride, updateSchedule } from "@/lib/db/schedule-repository";
import { CLAIM_LEASE_MS } from "@/lib/services/schedule/abandoned-claims";
import { runDueSchedules, SCHEDULE_AUDIT, SCHEDULE_TRIGGER } from "@/lib/services/schedule/run-due";
import { testPrisma } from "@/lib/testing/database";
import { startScannedSandbox, type ScannedSandbox } from "@/lib/testing/scanned-sandbox";
import { until } from "@/lib/testing/until";

// Issue 15: a worker dies while carrying out a schedule slot, and the slot's run still happens exactly once. First a
// real worker process, carrying out the schedules as `npm start` does, is killed with SIGKILL in the middle of the
// slot's run; the restarted worker finishes that run and requests no other. Then the moment between claiming a slot
// and recording its run, which a kill could hit too: the claim is a lease (abandoned-claims.ts).

const prisma = testPrisma();
let sandbox: ScannedSandbox;
let sender: Awaited<ReturnType<typeof startBoss>>;
let worker: RunningWorker | undefined;
let trails: { id: string; arn: string; key: string }[];
const MINUTE = 60_000;

const trail = (key: string) => trails.find((t) => t.key === key)!;
const slotsOf = (trailId: string) => prisma.scheduleSlot.findMany({ where: { kind: "validate", target: trailId }, orderBy: { slot: "asc" } });
const scheduledRuns = (trailId: string) => prisma.validationRun.findMany({ where: { trailId, trigger: SCHEDULE_TRIGGER }, orderBy: { createdAt: "asc" } });
const scheduleAudits = (arn: string) => prisma.auditEvent.findMany({ where: { actor: SCHEDULE_AUDIT.actor.id, action: "validation.request", target: arn }, orderBy: { at: "asc" } });

/** Every minute, only for the trails named; every other trail paused. */
async function scheduleOnly(keys: string[], everyMinutes = 1): Promise<Date> {
  await prisma.$transaction(async (tx) => {
    await updateSchedule(tx, { validateEveryMinutes: everyMinutes, windowHours: 25 });
    for (const t of trails) await saveOverride(tx, { trailId: t.id }, { paused: !keys.includes(t.key) });
  });
  return (await prisma.schedule.findUniqueOrThrow({ where: { id: "organization" } })).updatedAt;
}

beforeAll(async () => {
  sandbox = await startScannedSandbox(prisma);
  await prisma.account.updateMany({ data: { regions: sandbox.manifest.regions } });
  const scanned = await prisma.trail.findMany({ where: { logFileValidation: true, s3BucketName: { not: null } }, select: { id: true, arn: true } });
  trails = scanned.map((t) => ({ ...t, key: sandbox.manifest.trails.find((m) => m.arn === t.arn)!.key }));
  expect(trails.map((t) => t.key)).toEqual(expect.arrayContaining(["org-trail", "payments-trail", "data-trail", "sandbox-trail"]));
  sender = await startBoss(inject("databaseUrl"), { role: "sender" });
}, 240_000);

afterAll(async () => {
  await worker?.stop();
  await sender?.stop({ graceful: false, wait: true, timeout: 2000 });
  await sandbox?.stop();
  await prisma.$disconnect();
});

test("a worker killed by SIGKILL in the middle of a slot's run: after the restart that run completes, once, and the slot gets no other", async () => {
  const org = trail("org-trail");
  await scheduleOnly(["org-trail"]);
  const child = spawn(process.execPath, ["--import", "tsx", "lib/testing/worker-process.ts"], {
    env: { ...process.env, DATABASE_URL: inject("databaseUrl"), WORKER_SCHEDULES: "1" },
    stdio: "ignore",
  });
  let killed = false;
  const kill = async () => {
    if (killed) return;
    killed = true;
    child.kill("SIGKILL");
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once("exit", resolve));
  };
  try {
    // The child's cron tick claims the first whole minute after the change and requests its run.
    const [claimed] = await until(() => slotsOf(org.id), (slots) => slots.some((s) => s.runId !== null), 3 * MINUTE, 500);
    // No further slot while the test runs (the next daily slot is at midnight): only this slot's run is in question.
    await scheduleOnly(["org-trail"], 24 * 60);
    const runId = claimed!.runId!;
    const midway = await until(() => prisma.validationRun.findUniqueOrThrow({ where: { id: runId } }), (r) => r.logsDone >= 40 || r.status !== "running" && r.status !== "queued", 3 * MINUTE, 250);
    await kill();
    expect(midway.status, "the kill came in the middle of the run").toBe("running");
    expect((await sender.getJobById("validate-trail", runId))?.state).toBe("active");
    const storedBeforeKill = await prisma.fileVerdict.count({ where: { runId } });
    expect(storedBeforeKill).toBeGreaterThan(0);

    // As `npm start` does after a crash: the sole worker takes the dead worker's job again, and carries out the schedules.
    worker = await startWorker({ databaseUrl: inject("databaseUrl"), database: prisma, exclusive: true, log: () => undefined });
    const run = await until(() => prisma.validationRun.findUniqueOrThrow({ where: { id: runId } }), (r) => r.status !== "queued" && r.status !== "running", 4 * MINUTE, 1_000);
    expect(run.status).toMatch(/^(succeeded|partial)$/);
    expect(run.resumeCount).toBe(1);

    // Exactly once: one slot, one run, one request in the audit trail, every file judged once in that run.
    expect((await slotsOf(org.id)).map((s) => [s.slot.toISOString(), s.runId])).toEqual([[claimed!.slot.toISOString(), runId]]);
    expect((await scheduledRuns(org.id)).map((r) => r.id)).toEqual([runId]);
    expect((await scheduleAudits(org.arn)).map((a) => [a.outcome, (a.detail as { runId?: string }).runId])).toEqual([["succeeded", runId]]);
    const twice = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT 1 FROM file_verdicts WHERE run_id = ${runId}::uuid GROUP BY s3_bucket, s3_key HAVING count(*) > 1) d`;
    expect(twice[0]!.n).toBe(0);
    const verdicts = await prisma.fileVerdict.groupBy({ by: ["kind"], where: { runId }, _count: true });
    const count = (kind: string) => verdicts.find((v) => v.kind === kind)?._count ?? 0;
    expect([run.digestsDone, run.logsDone]).toEqual([count("digest"), count("log")]);
    expect(count("digest") + count("log")).toBeGreaterThan(storedBeforeKill);
    // The alerts the run raised (the worker raises them once the run is stored), one per problem however many times
    // the run was taken up.
    const alerts = await until(() => prisma.alert.findMany({ where: { runId }, select: { key: true } }), (found) => found.length > 0, MINUTE, 500);
    expect(alerts.length).toBeGreaterThan(0);
    expect(new Set(alerts.map((a) => a.key)).size).toBe(alerts.length);
  } finally {
    await kill();
    await worker?.stop();
    worker = undefined;
  }
}, 12 * MINUTE);

test("a claim whose worker died before recording its run: given the run it had requested, or dropped and run once if none; a live claim is left alone", async () => {
  const [requested, never, live] = [trail("payments-trail"), trail("data-trail"), trail("sandbox-trail")];
  await scheduleOnly(["payments-trail", "data-trail", "sandbox-trail"]);
  // The tick's clock: the next whole minute (after the schedule change, so its slot is due), plus a second.
  const now = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + 1_000);
  const slot = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
  const abandonedAt = new Date(now.getTime() - CLAIM_LEASE_MS - MINUTE);
  // What a worker killed after claiming leaves: the claim, and for one trail the run it had already requested.
  await prisma.scheduleSlot.createMany({
    data: [
      { kind: "validate", target: requested.id, slot, claimedAt: abandonedAt },
      { kind: "validate", target: never.id, slot, claimedAt: abandonedAt },
      { kind: "validate", target: live.id, slot, claimedAt: now },
    ],
  });
  const window = { windowStart: new Date(now.getTime() - 25 * 3_600_000), windowEnd: now };
  const made = await requestValidation(prisma, sender, { trailId: requested.id, ...window, trigger: SCHEDULE_TRIGGER, audit: SCHEDULE_AUDIT });

  const lines: string[] = [];
  const started = await runDueSchedules(prisma, sender, { now, log: (line) => lines.push(line) });
  // Its run was requested: the claim records it, nothing is requested again.
  expect((await slotsOf(requested.id)).map((s) => s.runId)).toEqual([made.runId]);
  expect((await scheduledRuns(requested.id)).map((r) => r.id)).toEqual([made.runId]);
  expect(await scheduleAudits(requested.arn)).toHaveLength(1);
  // Never requested: dropped, then claimed afresh and run once, in the same tick.
  const rerun = started.filter((s) => s.target === never.id);
  expect(rerun).toHaveLength(1);
  expect(rerun[0]!.slot.toISOString()).toBe(slot.toISOString());
  expect((await slotsOf(never.id)).map((s) => s.runId)).toEqual([rerun[0]!.runId]);
  expect((await scheduledRuns(never.id)).map((r) => r.id)).toEqual([rerun[0]!.runId]);
  // A claim younger than the lease belongs to a worker still requesting: untouched, nothing run for it.
  expect((await slotsOf(live.id)).map((s) => s.runId)).toEqual([null]);
  expect(await scheduledRuns(live.id)).toEqual([]);
  expect(started.map((s) => s.target)).toEqual([never.id]);
  expect(lines.filter((l) => l.includes("claimed by a worker that stopped"))).toHaveLength(2);

  // The next tick changes nothing: every slot has its one run.
  expect(await runDueSchedules(prisma, sender, { now, log: () => undefined })).toEqual([]);
  expect((await scheduledRuns(never.id)).length + (await scheduledRuns(requested.id)).length).toBe(2);
}, 4 * MINUTE);
