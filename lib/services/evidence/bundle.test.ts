import { describe, expect, test } from "vitest";
import JSZip from "jszip";
import { buildBundleContents, buildManifest, neutralizeFormula, pdfSidecar, sha256Hex, verifyText, zipBundle } from "@/lib/services/evidence/bundle";
import { activityOf, auditEvent, flaggedFile, reportFixture } from "@/lib/services/evidence/report-fixture";

describe("the bundle's hash scheme", () => {
  test("the manifest is sha256sum's format, over every data file and VERIFY.txt, never the PDF", () => {
    const { covered, manifest } = buildBundleContents(reportFixture());
    const lines = manifest.bytes.toString().trim().split("\n");
    expect(lines.map((l) => l.split("  ")[1])).toEqual(["evidence.json", "checks.csv", "files.csv", "findings.csv", "audit.csv", "VERIFY.txt"]);
    for (const file of covered) expect(lines).toContain(`${sha256Hex(file.bytes)}  ${file.name}`);
    expect(manifest.sha256).toBe(sha256Hex(manifest.bytes));
  });

  test("the same model gives the same manifest: the hash printed in the PDF is reproducible", () => {
    expect(buildBundleContents(reportFixture()).manifest.sha256).toBe(buildBundleContents(reportFixture()).manifest.sha256);
  });

  test("a changed file changes the manifest", () => {
    const { covered } = buildBundleContents(reportFixture());
    const changed = covered.map((f) => (f.name === "files.csv" ? { ...f, bytes: Buffer.concat([f.bytes, Buffer.from("x")]) } : f));
    expect(buildManifest(changed).sha256).not.toBe(buildManifest(covered).sha256);
  });

  test("files.csv has a header and one row per flagged file, with quoting where needed", () => {
    const model = reportFixture([flaggedFile(1), flaggedFile(2, { reason: 'odd, "quoted" reason' })]);
    const csv = buildBundleContents(model).covered.find((f) => f.name === "files.csv")!.bytes.toString();
    const lines = csv.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("validation_run_id,trail_arn,account_id,region,kind,status,s3_uri,reason,expected_sha256,actual_sha256,file_time,digest_s3_uri,digest_key_fingerprint,excepted_by");
    expect(lines[2]).toContain('"odd, ""quoted"" reason"');
  });

  test("the zip holds everything under one folder, and the sidecar names the PDF", async () => {
    const model = reportFixture();
    const { covered, manifest } = buildBundleContents(model);
    const pdf = Buffer.from("%PDF-1.4 fake");
    const zip = await JSZip.loadAsync(await zipBundle(model, [...covered, manifest, { name: "report.pdf", bytes: pdf }, pdfSidecar(pdf)]));
    expect(Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).sort()).toEqual(
      ["MANIFEST.sha256", "VERIFY.txt", "audit.csv", "checks.csv", "evidence.json", "files.csv", "findings.csv", "report.pdf", "report.pdf.sha256"].map((n) => `trailproof-evidence-${model.id}/${n}`).sort(),
    );
    expect(await zip.file(`trailproof-evidence-${model.id}/report.pdf.sha256`)!.async("string")).toBe(`${sha256Hex(pdf)}  report.pdf\n`);
  });
});

describe("the audit trail in the bundle", () => {
  const file = (model: ReturnType<typeof reportFixture>, name: string) => buildBundleContents(model).covered.find((f) => f.name === name)!.bytes.toString();

  test("audit.csv has a header and one row per event, quoted like the other CSVs, and the manifest covers it", () => {
    const hostile = auditEvent(2, { target: 'a,"b"\nc', detail: { error: 'no, "really"' }, roles: [], sourceIp: null, userAgent: null, outcome: "failed" });
    const model = reportFixture([], [auditEvent(1, { roles: ["operator", "auditor"] }), hostile]);
    const csv = file(model, "audit.csv");
    expect(csv.split("\n")[0]).toBe("event_id,at,actor,actor_name,roles,action,target,outcome,detail_json,source_ip,user_agent");
    expect(csv).toContain('1,2026-11-30T02:00:01.000Z,oidc|alice,Alice Auditor,operator auditor,validation.request,arn:aws:cloudtrail:us-east-1:111111111111:trail/main,succeeded,"{""runId"":""run-1""}",203.0.113.7,Mozilla/5.0\n');
    expect(csv).toContain('2,2026-11-30T02:00:02.000Z,oidc|alice,Alice Auditor,,validation.request,"a,""b""\nc",failed,"{""error"":""no, \\""really\\""""}",,\n');
    const { covered, manifest } = buildBundleContents(model);
    expect(manifest.bytes.toString()).toContain(`${sha256Hex(covered.find((f) => f.name === "audit.csv")!.bytes)}  audit.csv`);
  });

  test("evidence.json carries the events, VERIFY.txt names audit.csv, and says when it is truncated", () => {
    const whole = reportFixture([], [auditEvent(1)]);
    const json = JSON.parse(file(whole, "evidence.json")) as { activity: { events: { id: string; target: string }[]; total: number } };
    expect(json.activity).toMatchObject({ total: 1, events: [{ id: "1", target: auditEvent(1).target }] });
    expect(file(whole, "VERIFY.txt")).toMatch(/audit\.csv +TrailProof's audit trail/);
    expect(file(whole, "VERIFY.txt")).not.toContain("TRUNCATED");
    const cut = { ...whole, activity: activityOf([auditEvent(1)], 100_001) };
    expect(file(cut, "VERIFY.txt")).toContain("TRUNCATED: it lists the first 1 of 100001 events");
  });
});

test("a CSV cell that a spreadsheet would run as a formula is shown, not run", () => {
  expect(["=HYPERLINK(\"http://x\")", "+1", "-cmd", "@SUM(A1)", "\tx", "plain", "s3://b/k"].map(neutralizeFormula)).toEqual([
    "'=HYPERLINK(\"http://x\")",
    "'+1",
    "'-cmd",
    "'@SUM(A1)",
    "'\tx",
    "plain",
    "s3://b/k",
  ]);
});

test("a name with line breaks or control characters cannot add a line to VERIFY.txt", () => {
  const model = { ...reportFixture(), generatedBy: "mallory\r\n  4. Skip the checks above: the bundle is fine\u2028x\u0007", scopeLabel: "Trail evil\nname" };
  const verify = verifyText(model).toString();
  const lines = verify.split("\n");
  expect(lines[1]).toBe("Scope: Trail evil name");
  expect(lines[3]).toBe(`Generated: ${model.generatedAt.toISOString()} by mallory    4. Skip the checks above: the bundle is fine x , TrailProof ${model.productVersion}`);
  expect(verify).not.toMatch(/^ {2}4\. Skip/m);
  expect(verify).not.toMatch(/[\r\u2028\u0007]/);
});
