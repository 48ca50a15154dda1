import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Ajv from "ajv";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { skipWithoutJudge } from "@/lib/sandbox/independent-judge";
import { asffBatches, type AsffFinding } from "@/lib/services/export/asff-format";
import { CSV_COLUMNS } from "@/lib/services/export/csv-format";
import { exportFindings, type ExportFormat } from "@/lib/services/export/export-findings";
import { findingId } from "@/lib/services/export/finding-id";
import { runStoredValidation } from "@/lib/services/integrity/stored-validation";
import { testPrisma } from "@/lib/testing/database";
import { type ScannedSandbox, startScannedSandbox } from "@/lib/testing/scanned-sandbox";
import { runTrailproof } from "@/lib/testing/run-cli";

// Findings out, proven on the demo organization: scanned, and every validated trail's chains (tampered as
// lib/sandbox/demo-tampering.ts places it) validated and stored. The documents are judged by what does not come
// from TrailProof: Security Hub's service model through botocore (ASFF) and the database counted by plain SQL.

const prisma = testPrisma();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trailproof-export-"));
let sandbox: ScannedSandbox;

const JUDGE = path.join(import.meta.dirname, "asff-judge.py");
const judgeProblem = (() => {
  const probe = spawnSync("python3", ["-c", "import botocore.session, botocore.validate"], { encoding: "utf8" });
  return probe.status === 0 ? null : `python3 with botocore (the AWS CLI's): ${probe.stderr || probe.error?.message || "not found"}`;
})();

const DAY_MS = 86_400_000;

