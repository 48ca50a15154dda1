import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { startWorker } from "@/lib/jobs/worker";
import { resetDatabase, testPrisma } from "@/lib/testing/database";

// The real worker records an exception's expiry from its schedule tick (lib/jobs/schedule-tick.ts): an exception that
// expired while no worker ran gets its audit record and alert when one starts, once, and not again from the next
// worker. The schedules are paused: recording expiries is not a scheduled run, and goes on regardless.

const prisma = testPrisma();
const EXPIRED_AT = new Date(Date.now() - 60_000);

beforeAll(async () => {
  await resetDatabase();
  await prisma.schedule.create({ data: { id: "organization", paused: true } });
  await prisma.exception.create({
    data: {
      id: "00000000-0000-4000-8000-0000000000e2",
      scope: "account",
      checkId: "kms_cmk",
      accountId: "111111111111",
      justification: "Legacy key, replaced next quarter",
      owner: "Security",
      createdAt: new Date(Date.now() - 7 * 86_400_000),
      approvedAt: new Date(Date.now() - 7 * 86_400_000),
      expiresAt: EXPIRED_AT,
      proposedBy: "otto",
      proposedByName: "Otto Operator",
      approvedBy: "ada",
      approvedByName: "Ada Admin",
    },
  });
});
afterAll(() => prisma.$disconnect());

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const recorded = () => Promise.all([prisma.auditEvent.findMany({ where: { action: "exception.expire" } }), prisma.alert.findMany({ where: { kind: "exception-expired" } })]);

test("a starting worker's tick records the expiry once: one audit record, one alert; the next worker adds none", async () => {
  const first = await startWorker({ databaseUrl: inject("databaseUrl"), database: prisma, schedules: true, log: () => undefined });
  const [events, alerts] = await until(recorded, ([e]) => e.length > 0, 20_000);
  await first.stop();
  expect(events.map((e) => [e.actor, e.target, e.outcome])).toEqual([["system:exceptions", "00000000-0000-4000-8000-0000000000e2", "succeeded"]]);
  expect(alerts.map((a) => [a.kind, a.state, a.severity, a.firstSeen.getTime(), a.accountId, a.checkId])).toEqual([["exception-expired", "open", "high", EXPIRED_AT.getTime(), "111111111111", "kms_cmk"]]);

  const second = await startWorker({ databaseUrl: inject("databaseUrl"), database: prisma, schedules: true, log: () => undefined });
  // startWorker returns after its first tick (carryOutSchedules awaits it): that tick found the expiry recorded.
  await second.stop();
  const [eventsAfter, alertsAfter] = await recorded();
  expect([eventsAfter.length, alertsAfter.length]).toEqual([1, 1]);
}, 60_000);
