import { afterAll, beforeEach, expect, test } from "vitest";
import { AccessError, auditFailure, authorize, limitRate } from "@/lib/auth/guard";
import { LOCAL_ADMIN, type Actor } from "@/lib/auth/roles";
import { SIGNED_OUT } from "@/lib/auth/session";
import { recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import { recordExport, type ExportRecord } from "@/lib/db/evidence-repository";
import { createPrismaClient } from "@/lib/db/client";
import { ownerDatabaseUrl, resetDatabase, testPrisma } from "@/lib/testing/database";

const prisma = testPrisma();
beforeEach(() => resetDatabase());
afterAll(() => prisma.$disconnect());

const source = { ip: "127.0.0.1", userAgent: "test" };
const as = (actor: Actor): AuditContext => ({ actor, source });
const viewer: Actor = { id: "u-viewer", name: "Vera Viewer", roles: ["viewer"], mode: "oidc" };
const operator: Actor = { id: "u-op", name: "Otto Operator", roles: ["operator"], mode: "oidc" };

test("a refused action is refused on the server and recorded as refused", async () => {
  const trailId = "00000000-0000-4000-8000-00000000a001";
  await expect(authorize(prisma, as(viewer), "validate", "validation.request", trailId)).rejects.toThrow(new AccessError("Your role (viewer) may not start validations.", "forbidden"));
  await authorize(prisma, as(operator), "validate", "validation.request", trailId);
  const events = await prisma.auditEvent.findMany();
  expect(events.map((e) => [e.actor, e.action, e.target, e.outcome, e.sourceIp])).toEqual([["u-viewer", "validation.request", trailId, "refused", "127.0.0.1"]]);
});

test("without a valid session every permission is refused as unauthenticated, and recorded", async () => {
  await expect(authorize(prisma, as(SIGNED_OUT), "view", "evidence.download", "x")).rejects.toThrow(new AccessError("Your session has ended: sign in again.", "unauthenticated"));
  expect(await prisma.auditEvent.findFirst()).toMatchObject({ actor: "signed-out", outcome: "refused", detail: { reason: "no valid session" } });
});

test("expensive work is rate-limited per actor from the audit trail itself", async () => {
  const limit = { max: 2, perMinutes: 10 };
  for (let i = 0; i < 2; i++) {
    await limitRate(prisma, as(operator), "scan.request", "organization", limit);
    await recordAudit(prisma, as(operator), { action: "scan.request", target: "organization", outcome: "succeeded" });
  }
  await expect(limitRate(prisma, as(operator), "scan.request", "organization", limit)).rejects.toThrow(/Too many requests/);
  // A request for several runs counts them all.
  await expect(limitRate(prisma, as(LOCAL_ADMIN), "scan.request", "organization", limit, 3)).rejects.toThrow(/Too many requests/);
  // Someone else is not limited by it.
  await limitRate(prisma, as(LOCAL_ADMIN), "scan.request", "organization", limit);
  expect(await prisma.auditEvent.count({ where: { outcome: "refused" } })).toBe(2);
});

test("a failed action is recorded as failed, with its error", async () => {
  await auditFailure(prisma, as(operator), "validation.request", "arn:t", new Error("the queue is down"));
  expect(await prisma.auditEvent.findFirst()).toMatchObject({ outcome: "failed", detail: { error: "the queue is down" } });
});

test("a mutation and its audit record are one transaction: when the write fails, no record says it happened", async () => {
  const record: ExportRecord = {
    id: "00000000-0000-4000-8000-000000000001",
    requestedBy: "local-admin",
    scopeKind: "organization",
    windowStart: new Date("2026-11-01"),
    windowEnd: new Date("2026-12-01"),
    productVersion: "test",
    manifestSha256: "a".repeat(64),
    pdfSha256: "b".repeat(64),
    bundleSha256: "c".repeat(64),
    pdfBytes: new Uint8Array([1]),
    bundleBytes: new Uint8Array([2]),
    pdfSize: 1,
    bundleSize: 1,
    pages: 1,
  };
  await recordExport(prisma, record, as(LOCAL_ADMIN));
  await expect(recordExport(prisma, record, as(LOCAL_ADMIN))).rejects.toThrow(); // same id: the insert fails
  const events = await prisma.auditEvent.findMany();
  expect(events.map((e) => [e.action, e.outcome, (e.detail as { exportId?: string }).exportId])).toEqual([["evidence.export", "succeeded", record.id]]);
});

test("the audit trail is append-only: the database refuses updates and deletes, to the app and to its owner", async () => {
  await recordAudit(prisma, as(LOCAL_ADMIN), { action: "scan.request", outcome: "succeeded" });
  // The application's role has no such privilege (lib/db/app-role.ts); the owner meets the trigger.
  await expect(prisma.auditEvent.updateMany({ data: { outcome: "failed" } })).rejects.toThrow(/permission denied/);
  await expect(prisma.auditEvent.deleteMany({})).rejects.toThrow(/permission denied/);
  const owner = createPrismaClient(ownerDatabaseUrl());
  try {
    await expect(owner.auditEvent.updateMany({ data: { outcome: "failed" } })).rejects.toThrow(/append-only/);
    await expect(owner.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
  } finally {
    await owner.$disconnect();
  }
  expect(await prisma.auditEvent.count()).toBe(1);
});
