import { afterAll, beforeEach, expect, test } from "vitest";
import { AccessError, ANONYMOUS_REFUSALS, auditFailure, authorize, REFUSALS_PER_KEY } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/roles";
import { SIGNED_OUT } from "@/lib/auth/session";
import { MAX_DETAIL_LENGTH, recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import { auditEventsOf } from "@/lib/db/evidence-repository";
import { resetDatabase, testPrisma } from "@/lib/testing/database";

// The attacks: anyone (no session, or the lowest role) sends requests that are refused, or fail, as fast as they
// can, with the largest target they can craft, to bury the audit trail, fill the disk, or plant a record in another
// account's evidence report.

const prisma = testPrisma();
beforeEach(() => resetDatabase());
afterAll(() => prisma.$disconnect());

const from = (ip: string, actor: Actor = SIGNED_OUT): AuditContext => ({ actor, source: { ip, userAgent: "flood" } });
const viewer: Actor = { id: "u-viewer", name: "Vera Viewer", roles: ["viewer"], mode: "oidc" };
const EXPORT_ID = "00000000-0000-4000-8000-0000000000d1";

async function refusedCode(context: AuditContext): Promise<string> {
  try {
    await authorize(prisma, context, "export", "evidence.download", EXPORT_ID);
    return "allowed";
  } catch (error) {
    if (error instanceof AccessError) return error.code;
    throw error;
  }
}

test("an anonymous client address gets 30 refusals recorded per 10 minutes; the 31st is answered rate-limited, not recorded", async () => {
  expect(REFUSALS_PER_KEY).toEqual({ max: 30, perMinutes: 10 });
  for (let i = 0; i < 30; i++) expect(await refusedCode(from("203.0.113.7"))).toBe("unauthenticated");
  expect(await refusedCode(from("203.0.113.7"))).toBe("rate-limited");
  expect(await prisma.auditEvent.count({ where: { sourceIp: "203.0.113.7" } })).toBe(30);
  // Another address is not silenced by the first one's flood.
  expect(await refusedCode(from("198.51.100.9"))).toBe("unauthenticated");
  expect(await prisma.auditEvent.count({ where: { sourceIp: "198.51.100.9" } })).toBe(1);
});

test("a burst of parallel refusals from one address cannot slip past the limit", async () => {
  const codes = await Promise.all(Array.from({ length: 45 }, () => refusedCode(from("203.0.113.8"))));
  expect(codes.filter((c) => c === "unauthenticated")).toHaveLength(30);
  expect(codes.filter((c) => c === "rate-limited")).toHaveLength(15);
  expect(await prisma.auditEvent.count()).toBe(30);
});

test("anonymous refusals from many addresses together stop at 300 per 10 minutes", async () => {
  expect(ANONYMOUS_REFUSALS).toEqual({ max: 300, perMinutes: 10 });
  // 299 already there from 299 addresses (written directly: the limit reads the table, whoever wrote it).
  await prisma.auditEvent.createMany({
    data: Array.from({ length: 299 }, (_, i) => ({ actor: SIGNED_OUT.id, actorName: SIGNED_OUT.name, action: "auth.sign-in", outcome: "failed", sourceIp: `10.0.${Math.floor(i / 250)}.${i % 250}` })),
  });
  expect(await refusedCode(from("192.0.2.1"))).toBe("unauthenticated");
  expect(await refusedCode(from("192.0.2.2"))).toBe("rate-limited");
  expect(await prisma.auditEvent.count()).toBe(300);
  // A signed-in person is counted on their own.
  expect(await refusedCode(from("192.0.2.2", viewer))).toBe("forbidden");
});

test("a signed-in person's refusals and failures share one limit, whatever the action", async () => {
  for (let i = 0; i < 20; i++) expect(await refusedCode(from(`192.0.2.${i}`, viewer))).toBe("forbidden");
  for (let i = 0; i < 10; i++) await auditFailure(prisma, from("192.0.2.1", viewer), "scan.request", "organization", new Error("boom"));
  expect(await refusedCode(from("192.0.2.99", viewer))).toBe("rate-limited");
  await auditFailure(prisma, from("192.0.2.1", viewer), "scan.request", "organization", new Error("not recorded"));
  expect(await prisma.auditEvent.count({ where: { actor: viewer.id } })).toBe(30);
  // The window slides: 10 minutes later the same person is recorded again.
  const later = new Date(Date.now() + 10 * 60_000 + 1000);
  const { recordRefusal } = await import("@/lib/auth/guard");
  expect(await recordRefusal(prisma, from("192.0.2.1", viewer), { action: "scan.request", target: "organization", outcome: "refused" }, later)).toBe(true);
});

test("a crafted target cannot put a record into another account's evidence report", async () => {
  const window = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) };
  // What account 111111111111's report selects (load-report.ts auditTargets): the account, "organization", its trails.
  const accountReport = ["organization", "111111111111"];
  // A download URL and a settings form field are typed by the caller: both name the account and the organization.
  await authorize(prisma, from("203.0.113.50", viewer), "export", "evidence.download", "111111111111,organization").catch(() => undefined);
  await authorize(prisma, from("203.0.113.50", viewer), "manage", "settings.account", "x,111111111111").catch(() => undefined);
  await authorize(prisma, from("203.0.113.50", viewer), "export", "evidence.download", "account:111111111111,organization").catch(() => undefined);
  // A record that does concern the account: an administrator's change of its settings.
  await recordAudit(prisma, from("127.0.0.1", { ...viewer, id: "u-admin", roles: ["admin"] }), { action: "settings.account", target: "111111111111", outcome: "succeeded" });

  const shown = await auditEventsOf(prisma, window, accountReport, 100);
  expect(shown.map((e) => [e.actor, e.action, e.target])).toEqual([["u-admin", "settings.account", "111111111111"]]);
  // The crafted ones are kept, whole enough to read, with no target: the organization report (every event) shows them.
  const crafted = await prisma.auditEvent.findMany({ where: { actor: viewer.id }, orderBy: { id: "asc" } });
  expect(crafted.map((e) => [e.target, (e.detail as { unrecognisedTarget?: string }).unrecognisedTarget])).toEqual([
    [null, "111111111111,organization"],
    [null, "x,111111111111"],
    [null, "account:111111111111,organization"],
  ]);
  expect(await auditEventsOf(prisma, window, null, 100)).toHaveLength(4);
});

test("a megabyte target or detail is stored as a bounded excerpt", async () => {
  const huge = "a".repeat(1_000_000);
  await authorize(prisma, from("203.0.113.60"), "validate", "validation.request", huge).catch(() => undefined);
  await auditFailure(prisma, from("203.0.113.60"), "scan.request", "organization", new Error(huge));
  await recordAudit(prisma, from("203.0.113.60"), { action: "scan.request", target: "organization", outcome: "failed", detail: { error: huge } });
  const rows = await prisma.auditEvent.findMany({ orderBy: { id: "asc" } });
  expect(rows.map((r) => r.target)).toEqual([null, "organization", "organization"]);
  for (const row of rows) expect(JSON.stringify(row.detail).length).toBeLessThanOrEqual(MAX_DETAIL_LENGTH);
  expect(rows[0]!.detail).toMatchObject({ reason: "no valid session", unrecognisedTarget: `${"a".repeat(200)}… (1000000 characters)` });
  expect(rows[2]!.detail).toMatchObject({ truncated: true, length: 1_000_012 });
});