beforeAll(async () => {
  sandbox = await startScannedSandbox(prisma);
  const trailKeys = [...new Set(sandbox.integrity.chains.map((c) => c.trailKey))];
  for (const key of trailKeys) {
    const chains = sandbox.integrity.chains.filter((c) => c.trailKey === key);
    const trail = sandbox.manifest.trails.find((t) => t.key === key)!;
    await runStoredValidation(prisma, {
      trailArn: trail.arn,
      windowStart: new Date(Math.min(...chains.map((c) => new Date(c.start).getTime()))),
      windowEnd: new Date(Math.max(...chains.map((c) => new Date(c.end).getTime()))),
      trigger: "test",
    });
  }
  // Two approved exceptions (docs/exceptions.md): the dev trail's multi_region check, and one INVALID log file of the
  // payments trail by its export id. Every document below (and the judges) then carries suppressed findings too.
  const approved = { justification: "Accepted for the export test", owner: "Test", createdAt: new Date(Date.now() - DAY_MS), approvedAt: new Date(Date.now() - DAY_MS), expiresAt: new Date(Date.now() + 30 * DAY_MS), proposedBy: "t", proposedByName: "t", approvedBy: "a", approvedByName: "a" };
  const [invalid] = await prisma.fileVerdict.findMany({ where: { status: "invalid", kind: "log", run: { trail: { arn: trail("payments-trail").arn } } }, orderBy: { s3Key: "asc" }, take: 1 });
  exceptedFileUri = `s3://${invalid!.s3Bucket}/${invalid!.s3Key}`;
  await prisma.exception.createMany({
    data: [
      { ...approved, scope: "trail", checkId: "multi_region", trailArn: trail("dev-trail").arn },
      // As proposing records it: the file accepted in the state it is in (INVALID, that content).
      { ...approved, scope: "finding", findingId: findingId({ type: "file", s3Uri: exceptedFileUri }), fileStatus: "invalid", fileActualHash: invalid!.actualHash, fileEtag: invalid!.etag },
    ],
  });
}, 600_000);
let exceptedFileUri = "";
afterAll(async () => {
  await sandbox?.stop();
  await prisma.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

function exportAs(format: ExportFormat, scope: { accountIds?: string[]; trailArn?: string } = {}) {
  const now = new Date();
  return exportFindings(prisma, { format, defaultRegion: "us-east-1", window: { from: new Date(now.getTime() - 30 * DAY_MS), to: now }, ...scope });
}

function trail(key: string) {
  return sandbox.manifest.trails.find((t) => t.key === key)!;
}

test("every failing check, flagged file and current integrity finding is exported once, as counted in the database", async () => {
  const [counted] = await prisma.$queryRaw<{ checks: number; files: number; findings: number }[]>`
    SELECT
    (SELECT count(DISTINCT (cr.check_id, COALESCE(t.arn, cr.account_id)))::int
       FROM check_results cr LEFT JOIN trails t ON t.id = cr.trail_id WHERE cr.status = 'fail') AS checks,
    (SELECT count(*)::int FROM (
       SELECT DISTINCT ON (s3_bucket, s3_key) status FROM file_verdicts ORDER BY s3_bucket, s3_key, checked_at DESC, id DESC) latest
      WHERE status <> 'valid') AS files,
    -- One finding per problem: a digest whose link is broken two ways (its hash and its signature) is stored as two rows.
    (SELECT count(DISTINCT (kind, account_id, region, COALESCE(s3_uri, from_time::text || to_time::text, message)))::int FROM findings) AS findings`;
  const { checks, files, findings } = counted!;
  // The demo has problems of every kind: the counts below would pass vacuously at zero.
  expect(checks).toBeGreaterThan(10);
  expect(files).toBeGreaterThan(5);
  expect(findings).toBeGreaterThan(5);

  const result = await exportAs("csv");
  const count = (type: string) => result.findings.filter((f) => f.type === type).length;
  expect({ checks: count("check"), files: count("file"), findings: count("integrity") }).toEqual({ checks, files, findings });
  expect(new Set(result.findings.map((f) => f.id)).size).toBe(result.findings.length);
}, 120_000);

test("a single-region trail without validation fails its checks as Compliance Findings with their CIS and Security Hub ids", async () => {
  const dev = trail("dev-trail");
  const { output } = await exportAs("ocsf");
  if (output.format !== "ocsf") throw new Error("ocsf expected");
  const multiRegion = output.events.find((e) => (e.finding_info as { analytic: { uid: string } }).analytic.uid === "multi_region" && (e.resources as { uid: string }[])[0]?.uid === dev.arn);
  expect(multiRegion).toMatchObject({
    class_uid: 2003,
    severity_id: 5,
    compliance: { control: "multi_region", status_id: 3, requirements: ["CIS AWS Foundations 1.5.0 3.1", "AWS Security Hub CloudTrail.1"] },
    cloud: { provider: "AWS", account: { uid: dev.accountId } },
  });
});

test("what an active exception covers is exported suppressed (OCSF status Suppressed, ASFF Workflow SUPPRESSED), the rest new", async () => {
  const dev = trail("dev-trail");
  const { findings } = await exportAs("csv");
  const suppressed = findings.filter((f) => f.workflowStatus === "suppressed").map((f) => (f.type === "check" ? `${f.checkId} ${f.trail?.arn}` : f.type === "file" ? f.s3.uri : f.id));
  expect(suppressed.sort()).toEqual([`multi_region ${dev.arn}`, exceptedFileUri].sort());
  const { output: ocsf } = await exportAs("ocsf");
  if (ocsf.format !== "ocsf") throw new Error("ocsf expected");
  const multiRegion = ocsf.events.find((e) => (e.finding_info as { analytic: { uid: string } }).analytic.uid === "multi_region" && (e.resources as { uid: string }[])[0]?.uid === dev.arn);
  expect(multiRegion).toMatchObject({ status_id: 3, status: "Suppressed" });
  expect(ocsf.events.filter((e) => e.status_id === 3)).toHaveLength(2);
  const { output: asff } = await exportAs("asff");
  if (asff.format !== "asff") throw new Error("asff expected");
  const workflow = asff.findings.map((f: AsffFinding) => (f.Workflow as { Status: string }).Status);
  expect(workflow.filter((status) => status === "SUPPRESSED")).toHaveLength(2);
  expect(workflow.filter((status) => status !== "SUPPRESSED").every((status) => status === "NEW")).toBe(true);
}, 120_000);

test("a modified log file of the payments trail is a critical Detection Finding naming its S3 object", async () => {
  const payments = trail("payments-trail");
  const { findings } = await exportAs("csv", { trailArn: payments.arn });
  const invalidLogs = findings.filter((f) => f.type === "file" && f.status === "invalid" && f.kind === "log");
  // modifyLog, truncateLog (payments-trail, owner, first region): two logs whose bytes differ from what was signed.
  expect(invalidLogs.length).toBeGreaterThanOrEqual(2);
  expect(invalidLogs.every((f) => f.severity === "critical" && f.trail?.arn === payments.arn)).toBe(true);
  expect(findings.every((f) => f.trail?.arn === payments.arn)).toBe(true);
});

describe.skipIf(skipWithoutJudge("ASFF judged by Security Hub's service model (botocore)", judgeProblem))("ASFF", () => {
  function judge(files: string[]) {
    return spawnSync("python3", [JUDGE, ...files], { encoding: "utf8" });
  }

  test("every import file of the demo is a valid BatchImportFindings call of at most 100 findings, one account and region", async () => {
    const { output } = await exportAs("asff");
    if (output.format !== "asff") throw new Error("asff expected");
    expect(output.findings.length).toBeGreaterThan(20);
    const files = output.batches.map((batch, i) => {
      expect(batch.findings.length).toBeLessThanOrEqual(100);
      expect(new Set(batch.findings.map((f) => `${f.AwsAccountId} ${f.Region}`))).toEqual(new Set([`${batch.accountId} ${batch.region}`]));
      const file = path.join(dir, `demo-${i}.json`);
      fs.writeFileSync(file, JSON.stringify(batch.findings));
      return file;
    });
    const verdict = judge(files);
    expect(verdict.stdout).not.toContain("INVALID");
    expect(verdict.status).toBe(0);
  }, 120_000);

  test("the judge can fail: a wrong enum, a missing Title and a foreign ProductArn are each refused", async () => {
    const { output } = await exportAs("asff");
    if (output.format !== "asff") throw new Error("asff expected");
    const sample = output.findings[0]!;
    const broken: AsffFinding[] = [
      { ...sample, Severity: { Label: "SEVERE" } },
      Object.fromEntries(Object.entries(sample).filter(([k]) => k !== "Title")) as AsffFinding,
      { ...sample, ProductArn: "arn:aws:securityhub:us-east-1:999999999999:product/999999999999/default" },
    ];
    for (const [i, finding] of broken.entries()) {
      const file = path.join(dir, `broken-${i}.json`);
      fs.writeFileSync(file, JSON.stringify([finding]));
      const verdict = judge([file]);
      expect(verdict.status, verdict.stdout).toBe(1);
    }
  });

  test("a batch of 101 findings is refused by the model: asffBatches never writes one", () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ Id: `x${i}`, AwsAccountId: "111111111111", Region: "us-east-1" }) as AsffFinding);
    expect(asffBatches(many).map((b) => b.findings.length)).toEqual([100, 100, 50]);
  });
});

