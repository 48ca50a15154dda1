import { createHash } from "node:crypto";
import { stringify } from "csv-stringify/sync";
import JSZip from "jszip";
import { dataSources, type ReportModel } from "@/lib/services/evidence/report-model";
import { PUBLIC_KEY_NAME, SIGNATURE_NAME, signBytes, type SigningKey } from "@/lib/services/evidence/signing-key";

// The evidence bundle and its hash scheme. The PDF prints the manifest's SHA-256, so the manifest cannot list the
// PDF (its hash would change the PDF it is printed in). Hence three links, each checkable with sha256sum:
//   data files + VERIFY.txt  --listed in-->  MANIFEST.sha256  --hash printed in-->  report.pdf
//   report.pdf               --hash in-->    report.pdf.sha256 (sidecar) and the export record in TrailProof
//   MANIFEST.sha256          --signed in-->  MANIFEST.sha256.sig, by the installation's Ed25519 key, whose public
//                                            half is trailproof-ed25519.pub.pem and printed on the report's cover
// All of it is zipped together; the zip's own hash is recorded in the export record too.

export interface BundleFile {
  name: string;
  bytes: Buffer;
}

export const MANIFEST_NAME = "MANIFEST.sha256";
export const PDF_NAME = "report.pdf";
export const PDF_SIDECAR_NAME = "report.pdf.sha256";

