import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { resetDatabase, testPrisma } from "@/lib/testing/database";
import { SEED, seedEvidence } from "@/lib/services/evidence/seed-evidence";
import { runTrailproof } from "@/lib/testing/run-cli";

// `npx trailproof report` as an operator runs it: a separate process, the export stored in DATABASE_URL under the OS
// user's name, files written whole or not at all.

const prisma = testPrisma();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trailproof-report-"));

beforeAll(async () => {
  await resetDatabase();
  await seedEvidence(prisma, 5);
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await prisma.$disconnect();
});

const trailproof = runTrailproof;

const window = ["--from", SEED.window.from.toISOString(), "--to", SEED.window.to.toISOString()];

test("report --scope trail:ARN writes the PDF and the bundle beside it, and records the OS user", async () => {
  const out = path.join(dir, "payments.pdf");
  const { code, stdout, stderr } = await trailproof(["report", "--scope", `trail:${SEED.paymentsTrail}`, ...window, "--out", out]);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe("%PDF-");
  expect(fs.existsSync(path.join(dir, "payments.zip"))).toBe(true);
  expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  const id = /Evidence export ([0-9a-f-]{36})/.exec(stdout)?.[1];
  const row = await prisma.evidenceExport.findUniqueOrThrow({ where: { id } });
  expect(row).toMatchObject({ requestedBy: os.userInfo().username, scopeKind: "trail", scopeId: SEED.paymentsTrail });
  expect(stdout).toContain(row.pdfSha256);
  const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "evidence.export" } });
  expect(event).toMatchObject({ actor: `cli:${os.userInfo().username}`, target: SEED.paymentsTrail, outcome: "succeeded", detail: { exportId: id, pdfSha256: row.pdfSha256 } });
});

test.each([
  [["--scope", "account:999999999999"], 1, /Account 999999999999 is unknown/],
  [["--scope", "account:12"], 2, /12 digits/],
  [["--scope", "everything"], 2, /--scope must be org, account:ACCOUNT_ID or trail:TRAIL_ARN/],
])("report %j exits %i with a clear message and writes nothing", async (args, exit, message) => {
  const out = path.join(dir, "refused.pdf");
  const { code, stderr } = await trailproof(["report", ...args, ...window, "--out", out]);
  expect(code).toBe(exit);
  expect(stderr).toMatch(message);
  expect(fs.existsSync(out)).toBe(false);
});