describe("OCSF", () => {
  // The JSON Schemas compiled from the official OCSF sources at tag 1.8.0 (schemas/README.md).
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "schemas", "ocsf-1.8.0", `${name}.schema.json`), "utf8")) as object;
  const validators = { 2003: ajv.compile(schema("compliance_finding")), 2004: ajv.compile(schema("detection_finding")) };
  const validate = (event: Record<string, unknown>) => {
    const validator = validators[event.class_uid as 2003 | 2004];
    if (!validator) return [`no schema for class ${String(event.class_uid)}`];
    return validator(event) ? [] : (validator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };

  test("every event of the demo validates against its class: Compliance Finding for checks, Detection Finding for integrity", async () => {
    const { output, findings } = await exportAs("ocsf");
    if (output.format !== "ocsf") throw new Error("ocsf expected");
    expect(output.events.filter((e) => e.class_uid === 2003)).toHaveLength(findings.filter((f) => f.type === "check").length);
    expect(output.events.filter((e) => e.class_uid === 2004)).toHaveLength(findings.filter((f) => f.type !== "check").length);
    const problems = output.events.flatMap((event, i) => validate(event).map((p) => `event ${i} (${String(event.class_name)}): ${p}`));
    expect(problems).toEqual([]);
  }, 120_000);

  test("the schemas can fail: a missing finding_info, a severity_id out of the enum and an unknown attribute are each refused", async () => {
    const { output } = await exportAs("ocsf");
    if (output.format !== "ocsf") throw new Error("ocsf expected");
    const sample = output.events.find((e) => e.class_uid === 2003)!;
    const broken = [
      Object.fromEntries(Object.entries(sample).filter(([k]) => k !== "finding_info")),
      { ...sample, severity_id: 7 },
      { ...sample, trailproof_extra: true },
      { ...sample, type_uid: 200401 },
    ];
    for (const event of broken) expect(validate(event)).not.toEqual([]);
  });
});

test("a second export gives the same ids in every format", async () => {
  const first = await exportAs("asff");
  const second = await exportAs("asff");
  const ids = (r: typeof first) => (r.output.format === "asff" ? r.output.findings.map((f) => f.Id) : []);
  expect(ids(second)).toEqual(ids(first));
  const ocsf = await exportAs("ocsf");
  if (ocsf.output.format !== "ocsf") throw new Error("ocsf expected");
  expect(ocsf.output.events.map((e) => (e.finding_info as { uid: string }).uid)).toEqual(ids(first));
}, 120_000);

