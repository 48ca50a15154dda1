import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as repo from "@/lib/db/evidence-repository";
import { resetDatabase, testPrisma } from "@/lib/testing/database";
import { EvidenceError } from "@/lib/services/evidence/evidence-error";
import { exportEvidence, type EvidenceExportResult } from "@/lib/services/evidence/export-evidence";
import { PDF_AUDIT_LIMIT } from "@/lib/services/evidence/report-model";
import { SEED, seedEvidence, type SeededEvidence } from "@/lib/services/evidence/seed-evidence";
import { loadSigningKey } from "@/lib/services/evidence/signing-key";
import { pdfPages, pdfText as readPdfText } from "@/lib/testing/pdf-text";

// The whole export against a real PostgreSQL and Chromium: rows seeded directly, the PDF read back with pdf.js,
// the bundle unzipped and verified with sha256sum exactly as VERIFY.txt tells an auditor to.

const prisma = testPrisma();
const OUT = path.resolve("test-results/evidence");
let seeded: SeededEvidence;
let org: EvidenceExportResult;
let unzipped: string;
let audit: SeededAudit;

async function pdfText(pdf: Buffer, name: string): Promise<string> {
  fs.writeFileSync(path.join(OUT, `${name}.pdf`), pdf);
  return readPdfText(pdf);
}

interface SeededAudit {
  /** Markers of the events each report must list, in time order. */
  organization: string[];
  payments: string[];
  archiveTrail: string[];
}

/**
 * Audit events in and out of the window and of each scope, inserted out of time order; each carries a marker in its
 * detail so a report's text shows which ones it lists. `in` says which reports list it: o(rganization), p(ayments
 * account), a(rchive trail).
 */
async function seedAudit(): Promise<SeededAudit> {
  const trails = await prisma.trail.findMany({ select: { id: true, arn: true } });
  const trailId = (arn: string) => trails.find((t) => t.arn === arn)!.id;
  const exportRow = (id: string, scopeKind: string, scopeId: string | null) => ({
    id, requestedBy: "seed", scopeKind, scopeId, windowStart: SEED.window.from, windowEnd: SEED.window.to, productVersion: "0", scanIds: [], validationRunIds: [],
    manifestSha256: "0".repeat(64), pdfSha256: "0".repeat(64), bundleSha256: "0".repeat(64), pdfBytes: new Uint8Array(1), bundleBytes: new Uint8Array(1), pdfSize: 1, bundleSize: 1, pages: 1,
  });
  const exports = { payments: "00000000-0000-4000-8000-00000000000a", archive: "00000000-0000-4000-8000-00000000000b", organization: "00000000-0000-4000-8000-00000000000c" };
  await prisma.evidenceExport.createMany({ data: [exportRow(exports.payments, "account", SEED.payments), exportRow(exports.archive, "account", SEED.archive), exportRow(exports.organization, "organization", null)] });
  const from = SEED.window.from.getTime();
  const minute = (n: number) => new Date(from + n * 60_000);
  const events: { marker: string; at: Date; action: string; target: string | null; outcome: string; in: string }[] = [
    { marker: "EV01", at: minute(10), action: "scan.request", target: "organization", outcome: "succeeded", in: "opa" },
    { marker: "EV02", at: minute(20), action: "validation.request", target: SEED.paymentsTrail, outcome: "succeeded", in: "op" },
    { marker: "EV03", at: minute(30), action: "validation.request", target: SEED.archiveTrail, outcome: "joined", in: "oa" },
    { marker: "EV04", at: minute(40), action: "validation.request", target: `${trailId(SEED.paymentsTrail)},${SEED.archive}`, outcome: "refused", in: "op" },
    { marker: "EV05", at: minute(50), action: "validation.request", target: `${SEED.archive},${trailId(SEED.archiveTrail)}`, outcome: "failed", in: "oa" },
    { marker: "EV06", at: minute(60), action: "evidence.export", target: SEED.payments, outcome: "succeeded", in: "op" },
    { marker: "EV07", at: minute(70), action: "evidence.download", target: exports.payments, outcome: "succeeded", in: "op" },
    { marker: "EV08", at: minute(80), action: "evidence.download", target: exports.archive, outcome: "succeeded", in: "o" },
    { marker: "EV09", at: minute(90), action: "auth.sign-in", target: null, outcome: "succeeded", in: "o" },
    { marker: "EV10", at: minute(100), action: "auth.sign-out", target: null, outcome: "succeeded", in: "o" },
    // The payments account's id inside another account's trail name: not a target of the payments account.
    { marker: "EV11", at: minute(110), action: "validation.request", target: `arn:aws:cloudtrail:us-east-1:${SEED.archive}:trail/copy-${SEED.payments}`, outcome: "refused", in: "o" },
    { marker: "EV12", at: minute(120), action: "evidence.download", target: '<script>alert("x")</script>', outcome: "refused", in: "o" },
    { marker: "EV13", at: minute(130), action: "evidence.export", target: "organization", outcome: "succeeded", in: "opa" },
    { marker: "EV14", at: minute(140), action: "evidence.download", target: exports.organization, outcome: "succeeded", in: "opa" },
    { marker: "EV15", at: SEED.window.to, action: "scan.request", target: "organization", outcome: "joined", in: "opa" },
    { marker: "EV16", at: new Date(from - 1), action: "scan.request", target: "organization", outcome: "succeeded", in: "" },
    { marker: "EV17", at: new Date(SEED.window.to.getTime() + 1_000), action: "validation.request", target: SEED.paymentsTrail, outcome: "succeeded", in: "" },
    { marker: "EV18", at: new Date(from - 86_400_000), action: "auth.sign-in", target: null, outcome: "failed", in: "" },
  ];
  await prisma.auditEvent.createMany({
    data: events.toReversed().map((e) => ({
      at: e.at, actor: "oidc|alice", actorName: "Alice Auditor", roles: ["operator"], action: e.action, target: e.target, outcome: e.outcome, sourceIp: "203.0.113.7", userAgent: "vitest",
      detail: e.marker === "EV12" ? { marker: e.marker, reason: "<img src=x onerror=alert(1)>" } : { marker: e.marker },
    })),
  });
  const listedIn = (scope: string) => events.filter((e) => e.in.includes(scope)).map((e) => e.marker);
  return { organization: listedIn("o"), payments: listedIn("p"), archiveTrail: listedIn("a") };
}

