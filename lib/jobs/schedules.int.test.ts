import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { createPrismaClient, type Database } from "@/lib/db/client";
import { saveOverride, updateSchedule } from "@/lib/db/schedule-repository";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { resetDatabase, testPrisma } from "@/lib/testing/database";
import { startScannedSandbox, type ScannedSandbox } from "@/lib/testing/scanned-sandbox";
import { until } from "@/lib/testing/until";

// The schedules carried out by pg-boss's own cron on a real PostgreSQL, with real workers validating the demo
// organization in the emulator. pg-boss's cron checks twice a minute and a 1-minute interval fires once a minute,
// so these tests wait in real time (about five minutes in all): they are kept in this one file, in sequence.

const prisma = testPrisma();
let sandbox: ScannedSandbox;
const workers: { worker: RunningWorker; database: Database }[] = [];
let pausedTrailId: string;
let watchedTrails: { id: string; arn: string }[];
const MINUTE = 60_000;

async function startOne(): Promise<RunningWorker> {
  const database = createPrismaClient(inject("databaseUrl"));
  const worker = await startWorker({ databaseUrl: inject("databaseUrl"), database, log: () => undefined });
  workers.push({ worker, database });
  return worker;
}

async function stopAll(): Promise<void> {
  for (const { worker, database } of workers.splice(0)) {
    await worker.stop();
    await database.$disconnect();
  }
}

const slotsOf = (trailId: string) => prisma.scheduleSlot.findMany({ where: { kind: "validate", target: trailId }, orderBy: { slot: "asc" } });
const activeRuns = () => prisma.validationRun.count({ where: { status: { in: ["queued", "running"] } } });

beforeAll(async () => {
  sandbox = await startScannedSandbox(prisma);
  await prisma.account.updateMany({ data: { regions: sandbox.manifest.regions } });
  // The trails a schedule validates: log file validation on, a bucket to read (the demo's dev-trail has validation off).
  const trails = await prisma.trail.findMany({ where: { logFileValidation: true, s3BucketName: { not: null } }, select: { id: true, arn: true }, orderBy: { arn: "asc" } });
  expect(trails.length).toBeGreaterThanOrEqual(2);
  pausedTrailId = trails[0]!.id;
  watchedTrails = trails.slice(1);
}, 240_000);

afterAll(async () => {
  await stopAll();
  await sandbox?.stop();
  await resetDatabase();
  await prisma.$disconnect();
});

test("every minute, two workers on one database: one scheduled run per trail per slot, none for a paused trail, each with the system's audit record", async () => {
  await prisma.$transaction(async (tx) => {
    await updateSchedule(tx, { validateEveryMinutes: 1, windowHours: 25 });
    await saveOverride(tx, { trailId: pausedTrailId }, { paused: true });
  });
  const since = (await prisma.schedule.findUniqueOrThrow({ where: { id: "organization" } })).updatedAt;
  await Promise.all([startOne(), startOne()]);

  // Two slots for every watched trail: the first within about two minutes of the change, the second a minute later.
  const done = await until(
    async () => Promise.all(watchedTrails.map((t) => slotsOf(t.id))),
    (slots) => slots.every((s) => s.filter((row) => row.runId).length >= 2),
    4 * MINUTE,
    2_000,
  );
  for (const slots of done) expect(slots.filter((row) => row.runId).length).toBeGreaterThanOrEqual(2);
  await until(activeRuns, (n) => n === 0, 3 * MINUTE, 1_000);

  for (const trail of watchedTrails) {
    const slots = (await slotsOf(trail.id)).filter((row) => row.runId);
    // Slots are whole minutes after the change, each claimed once (the slot is the table's key: count the runs too).
    for (const row of slots) {
      expect(row.slot.getTime() % MINUTE).toBe(0);
      expect(row.slot.getTime()).toBeGreaterThan(since.getTime());
    }
    const runs = await prisma.validationRun.findMany({ where: { trailId: trail.id, trigger: "schedule" }, orderBy: { createdAt: "asc" } });
    expect(runs.map((r) => r.id).sort()).toEqual([...new Set(slots.map((row) => row.runId!))].sort());
    // Never two runs requested in one slot, whichever worker took the tick.
    const minutes = runs.map((r) => Math.floor(r.createdAt.getTime() / MINUTE));
    expect(new Set(minutes).size).toBe(minutes.length);
    for (const run of runs) {
      expect(run.status).toMatch(/^(succeeded|partial)$/);
      expect(run.full).toBe(false);
      expect(run.windowEnd.getTime() - run.windowStart.getTime()).toBe(25 * 3_600_000);
    }
    // One audit record per slot, by the system, naming the trail: a new run or, if one was still going, joined.
    const audits = await prisma.auditEvent.findMany({ where: { actor: "system:schedule", action: "validation.request", target: trail.arn } });
    expect(audits.length).toBe(slots.length);
    expect(audits.filter((a) => a.outcome === "succeeded").length).toBe(runs.length);
    expect(audits.every((a) => a.actorName === "TrailProof schedule")).toBe(true);
  }

  expect(await prisma.validationRun.count({ where: { trailId: pausedTrailId, trigger: "schedule" } })).toBe(0);
  expect(await prisma.scheduleSlot.count({ where: { target: pausedTrailId } })).toBe(0);
  // A trail without log file validation has no digests to validate: no scheduled run (its chains would read as deleted).
  const unvalidated = await prisma.trail.findMany({ where: { logFileValidation: false, s3BucketName: { not: null } }, select: { id: true } });
  expect(unvalidated.length).toBeGreaterThan(0);
  for (const trail of unvalidated) expect(await prisma.validationRun.count({ where: { trailId: trail.id, trigger: "schedule" } })).toBe(0);
}, 8 * MINUTE);

test("slots missed while every worker was down: the newest runs once when a worker starts, not once per missed slot", async () => {
  await stopAll();
  const trail = watchedTrails[0]!;
  const lastBefore = (await slotsOf(trail.id)).at(-1)!.slot;
  // Let two slots pass with nobody running.
  const downUntil = lastBefore.getTime() + 3 * MINUTE;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, downUntil - Date.now()) + 1_000));

  const startedAt = new Date();
  await startOne();
  const newestAtStart = Math.floor(startedAt.getTime() / MINUTE) * MINUTE;
  // At start, not at the next tick: the catch-up is requested while the worker starts.
  const after = (await slotsOf(trail.id)).filter((row) => row.slot > lastBefore);
  expect(after.map((row) => row.slot.getTime())).toEqual([newestAtStart]);
  expect(after[0]!.runId).toBeTruthy();
  for (const other of watchedTrails) {
    const missed = (await slotsOf(other.id)).filter((row) => row.slot > lastBefore && row.slot.getTime() < newestAtStart);
    expect(missed).toEqual([]);
  }
  const run = await until(() => prisma.validationRun.findUniqueOrThrow({ where: { id: after[0]!.runId! } }), (r) => r.status !== "queued" && r.status !== "running", 3 * MINUTE, 1_000);
  expect(run.trigger).toBe("schedule");
  expect(run.status).toMatch(/^(succeeded|partial)$/);
  await stopAll();
}, 8 * MINUTE);