test("the CSV parses back to one row per finding with the same values", async () => {
  const { output, findings } = await exportAs("csv");
  if (output.format !== "csv") throw new Error("csv expected");
  const records = parse(output.text, { columns: true }) as Record<string, string>[];
  expect(Object.keys(records[0]!)).toEqual([...CSV_COLUMNS]);
  expect(records).toHaveLength(findings.length);
  for (const [i, f] of findings.entries()) {
    expect(records[i]).toMatchObject({ id: f.id, type: f.type, severity: f.severity, account_id: f.accountId, trail_arn: f.trail?.arn ?? "", title: f.title, last_observed_at: f.lastObservedAt.toISOString() });
  }
});

describe("npx trailproof export", () => {
  const trailproof = (args: string[]) => runTrailproof(["export", ...args]);

  test("--format asff --output writes one import file per account, region and 100 findings, and removes an earlier export's extra batch", async () => {
    const out = path.join(dir, "cli");
    fs.mkdirSync(out);
    const stale = path.join(out, "findings-999999999999-us-east-1-009.json");
    const unrelated = path.join(out, "findings-notes.json");
    fs.writeFileSync(stale, "[]");
    fs.writeFileSync(unrelated, "keep");
    const { code, stderr } = await trailproof(["--format", "asff", "--output", path.join(out, "findings.json")]);
    expect(code, stderr).toBe(0);
    const files = fs.readdirSync(out).filter((name) => /^findings-\d{12}-[a-z0-9-]+-\d{3}\.json$/.test(name));
    expect(files.length).toBeGreaterThan(1);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.readFileSync(unrelated, "utf8")).toBe("keep");
    const written = files.flatMap((name) => JSON.parse(fs.readFileSync(path.join(out, name), "utf8")) as AsffFinding[]);
    const { output } = await exportAs("asff");
    if (output.format !== "asff") throw new Error("asff expected");
    expect(written.map((f) => f.Id).sort()).toEqual(output.findings.map((f) => f.Id).sort());
    expect(stderr).toContain(`Exported ${output.findings.length} findings as asff`);
  }, 180_000);

  test("--format ocsf without --output prints one event per line and the summary on standard error", async () => {
    const { code, stdout, stderr } = await trailproof(["--format", "ocsf", "--trail", trail("payments-trail").arn]);
    expect(code, stderr).toBe(0);
    const events = stdout.trim().split("\n").map((line) => JSON.parse(line) as { class_uid: number });
    expect(events.length).toBeGreaterThan(3);
    expect(stderr).toMatch(new RegExp(`Exported ${events.length} findings as ocsf`));
  }, 180_000);

  test.each([
    [["--format", "xml"], 2, /--format must be ocsf, asff or csv/],
    [["--format", "csv", "--account", "12"], 2, /12 digits/],
    [["--format", "csv", "--since", "yesterday"], 2, /not an ISO 8601 time/],
    [["--format", "csv", "--account", "999999999999"], 1, /Unknown to TrailProof: account 999999999999/],
    [["--format", "csv", "--trail", "arn:aws:cloudtrail:us-east-1:999999999999:trail/none"], 1, /is unknown to TrailProof/],
  ])("%j exits %i with a clear message and writes nothing", async (args, exit, message) => {
    const target = path.join(dir, "refused.csv");
    const { code, stderr } = await trailproof([...args, "--output", target]);
    expect(code).toBe(exit);
    expect(stderr).toMatch(message);
    expect(fs.existsSync(target)).toBe(false);
  }, 180_000);
});

// Last: it adds a scan.
test("an account whose latest scan failed is named in a notice; every other account's findings are exported as before", async () => {
  const before = await exportAs("csv");
  const victim = trail("dev-trail").accountId;
  const scan = await prisma.scanRun.create({ data: { trigger: "test", status: "partial", startedAt: new Date(), finishedAt: new Date() } });
  await prisma.scanAccount.create({ data: { scanId: scan.id, accountId: victim, status: "failed", error: "sts:AssumeRole AccessDenied: not authorized" } });
  const after = await exportAs("csv");
  expect(after.notices.join("\n")).toContain(`(${victim}) ended failed: sts:AssumeRole AccessDenied: not authorized`);
  const othersChecks = (r: typeof before) => r.findings.filter((f) => !(f.type === "check" && f.accountId === victim)).map((f) => f.id);
  expect(othersChecks(after)).toEqual(othersChecks(before));
  expect(before.findings.some((f) => f.type === "check" && f.accountId === victim)).toBe(true);
  expect(after.findings.some((f) => f.type === "check" && f.accountId === victim)).toBe(false);
}, 120_000);