/** The audit event markers a text shows, in the order it shows them. */
const markers = (text: string) => text.replace(/\s+/g, "").match(/EV\d\d/g) ?? [];

async function unzip(bundle: Buffer): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trailproof-bundle-"));
  const zip = await JSZip.loadAsync(bundle);
  for (const entry of Object.values(zip.files).filter((f) => !f.dir)) {
    fs.mkdirSync(path.join(dir, path.dirname(entry.name)), { recursive: true });
    fs.writeFileSync(path.join(dir, entry.name), await entry.async("nodebuffer"));
  }
  return path.join(dir, `trailproof-evidence-${org.id}`);
}

beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  await resetDatabase();
  seeded = await seedEvidence(prisma, 60);
  audit = await seedAudit();
  org = await exportEvidence(prisma, { scope: { kind: "organization" }, window: SEED.window, requestedBy: "auditor-test" });
  unzipped = await unzip(org.bundle);
}, 120_000);

afterAll(async () => {
  if (unzipped) fs.rmSync(path.dirname(unzipped), { recursive: true, force: true });
  await prisma.$disconnect();
});

describe("the PDF", () => {
  test("lists every INVALID and missing file with its reason, hashes, digest and fingerprint, and prints the manifest hash", async () => {
    const text = await pdfText(org.pdf, "organization");
    // A long S3 URI may wrap; without whitespace each one reads whole.
    const compact = text.replace(/\s+/g, "");
    for (const key of [...seeded.invalidLogKeys, seeded.missingLogKey, seeded.invalidDigestKey]) expect(compact).toContain(`s3://${SEED.bucket}/${key}`);
    expect(text).toContain("hash value doesn't match");
    expect(text).toContain("not found");
    expect(text).toContain("invalid signature");
    expect(text).toContain(SEED.fingerprint);
    expect(text).toContain(org.manifestSha256);
    // The cover prints the installation's signing key beside the manifest hash (export-evidence → print-pdf → render-html).
    const cover = (await pdfPages(org.pdf))[0]!.replace(/\s+/g, "");
    expect(cover).toContain(`SigningkeyEd25519,SHA-256fingerprint${loadSigningKey().fingerprint}`);
    expect(text.replace(/\s+/g, " ")).toMatch(/Contents .*1 Summary \d+/);
    expect(text).toContain(`report ${org.id}`);
    expect(text).toMatch(/Page 1 of \d+/);
  });

  test("names the validation run still in progress instead of showing it half done", async () => {
    const text = await pdfText(org.pdf, "organization");
    expect(text.replace(/\s+/g, " ")).toContain(`Validation run ${seeded.inProgressRunId} of archive-trail is still running (144 of 424 files checked)`);
  });

  test("every page reads back, as many as the export says it has (the PDF is written to test-results for a look)", async () => {
    const pages = await pdfPages(org.pdf);
    expect(pages).toHaveLength(org.pages);
    expect(pages.every((page) => page.trim() !== "")).toBe(true);
  });
});

