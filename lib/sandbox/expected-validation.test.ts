import { describe, expect, test } from "vitest";
import { utcPyDate } from "@/lib/core/integrity/py-date";
import { validateLogs } from "@/lib/core/integrity/validate-logs";
import { generateTrailFiles, type SandboxBucket } from "@/lib/sandbox/cloudtrail-files";
import { MemoryPublicKeys, MemoryS3 } from "@/lib/sandbox/cloudtrail-memory";
import { expectedChain } from "@/lib/sandbox/expected-validation";
import { planSandbox, trailArn } from "@/lib/sandbox/plan";
import { chainsOf, placementFor, specFor } from "@/lib/sandbox/seed-files";

// TrailProof's validator judged by the demo's expectations, which are written from each tampering kind's intent
// (tamper-intent.ts) and never from the validator (seed-files-imports.test.ts); the real AWS CLI judges those
// expectations in turn (seed-files.int.test.ts). In memory, on every demo chain, for both AWS CLI behaviours: the
// exact AWS CLI output, every file's verdict, and the strict findings by kind and file.

const plan = planSandbox();
// A window that crosses a year, a month and a day boundary.
const end = new Date("2027-01-01T00:01:31Z");
const refusal = "An error occurred (AccessDenied) when calling the GetObject operation: denied for the test";

const cases = chainsOf(plan).flatMap((chain) =>
  (["1.45.11", "1.45.12"] as const).flatMap((awscli) =>
    [false, ...(chain.trail.kms.kind === "customer-managed" && chain.trail.kms.auditRoleLeftOut ? [true] : [])].map((refused) => ({
      name: `${chain.trail.key} ${chain.accountKey} ${chain.region} (AWS CLI ${awscli}${refused ? ", kms:Decrypt denied" : ""})`,
      chain,
      awscli,
      refused,
    })),
  ),
);

describe("the validator agrees with the demo's expectations", () => {
  test.each(cases)("$name", async ({ chain, awscli, refused }) => {
    const spec = specFor(plan, chain, { organizationId: "o-a1b2c3d4e5" }, end);
    const files = generateTrailFiles(spec);
    const objects: SandboxBucket = new Map(files.objects);
    const tampering = (placementFor(chain)?.apply ?? []).map((apply) => apply(files, objects));
    const arn = trailArn(plan, chain.trail);
    const s3 = new MemoryS3(new Map([[spec.bucket, objects]]), refused ? { refuseLog: () => new Error(refusal) } : {});
    const request = { trailArn: arn, scope: files.scope, bucket: spec.bucket, start: utcPyDate(spec.start), end: utcPyDate(end), verbose: false };
    const result = await validateLogs(request, { digests: s3, logs: s3, publicKeys: new MemoryPublicKeys(files.keys) }, {
      ...(chain.trail.logging ? { expectedUntil: new Date(end.getTime() + 3_600_000) } : {}),
      awscli,
    });
    const text = (stream: "stdout" | "stderr") => result.output.filter((c) => c.stream === stream).map((c) => c.text).join("");

    const expected = expectedChain({ files, tampering, trailArn: arn, end, logging: chain.trail.logging, awscli, ...(refused ? { logRefusal: refusal } : {}) });
    expect({ exitCode: result.exitCode, stdout: text("stdout"), stderr: text("stderr") }).toEqual(expected.awscli);
    expect([...result.trace.visits.map((v) => ({ type: "digest", key: v.key, awscli: v.outcome })), ...result.logs.map((l) => ({ type: "log", key: String(l.key), awscli: l.parity, strict: l.strict }))]).toEqual(expected.files);
    expect({ exitCode: result.strictExitCode, findings: result.findings.map(({ kind, key }) => ({ kind, key: key === null ? null : String(key) })) }).toEqual(expected.strict);
  }, 30_000);
});
