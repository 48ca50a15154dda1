import { afterAll, beforeEach, expect, test } from "vitest";
import type { AuditContext } from "@/lib/db/audit-repository";
import { acknowledge, AlertNotOpenError } from "@/lib/services/alerts/acknowledge";
import { resetDatabase, testPrisma } from "@/lib/testing/database";

// Acknowledging writes the alert's change and its audit record together, or neither.

const prisma = testPrisma();
const ID = "00000000-0000-4000-8000-0000000000a2";
const operator: AuditContext = { actor: { id: "otto", name: "Otto Operator", roles: ["operator"], mode: "oidc" }, source: { ip: "127.0.0.1", userAgent: "test" } };

beforeEach(async () => {
  await resetDatabase();
  await prisma.alert.create({
    data: { id: ID, key: "chain-broken|x", kind: "chain-broken", severity: "critical", title: "Digest chain broken", reason: "r", accountId: "111111111111", trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main", runKind: "validation", runId: ID, firstSeen: new Date(), lastSeen: new Date() },
  });
});
afterAll(() => prisma.$disconnect());

test("an open alert becomes acknowledged, with the comment, and one audit record names it", async () => {
  await acknowledge(prisma, operator, ID, "known: key rotation test");
  expect(await prisma.alert.findUniqueOrThrow({ where: { id: ID } })).toMatchObject({ state: "acknowledged", acknowledgedBy: "Otto Operator", ackComment: "known: key rotation test" });
  const events = await prisma.auditEvent.findMany();
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ actor: "otto", action: "alert.acknowledge", target: ID, outcome: "succeeded", detail: { comment: "known: key rotation test", kind: "chain-broken", accountId: "111111111111" } });
});

test("an alert that is not open is refused, and nothing is recorded", async () => {
  await prisma.alert.update({ where: { id: ID }, data: { state: "resolved", resolvedAt: new Date() } });
  await expect(acknowledge(prisma, operator, ID, "too late")).rejects.toBeInstanceOf(AlertNotOpenError);
  expect(await prisma.auditEvent.count()).toBe(0);
  expect((await prisma.alert.findUniqueOrThrow({ where: { id: ID } })).state).toBe("resolved");
});
