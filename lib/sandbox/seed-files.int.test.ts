import { spawn } from "node:child_process";
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TAMPER_KINDS, type TamperChange, type TamperKind } from "@/lib/sandbox/cloudtrail-tamper";
import { skipWithoutJudge } from "@/lib/sandbox/independent-judge";
import { AWSCLI_READER_SESSION, type ChainExpectation, type IntegritySection } from "@/lib/sandbox/seed-files";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-clients";
import { hasAwsCli, installedAwscliVersion, runTrailproof } from "@/lib/sandbox/validate-logs-harness";
import { startTestSandbox } from "@/lib/testing/sandbox";

// The demo organization's files, checked by the reference itself: `aws cloudtrail validate-logs` (AWS CLI v1), run
// against the emulator for every chain, must print exactly what the manifest predicts and exit with its code.

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let integrity: IntegritySection;

beforeAll(async () => {
  // The manifest then predicts the installed AWS CLI's output, whose version decides one verdict (awscli-compat.ts).
  const installed = hasAwsCli ? installedAwscliVersion() : "";
  if (installed) process.env.TRAILPROOF_AWSCLI_COMPAT = installed;
  sandbox = await startTestSandbox(undefined, { files: true });
  integrity = sandbox.manifest.integrity as IntegritySection;
}, 180_000);
afterAll(() => {
  delete process.env.TRAILPROOF_AWSCLI_COMPAT;
  return sandbox?.stop();
});

test("every region of every validated trail, and every account of the organization trail, has a chain", () => {
  expect(integrity.chains).toHaveLength(22);
  expect(integrity.chains.every((c) => c.objects > 24)).toBe(true);
});

test("the seed plants every tampering kind", () => {
  const planted = new Set(integrity.chains.flatMap((c) => c.tampering.map((t) => t.kind)));
  expect([...planted].sort()).toEqual([...TAMPER_KINDS].sort());
});

test("most chains are untouched, as in a real organization", () => {
  expect(integrity.chains.filter((c) => c.tampering.length === 0).length).toBeGreaterThanOrEqual(11);
});

// What each kind of tampering is meant to do (the helpers' own descriptions in cloudtrail-tamper.ts, DIGESTS.md),
// written by hand once more, as the reader of a report would check it: the manifest's predictions are derived from
// tamper-intent.ts by a model of the AWS CLI's walk (expected-validation.ts), and this catches the walk putting a
// verdict on the wrong file. `awscli`: the verdict awscli gives the file the tampering changed (null: awscli never
// looks at it); `strict`: that log file's strict verdict; `finding`: a strict finding the chain must have;
// `exitCode`: awscli's exit code for the chain.
interface Intent {
  awscli: string | null;
  strict?: string;
  finding?: string;
  exitCode?: number;
}

function intentOf(kind: TamperKind, awscli: IntegritySection["awscliBehaviour"]): Intent {
  // AWS CLI 1.45.12 started reporting bytes after the gzip stream; earlier versions hash the first member only.
  const trailing: Intent = { awscli: awscli === "1.45.11" ? "valid" : "trailing-data", strict: "trailing-data" };
  const intents: Record<TamperKind, Intent> = {
    "modify-log": { awscli: "hash-mismatch" },
    "delete-log": { awscli: "not-found" },
    "truncate-log": { awscli: "hash-mismatch" },
    "cut-log-trailer": { awscli: "valid", strict: "invalid-format" },
    "append-log-member": trailing,
    "append-log-garbage": trailing,
    "log-not-gzip": { awscli: "invalid-format" },
    "modify-digest": { awscli: "signature-failed" },
    "delete-digest": { awscli: "not-found" },
    // awscli's walk starts at the newest digest left; a logging trail's digest was due.
    "delete-newest-digest": { awscli: null, finding: "digest-missing" },
    "move-digest": { awscli: "moved" },
    // Re-signed with the trail's key: awscli accepts it; the next digest's link to it no longer matches.
    "resign-digest": { awscli: "valid", finding: "chain-broken" },
    "unknown-fingerprint": { awscli: "unknown-fingerprint" },
    "break-chain-signature": { awscli: "valid", finding: "chain-broken" },
    "break-chain-hash": { awscli: "valid", finding: "chain-broken" },
    "skip-chain-link": { awscli: "valid", finding: "digest-skipped" },
    "forge-chain-start": { awscli: "valid", finding: "suspicious-gap" },
    "drop-signature-metadata": { awscli: "signature-failed" },
    // "INVALID: Non-hexadecimal digit found": awscli's catch-all for an exception while checking a digest.
    "non-hex-signature": { awscli: "error" },
    "drop-log-files-field": { awscli: "valid", exitCode: 255 },
  };
  return intents[kind];
}

