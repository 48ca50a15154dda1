import { spawn } from "node:child_process";
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TAMPER_KINDS } from "@/lib/sandbox/cloudtrail-tamper";
import { skipWithoutJudge } from "@/lib/sandbox/independent-judge";
import type { IntegritySection } from "@/lib/sandbox/seed-files";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-clients";
import { hasAwsCli, installedAwscliVersion } from "@/lib/sandbox/validate-logs-harness";
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

async function credentialsFor(accountId: string, region: string): Promise<Record<string, string>> {
  if (accountId === "123456789012") return { AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey };
  const out = await run(["sts", "assume-role", "--role-arn", `arn:aws:iam::${accountId}:role/${sandbox.manifest.auditRoleName}`, "--role-session-name", "parity-check", "--external-id", sandbox.manifest.externalId, "--output", "json"], { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" }, region);
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
});