describe("the bundle", () => {
  test("verifies with sha256sum -c, and the manifest's hash is the one the PDF prints", () => {
    expect(execFileSync("sha256sum", ["-c", "MANIFEST.sha256"], { cwd: unzipped }).toString()).not.toMatch(/FAILED/);
    expect(execFileSync("sha256sum", ["MANIFEST.sha256"], { cwd: unzipped }).toString().split(" ")[0]).toBe(org.manifestSha256);
    expect(execFileSync("sha256sum", ["-c", "report.pdf.sha256"], { cwd: unzipped }).toString()).toContain("report.pdf: OK");
    expect(fs.readFileSync(path.join(unzipped, "MANIFEST.sha256"), "utf8")).not.toContain("report.pdf");
    expect(fs.readFileSync(path.join(unzipped, "VERIFY.txt"), "utf8")).toContain("sha256sum -c MANIFEST.sha256");
  });

  test("its manifest is signed by the installation's key: openssl verifies it as VERIFY.txt says", () => {
    const verify = () => execFileSync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "trailproof-ed25519.pub.pem", "-rawin", "-in", "MANIFEST.sha256", "-sigfile", "MANIFEST.sha256.sig"], { cwd: unzipped }).toString();
    expect(verify()).toContain("Signature Verified Successfully");
    expect(fs.readFileSync(path.join(unzipped, "trailproof-ed25519.pub.pem"), "utf8")).toBe(loadSigningKey().publicKeyPem);
  });

  test("a changed data file fails the manifest check", () => {
    fs.appendFileSync(path.join(unzipped, "files.csv"), "tampered\n");
    let output = "";
    try {
      execFileSync("sha256sum", ["-c", "MANIFEST.sha256"], { cwd: unzipped });
    } catch (error) {
      output = String((error as { stdout: Buffer }).stdout);
    }
    expect(output).toContain("files.csv: FAILED");
  });

  test("files.csv and evidence.json hold exactly the flagged verdicts in the database", async () => {
    const flagged = await prisma.fileVerdict.findMany({ where: { runId: seeded.runId, status: { in: ["invalid", "missing"] } }, select: { s3Key: true, status: true, expectedHash: true, actualHash: true } });
    const json = JSON.parse(fs.readFileSync(path.join(unzipped, "evidence.json"), "utf8")) as { validations: { flaggedFiles: { s3Uri: string; status: string; expectedHash: string | null; actualHash: string | null }[] }[]; validationRunIds: string[] };
    const fromJson = json.validations.flatMap((v) => v.flaggedFiles).map((f) => ({ s3Key: f.s3Uri.replace(`s3://${SEED.bucket}/`, ""), status: f.status, expectedHash: f.expectedHash, actualHash: f.actualHash }));
    const byKey = (a: { s3Key: string }, b: { s3Key: string }) => a.s3Key.localeCompare(b.s3Key);
    expect(fromJson.sort(byKey)).toEqual(flagged.sort(byKey));
    expect(json.validationRunIds).toEqual([seeded.runId]);
    const csvLines = fs.readFileSync(path.join(unzipped, "files.csv"), "utf8").trim().split("\n");
    expect(csvLines.length - 1 - 1).toBe(flagged.length); // header, and the line the previous test appended
    expect(csvLines[0]).toContain("expected_sha256");
  });

  test("checks.csv has one row per check result of the scan", async () => {
    const results = await prisma.checkResult.count({ where: { scanId: seeded.scanId } });
    const lines = fs.readFileSync(path.join(unzipped, "checks.csv"), "utf8").trim().split("\n");
    expect(lines.length - 1).toBe(results);
  });
});