/** The file a tampering is about: the one it modified or created (a moved digest's new key), else the one it deleted. */
const targetOf = (change: TamperChange) => (change.changed.find((c) => c.action !== "deleted") ?? change.changed[0]!).key;

test("every planted tampering has the verdict its kind intends, and the untouched chains are clean", () => {
  const observed = (chain: ChainExpectation, change: TamperChange) => {
    const key = targetOf(change);
    const file = chain.files.find((f) => f.key === key);
    const intent = intentOf(change.kind, integrity.awscliBehaviour);
    return {
      kind: change.kind,
      awscli: file?.awscli ?? null,
      ...(intent.strict !== undefined ? { strict: file?.strict } : {}),
      ...(intent.finding !== undefined ? { finding: chain.strict.findings.find((f) => f.kind === intent.finding)?.kind } : {}),
      ...(intent.exitCode !== undefined ? { exitCode: chain.awscli.exitCode } : {}),
    };
  };
  const tampered = integrity.chains.flatMap((chain) => chain.tampering.map((change) => ({ chain, change })));
  expect(tampered.map(({ chain, change }) => observed(chain, change))).toEqual(
    tampered.map(({ change }) => ({ kind: change.kind, ...intentOf(change.kind, integrity.awscliBehaviour) })),
  );
  // Whatever awscli makes of it, strict mode fails every tampered chain.
  for (const chain of integrity.chains.filter((c) => c.tampering.length > 0)) expect(chain.strict.exitCode, chain.trailArn).not.toBe(0);
  for (const chain of integrity.chains.filter((c) => c.tampering.length === 0 && c.kmsDenied === null)) {
    expect({ awscli: chain.awscli.exitCode, strict: chain.strict.exitCode, findings: chain.strict.findings }, `${chain.trailKey} ${chain.accountId} ${chain.region}`).toEqual({ awscli: 0, strict: 0, findings: [] });
    expect(chain.files.filter((f) => f.awscli !== "valid" || (f.strict !== undefined && f.strict !== "valid"))).toEqual([]);
  }
});