export function sha256Hex(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const iso = (date: Date | null) => (date ? date.toISOString() : "");

/**
 * A text cell a spreadsheet would run as a formula (= + - @, or a leading tab or carriage return) gets a leading
 * apostrophe: names, targets and user agents come from people, and auditors open these files in Excel. evidence.json
 * keeps every value exactly (VERIFY.txt says so).
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csv(header: string[], rows: unknown[][]): Buffer {
  return Buffer.from(stringify([header, ...rows], { record_delimiter: "\n", cast: { string: neutralizeFormula } }));
}

/** The findings as data: the whole model as JSON, and one CSV per table an auditor filters in a spreadsheet. */
export function buildDataFiles(model: ReportModel): BundleFile[] {
  const checks = csv(
    // excepted_by: the exception covering a fail at the window's end (docs/exceptions.md); status stays the real verdict.
    ["scan_id", "account_id", "trail_arn", "check_id", "title", "severity", "status", "reason", "evidence_json", "inherited", "excepted_by"],
    model.trails.flatMap((t) => t.checks.map((c) => [c.scanId, c.accountId, t.arn, c.checkId, c.title, c.severity, c.status, c.reason, JSON.stringify(c.evidence), c.inherited, c.exceptedBy ?? ""])),
  );
  const files = csv(
    ["validation_run_id", "trail_arn", "account_id", "region", "kind", "status", "s3_uri", "reason", "expected_sha256", "actual_sha256", "file_time", "digest_s3_uri", "digest_key_fingerprint", "excepted_by"],
    model.validations.flatMap((v) =>
      v.flaggedFiles.map((f) => [f.runId, f.trailArn, f.accountId, f.region, f.kind, f.status, f.s3Uri, f.reason ?? "", f.expectedHash ?? "", f.actualHash ?? "", iso(f.fileTime), f.digestUri ?? "", f.fingerprint ?? "", f.exceptedBy ?? ""]),
    ),
  );
  const findings = csv(
    ["validation_run_id", "trail_arn", "account_id", "region", "kind", "s3_uri", "message", "from_time", "to_time"],
    model.validations.flatMap((v) => v.findings.map((f) => [f.runId, f.trailArn, f.accountId, f.region, f.kind, f.s3Uri ?? "", f.message, iso(f.fromTime), iso(f.toTime)])),
  );
  const audit = csv(
    ["event_id", "at", "actor", "actor_name", "roles", "action", "target", "outcome", "detail_json", "source_ip", "user_agent"],
    model.activity.events.map((e) => [e.id, iso(e.at), e.actor, e.actorName, e.roles.join(" "), e.action, e.target ?? "", e.outcome, JSON.stringify(e.detail), e.sourceIp ?? "", e.userAgent ?? ""]),
  );
  const json = Buffer.from(JSON.stringify({ ...model, ...dataSources(model) }, null, 2) + "\n");
  return [
    { name: "evidence.json", bytes: json },
    { name: "checks.csv", bytes: checks },
    { name: "files.csv", bytes: files },
    { name: "findings.csv", bytes: findings },
    { name: "audit.csv", bytes: audit },
  ];
}

/**
 * A name as one line of VERIFY.txt: CR, LF and every other control character become a space. Who generated a report
 * (a sign-in name) and what it is about come from people; a line break in them could write a forged instruction
 * into the steps an auditor follows.
 */
export function oneLine(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ");
}

export function verifyText(model: ReportModel): Buffer {
  const { events, total } = model.activity;
  const truncated = events.length < total ? `\n                      TRUNCATED: it lists the first ${events.length} of ${total} events (oldest first)` : "";
  return Buffer.from(`TrailProof evidence bundle ${oneLine(model.id)}
Scope: ${oneLine(model.scopeLabel)}
Window: ${model.window.from.toISOString()} to ${model.window.to.toISOString()}
Generated: ${model.generatedAt.toISOString()} by ${oneLine(model.generatedBy)}, TrailProof ${oneLine(model.productVersion)}

What is here
  report.pdf          the evidence report
  evidence.json       every figure of the report, as data
  checks.csv          the checklist result of every trail
  files.csv           every INVALID, missing or unreadable digest and log file, with hashes and the digest that lists it
  findings.csv        strict findings (broken or skipped chain links, missing digests, gaps, ...)
  audit.csv           TrailProof's audit trail for this scope and window: who requested what, when, from where,
                      and how it ended (succeeded, joined, failed, refused)${truncated}
  ${MANIFEST_NAME}     the SHA-256 of every file above except report.pdf, and of this file
  ${PDF_SIDECAR_NAME}   the SHA-256 of report.pdf
  ${SIGNATURE_NAME} the Ed25519 signature of ${MANIFEST_NAME} by this TrailProof installation
  ${PUBLIC_KEY_NAME} the public key that checks it

  In the CSV files a text cell that begins with = + - @ (or a tab) starts with an added apostrophe, so that a
  spreadsheet shows it rather than running it as a formula; evidence.json holds every value exactly.

Why the manifest does not list the PDF
  The PDF prints the manifest's SHA-256 on its cover and in its last section, so the manifest has to exist before
  the PDF does and cannot contain the PDF's hash. The PDF's hash is in ${PDF_SIDECAR_NAME} and in TrailProof's
  export record (the Evidence page lists it).

How to verify (in the unzipped folder, with GNU coreutils; on macOS use "shasum -a 256" for "sha256sum")
  1. Every data file is complete and unchanged:
       sha256sum -c ${MANIFEST_NAME}
     every line must say OK.
  2. The manifest is the one the report was made from:
       sha256sum ${MANIFEST_NAME}
     must print the "Manifest SHA-256" shown on the report's cover.
  3. The PDF is the one TrailProof exported:
       sha256sum -c ${PDF_SIDECAR_NAME}
     must say OK, and the hash must equal the PDF SHA-256 on TrailProof's Evidence page for export ${oneLine(model.id)}.
${SIGNATURE_STEP}`);
}

const SIGNATURE_STEP = `  4. The manifest was signed by the TrailProof installation that made the report (OpenSSL 3):
       openssl pkeyutl -verify -pubin -inkey ${PUBLIC_KEY_NAME} -rawin -in ${MANIFEST_NAME} -sigfile ${SIGNATURE_NAME}
     must print "Signature Verified Successfully". Then make sure the key is that installation's, not one shipped
     with a forged bundle: its fingerprint
       openssl pkey -pubin -in ${PUBLIC_KEY_NAME} -outform DER | sha256sum
     must equal the "Signing key" fingerprint on the report's cover, and the one the installation's operator gives
     you (TrailProof keeps the private key in its data directory; docs/evidence.md says how to show its fingerprint).
`;

/** The manifest's Ed25519 signature (raw 64 bytes, as openssl pkeyutl writes and reads it) and the public key. */
export function signatureFiles(manifest: BundleFile, key: SigningKey): BundleFile[] {
  return [
    { name: SIGNATURE_NAME, bytes: signBytes(key, manifest.bytes) },
    { name: PUBLIC_KEY_NAME, bytes: Buffer.from(key.publicKeyPem) },
  ];
}

/** `sha256sum` output format: "<hex>  <name>", one line per file, so `sha256sum -c` reads it. */
export function buildManifest(files: BundleFile[]): BundleFile & { sha256: string } {
  const bytes = Buffer.from(files.map((f) => `${sha256Hex(f.bytes)}  ${f.name}\n`).join(""));
  return { name: MANIFEST_NAME, bytes, sha256: sha256Hex(bytes) };
}

/** The data half of the bundle: what the manifest covers, and the manifest. */
export function buildBundleContents(model: ReportModel): { covered: BundleFile[]; manifest: BundleFile & { sha256: string } } {
  const covered = [...buildDataFiles(model), { name: "VERIFY.txt", bytes: verifyText(model) }];
  return { covered, manifest: buildManifest(covered) };
}

/** The zip, folder named after the export; entry dates fixed to the generation time so equal inputs zip alike. */
export async function zipBundle(model: ReportModel, files: BundleFile[]): Promise<Buffer> {
  const zip = new JSZip();
  const folder = zip.folder(`trailproof-evidence-${model.id}`)!;
  for (const file of files) folder.file(file.name, file.bytes, { date: model.generatedAt, binary: true });
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 }, platform: "UNIX" });
}

export function pdfSidecar(pdf: Buffer): BundleFile {
  return { name: PDF_SIDECAR_NAME, bytes: Buffer.from(`${sha256Hex(pdf)}  ${PDF_NAME}\n`) };
}
