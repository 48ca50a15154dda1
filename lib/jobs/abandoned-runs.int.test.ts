import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { MAX_RESUMES, retryJobsOfDeadWorker } from "@/lib/jobs/abandoned-runs";
import { JOB_OPTIONS, startBoss, VALIDATE_QUEUE } from "@/lib/jobs/queues";
import { resetDatabase, testPrisma } from "@/lib/testing/database";

// A job that kills its worker (memory exhausted, a native crash) is resumed at the next start without using a retry;
// counted on its run, it is resumed MAX_RESUMES times and then given up, with the reason on the run. Real pg-boss on
// the test PostgreSQL; a worker that takes the job and dies is a fetch() never completed.

const prisma = testPrisma();
let boss: Awaited<ReturnType<typeof startBoss>>;

beforeAll(async () => {
  await resetDatabase();
  boss = await startBoss(inject("databaseUrl"), { role: "sender" });
  // resetDatabase leaves pg-boss's tables alone: jobs of earlier test files (they run one after the other) would be
  // fetched first, and an export or notification job they left active would be resumed too and counted below.
  await prisma.$executeRaw`DELETE FROM pgboss.job`;
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true, timeout: 2000 });
  await prisma.$disconnect();
});

test("a job whose worker dies every time is resumed 3 times, then its run is failed with the reason", async () => {
  expect(MAX_RESUMES).toBe(3);
  await prisma.account.create({ data: { id: "111111111111", name: "a" } });
  const trail = await prisma.trail.create({
    data: { arn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/t", name: "t", accountId: "111111111111", homeRegion: "us-east-1" },
  });
  const run = await prisma.validationRun.create({
    data: { trailId: trail.id, accountId: "111111111111", regions: [], windowStart: new Date(0), windowEnd: new Date(), trigger: "ui:local-admin", status: "running" },
  });
  await boss.send(VALIDATE_QUEUE, { runId: run.id }, { ...JOB_OPTIONS[VALIDATE_QUEUE], id: run.id });
  const read = () => prisma.validationRun.findUniqueOrThrow({ where: { id: run.id } });

  for (const start of [1, 2, 3]) {
    const [taken] = await boss.fetch(VALIDATE_QUEUE); // a worker takes the job and dies with it
    expect(taken?.id).toBe(run.id);
    expect(await retryJobsOfDeadWorker(boss, prisma)).toEqual({ resumed: 1, givenUp: 0 });
    expect(await read()).toMatchObject({ status: "running", resumeCount: start, error: null });
  }

  const [fourth] = await boss.fetch(VALIDATE_QUEUE);
  expect(fourth?.id).toBe(run.id);
  expect(await retryJobsOfDeadWorker(boss, prisma)).toEqual({ resumed: 0, givenUp: 1 });
  expect(await read()).toMatchObject({
    status: "failed",
    resumeCount: 4,
    phase: null,
    error: "abandoned: the worker stopped while running it 4 times (it may be what stops the worker); not resumed again",
  });
  expect((await boss.getJobById(VALIDATE_QUEUE, run.id))?.state).toBe("cancelled");
  expect(await boss.fetch(VALIDATE_QUEUE)).toEqual([]); // nothing for the next worker to take
});