async function credentialsFor(accountId: string, region: string): Promise<Record<string, string>> {
  if (accountId === "123456789012") return { AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey };
  const out = await run(["sts", "assume-role", "--role-arn", `arn:aws:iam::${accountId}:role/${sandbox.manifest.auditRoleName}`, "--role-session-name", AWSCLI_READER_SESSION, "--external-id", sandbox.manifest.externalId, "--output", "json"], { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" }, region);
  const c = (JSON.parse(out.stdout) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }).Credentials;
  return { AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken };
}

function run(args: string[], credentials: Record<string, string>, region: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("aws", args, { env: { ...process.env, ...credentials, AWS_ENDPOINT_URL: sandbox.endpoint, AWS_DEFAULT_REGION: region, AWS_SESSION_TOKEN: credentials.AWS_SESSION_TOKEN ?? "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

// The security trail's key policy leaves the audit roles out (plan.ts): written from that intent, the AWS CLI reads
// the newest digest (SSE-S3), then S3 refuses its first log file (SSE-KMS) and the CLI stops with botocore's text.
test("the trail whose key policy leaves the audit role out: the AWS CLI stops at its first log file, kms:Decrypt denied", () => {
  const trail = sandbox.manifest.trails.find((t) => t.key === "security-trail")!;
  expect(trail.kms).toMatchObject({ kind: "customer-managed", auditRoleLeftOut: true });
  expect(sandbox.manifest.trails.filter((t) => t.kms.auditRoleLeftOut).map((t) => t.key)).toEqual(["security-trail"]);
  const denied = integrity.chains.filter((c) => c.kmsDenied !== null);
  expect(denied.map((c) => `${c.trailKey} ${c.region}`).sort()).toEqual(["security-trail eu-west-1", "security-trail us-east-1"]);
  for (const chain of denied) {
    expect(chain.kmsDenied).toEqual({ keyArn: trail.kms.keyArn });
    const caller = `arn:aws:sts::${trail.accountId}:assumed-role/TrailProofAudit/${AWSCLI_READER_SESSION}`;
    expect(chain.awscli.exitCode).toBe(255);
    expect(chain.awscli.stderr).toBe(
      `\nAn error occurred (AccessDenied) when calling the GetObject operation: User: ${caller} is not authorized to perform: kms:Decrypt on resource: ${trail.kms.keyArn} because no resource-based policy allows the kms:Decrypt action\n`,
    );
    expect(chain.files.filter((f) => f.type === "log")).toEqual([]);
  }
});

const AWSCLI_SUITE = "aws cloudtrail validate-logs agrees with the manifest on every chain";
describe.skipIf(skipWithoutJudge(AWSCLI_SUITE, hasAwsCli ? null : "`aws` (AWS CLI v1) on PATH"))(AWSCLI_SUITE, () => {
  test("all chains", async () => {
    const limit = pLimit(3);
    const outcomes = await Promise.all(
      integrity.chains.map((chain) =>
        limit(async () => {
          // An organization trail is read from its owner (the management account) with --account-id, as awscli requires.
          const organization = chain.organizationId !== null;
          const reader = organization ? "123456789012" : chain.accountId;
          const args = ["cloudtrail", "validate-logs", "--trail-arn", chain.trailArn, "--start-time", chain.start, "--end-time", chain.end, "--region", chain.region];
          if (organization) args.push("--account-id", chain.accountId);
          const result = await run(args, await credentialsFor(reader, chain.region), chain.region);
          return { chain: `${chain.trailKey} ${chain.accountId} ${chain.region}`, actual: result, expected: chain.awscli };
        }),
      ),
    );
    for (const { chain, actual, expected } of outcomes) {
      expect({ chain, code: actual.code, stdout: actual.stdout, stderr: actual.stderr }).toEqual({ chain, code: expected.exitCode, stdout: expected.stdout, stderr: expected.stderr });
    }
  }, 240_000);

  test("TrailProof's validate-logs stops exactly as the AWS CLI does where kms:Decrypt is denied", async () => {
    for (const chain of integrity.chains.filter((c) => c.kmsDenied !== null)) {
      const credentials = await credentialsFor(chain.accountId, chain.region);
      const env = { ...process.env, ...credentials, AWS_ENDPOINT_URL: sandbox.endpoint, AWS_DEFAULT_REGION: chain.region, AWS_SESSION_TOKEN: credentials.AWS_SESSION_TOKEN ?? "" };
      const args = ["--trail-arn", chain.trailArn, "--start-time", chain.start, "--end-time", chain.end, "--region", chain.region];
      const [awscli, trailproof] = await Promise.all([run(["cloudtrail", "validate-logs", ...args], credentials, chain.region), runTrailproof(args, env)]);
      expect(awscli.code).toBe(255);
      expect(awscli.stderr).toContain("is not authorized to perform: kms:Decrypt");
      expect({ code: trailproof.code, stdout: trailproof.stdout, stderr: trailproof.stderr }).toEqual({ code: awscli.code, stdout: awscli.stdout, stderr: awscli.stderr });
    }
  }, 120_000);
});
