import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { resetDatabase, testPrisma } from "@/lib/testing/database";
import { EvidenceError } from "@/lib/services/evidence/evidence-error";
import { exportEvidence, type EvidenceExportResult } from "@/lib/services/evidence/export-evidence";
import { SEED, seedEvidence, type SeededEvidence } from "@/lib/services/evidence/seed-evidence";

// The whole export against a real PostgreSQL and Chromium: rows seeded directly, the PDF read back with pdftotext,
// the bundle unzipped and verified with sha256sum exactly as VERIFY.txt tells an auditor to.

const prisma = testPrisma();
const OUT = path.resolve("test-results/evidence");
let seeded: SeededEvidence;
let org: EvidenceExportResult;
let unzipped: string;

function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(OUT, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { maxBuffer: 64 * 1024 * 1024 }).toString();
}

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
  org = await exportEvidence(prisma, { scope: { kind: "organization" }, window: SEED.window, requestedBy: "auditor-test" });
  unzipped = await unzip(org.bundle);
}, 120_000);

afterAll(async () => {
  if (unzipped) fs.rmSync(path.dirname(unzipped), { recursive: true, force: true });
  await prisma.$disconnect();
});

describe("the PDF", () => {
  test("lists every INVALID and missing file with its reason, hashes, digest and fingerprint, and prints the manifest hash", () => {
    const text = pdfText(org.pdf, "organization");
    // A long S3 URI may wrap; without whitespace each one reads whole.
    const compact = text.replace(/\s+/g, "");
    for (const key of [...seeded.invalidLogKeys, seeded.missingLogKey, seeded.invalidDigestKey]) expect(compact).toContain(`s3://${SEED.bucket}/${key}`);
    expect(text).toContain("hash value doesn't match");
    expect(text).toContain("not found");
    expect(text).toContain("invalid signature");
    expect(text).toContain(SEED.fingerprint);
    expect(text).toContain(org.manifestSha256);
    expect(text.replace(/\s+/g, " ")).toMatch(/Contents .*1 Summary \d+/);
    expect(text).toContain(`report ${org.id}`);
    expect(text).toMatch(/Page 1 of \d+/);
  });

  test("names the validation run still in progress instead of showing it half done", () => {
    const text = pdfText(org.pdf, "organization");
    expect(text.replace(/\s+/g, " ")).toContain(`Validation run ${seeded.inProgressRunId} of archive-trail is still running (144 of 424 files checked)`);
  });

  test("page 1 and a file-table page render to PNG (for a look)", () => {
    const file = path.join(OUT, "organization.pdf");
    execFileSync("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", file, path.join(OUT, "page")]);
    execFileSync("pdftoppm", ["-png", "-r", "70", "-f", "2", "-l", "6", file, path.join(OUT, "page")]);
    expect(fs.readdirSync(OUT).filter((f) => f.startsWith("page") && f.endsWith(".png")).length).toBeGreaterThanOrEqual(2);
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
    const text = pdfText(empty.pdf, "empty-window").replace(/\s+/g, " ");
    expect(text).toContain("No scan ran inside this window");
    expect(text).toContain("No finished integrity validation overlaps this window");
  });

  test("an organization with no accounts is refused", async () => {
    await resetDatabase();
    await expect(exportEvidence(prisma, { scope: { kind: "organization" }, window: SEED.window, requestedBy: "t" })).rejects.toThrow(/knows no accounts yet/);
  });
});