describe("the audit trail of the window", () => {
  let payments: EvidenceExportResult;
  let archiveTrail: EvidenceExportResult;
  beforeAll(async () => {
    payments = await exportEvidence(prisma, { scope: { kind: "account", accountId: SEED.payments }, window: SEED.window, requestedBy: "auditor-test" });
    archiveTrail = await exportEvidence(prisma, { scope: { kind: "trail", trailArn: SEED.archiveTrail }, window: SEED.window, requestedBy: "auditor-test" });
  }, 120_000);

  const auditCsv = async (result: EvidenceExportResult) => (await JSZip.loadAsync(result.bundle)).file(`trailproof-evidence-${result.id}/audit.csv`)!.async("string");

  test("organization: every event inside the window, sign-ins included, oldest first, in the PDF and in audit.csv", async () => {
    expect(audit.organization).toHaveLength(15);
    const text = await pdfText(org.pdf, "organization");
    expect(markers(text)).toEqual(audit.organization);
    // Hostile strings are printed as text (a long one wraps, and the text reader interleaves the columns' lines).
    const compact = text.replace(/\s+/g, "");
    expect(compact).toContain('<script>alert("x")</script>');
    expect(compact).toContain("reason:<img");
    // Chromium may break the attribute anywhere ("s" | "rc=x"), with the next column's text between the halves.
    expect(compact).toContain("onerror=alert(1)>");
    expect(text.replace(/\s+/g, " ")).toContain("15 events, of which 3 refused and 1 failed");
    const csv = fs.readFileSync(path.join(unzipped, "audit.csv"), "utf8");
    expect(markers(csv)).toEqual(audit.organization);
    expect(csv.trim().split("\n")).toHaveLength(1 + 15);
    const json = JSON.parse(fs.readFileSync(path.join(unzipped, "evidence.json"), "utf8")) as { activity: { total: number; events: { at: string }[]; outcomes: Record<string, number> } };
    expect(json.activity).toMatchObject({ total: 15, outcomes: { succeeded: 9, joined: 2, refused: 3, failed: 1 } });
    expect(json.activity.events.at(-1)!.at).toBe(SEED.window.to.toISOString());
  });

  test("account: events naming the account, its trails (by id or ARN) or the organization, and downloads of such exports", async () => {
    expect(audit.payments).toEqual(["EV01", "EV02", "EV04", "EV06", "EV07", "EV13", "EV14", "EV15"]);
    const text = await pdfText(payments.pdf, "account");
    expect(markers(text)).toEqual(audit.payments);
    expect(text).not.toContain("auth.sign-in");
    expect(text.replace(/\s+/g, " ")).toContain("8 events, of which 1 refused");
    expect(markers(await auditCsv(payments))).toEqual(audit.payments);
  });

  test("the per-outcome counts (read when the list is cut) agree with the list", async () => {
    const payments = ["organization", SEED.payments, ...(await prisma.trail.findMany({ where: { accountId: SEED.payments } })).flatMap((t) => [t.id, t.arn])];
    for (const targets of [null, payments]) {
      const events = await repo.auditEventsOf(prisma, SEED.window, targets, 1_000);
      const tally: Record<string, number> = {};
      for (const e of events) tally[e.outcome] = (tally[e.outcome] ?? 0) + 1;
      expect(await repo.auditOutcomeCounts(prisma, SEED.window, targets)).toEqual(tally);
    }
    expect(await repo.auditEventsOf(prisma, SEED.window, null, 4)).toHaveLength(4);
  });

  test("more than a page (5,000) of events, many at the same millisecond, reads each once in order", async () => {
    const window = { from: new Date("2026-09-01T00:00:00Z"), to: new Date("2026-09-02T00:00:00Z") };
    const total = 5_000 + 7;
    await prisma.auditEvent.createMany({
      data: Array.from({ length: total }, (_, i) => ({ at: new Date(window.from.getTime() + Math.floor(i / 3) * 1_000), actor: "bulk", actorName: "Bulk", roles: [], action: "scan.request", target: "organization", outcome: "succeeded", detail: { n: i } })),
    });
    const events = await repo.auditEventsOf(prisma, window, ["organization"], 100_000);
    expect(events.map((e) => (e.detail as { n: number }).n)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(await repo.auditEventsOf(prisma, window, ["organization"], 5_003)).toHaveLength(5_003);
  });

  test("trail: events naming the trail (by id or ARN) or the organization", async () => {
    expect(audit.archiveTrail).toEqual(["EV01", "EV03", "EV05", "EV13", "EV14", "EV15"]);
    expect(markers(await pdfText(archiveTrail.pdf, "trail"))).toEqual(audit.archiveTrail);
    expect(markers(await auditCsv(archiveTrail))).toEqual(audit.archiveTrail);
  });
});

describe("a window with more audit events than the PDF lists", () => {
  test("the PDF lists the first PDF_AUDIT_LIMIT and says audit.csv has them all; the contents' pages stay right", async () => {
    const window = { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-10-02T00:00:00Z") };
    const total = PDF_AUDIT_LIMIT + 25;
    await prisma.auditEvent.createMany({
      data: Array.from({ length: total }, (_, i) => ({ at: new Date(window.from.getTime() + i * 1_000), actor: `user-${i}`, actorName: "Bulk", roles: ["viewer"], action: "auth.sign-in", outcome: i % 10 === 0 ? "failed" : "succeeded", detail: { n: i } })),
    });
    const result = await exportEvidence(prisma, { scope: { kind: "organization" }, window, requestedBy: "t" });
    expect(result.prints).toBe(2);
    const text = (await pdfText(result.pdf, "many-events")).replace(/\s+/g, " ");
    expect(text).toContain(`The first ${PDF_AUDIT_LIMIT} of ${total} are listed here (a report lists at most ${PDF_AUDIT_LIMIT}); audit.csv in the evidence bundle lists every one.`);
    expect(text).toContain(`user-${PDF_AUDIT_LIMIT - 1} `);
    expect(text).not.toContain(`user-${PDF_AUDIT_LIMIT} `);
    const csv = await (await JSZip.loadAsync(result.bundle)).file(`trailproof-evidence-${result.id}/audit.csv`)!.async("string");
    expect(csv.trim().split("\n")).toHaveLength(1 + total);
  }, 120_000);
});

describe("the export record", () => {
  test("holds who, when, scope, window, the hashes and the very bytes handed out", async () => {
    const row = await prisma.evidenceExport.findUniqueOrThrow({ where: { id: org.id } });
    expect(row).toMatchObject({ requestedBy: "auditor-test", scopeKind: "organization", scopeId: null, windowStart: SEED.window.from, windowEnd: SEED.window.to, pdfSha256: org.pdfSha256, manifestSha256: org.manifestSha256, bundleSha256: org.bundleSha256, scanIds: [seeded.scanId], validationRunIds: [seeded.runId] });
    expect(Buffer.from(row.pdfBytes).equals(org.pdf)).toBe(true);
    expect(Buffer.from(row.bundleBytes).equals(org.bundle)).toBe(true);
  });
});

describe("bad input", () => {
  test.each([
    ["an unknown account", { kind: "account", accountId: "999999999999" } as const, /Account 999999999999 is unknown/],
    ["an unknown trail", { kind: "trail", trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/nope" } as const, /Trail .*trail\/nope is unknown/],
  ])("%s: a clear refusal, and nothing recorded", async (_label, scope, message) => {
    const before = await prisma.evidenceExport.count();
    await expect(exportEvidence(prisma, { scope, window: SEED.window, requestedBy: "t" })).rejects.toThrow(message);
    await expect(exportEvidence(prisma, { scope, window: SEED.window, requestedBy: "t" })).rejects.toBeInstanceOf(EvidenceError);
    expect(await prisma.evidenceExport.count()).toBe(before);
  });

  test("a window that ends before it starts is refused", async () => {
    await expect(exportEvidence(prisma, { scope: { kind: "organization" }, window: { from: SEED.window.to, to: SEED.window.from }, requestedBy: "t" })).rejects.toThrow(/start before it ends/);
  });

  test("a window with no data gives a report that says so", async () => {
    const empty = await exportEvidence(prisma, { scope: { kind: "account", accountId: SEED.payments }, window: { from: new Date("2025-01-01T00:00:00Z"), to: new Date("2025-01-02T00:00:00Z") }, requestedBy: "t" });
    const text = (await pdfText(empty.pdf, "empty-window")).replace(/\s+/g, " ");
    expect(text).toContain("No scan ran inside this window");
    expect(text).toContain("No finished integrity validation overlaps this window");
    expect(text).toContain("Nothing was recorded in this window.");
  });

  test("an organization with no accounts is refused", async () => {
    await resetDatabase();
    await expect(exportEvidence(prisma, { scope: { kind: "organization" }, window: SEED.window, requestedBy: "t" })).rejects.toThrow(/knows no accounts yet/);
  });
});
