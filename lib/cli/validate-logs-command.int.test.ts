import { CloudTrailClient, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TAMPER_SCENARIOS } from "@/lib/sandbox/cloudtrail-scenarios";
import { type MotoServer, motoProblem, startMotoServer } from "@/lib/sandbox/moto-launcher";
import { skipWithoutJudge } from "@/lib/sandbox/independent-judge";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-clients";
import {
  type CliResult,
  createOrganization,
  emulatorEnv,
  hasAwsCli,
  type PlantedTrail,
  plantTrail,
  runBoth,
  runTrailproof,
} from "@/lib/sandbox/validate-logs-harness";
import type { ValidationDocument } from "@/lib/services/integrity/validation-document";
import { freePort } from "@/lib/util/ports";

// `trailproof validate-logs` next to `aws cloudtrail validate-logs` (awscli v1) on one moto server: every tampering
// scenario in its own bucket and trail, the organization, --s3-bucket, empty windows, the exit-255 paths and
// awscli's argument errors. Same arguments, same environment; stdout, stderr and exit code must be identical.

const EMULATOR_SUITE = "validate-logs on the emulator";
const PARITY_SUITE = "validate-logs against aws cloudtrail validate-logs";
const emulatorProblem = motoProblem();

const REGION = ["--region", "us-east-2"];
const WINDOW = ["--start-time", "2025-03-01T10:01:31Z", "--end-time", "2025-03-01T18:01:31Z"];
const MISSING_ARN = "arn:aws:cloudtrail:us-east-2:123456789012:trail/no-such-trail";

let moto: MotoServer;
let env: NodeJS.ProcessEnv;
const trails = new Map<string, PlantedTrail>();
let organization: { organizationId: string; memberId: string };

const arn = (name: string) => trails.get(name)!.trailArn;
const bucket = (name: string) => trails.get(name)!.bucket;

async function denyGetObject(name: string, key: string): Promise<void> {
  const s3 = new S3Client({ endpoint: moto.endpoint, region: "us-east-1", credentials: SANDBOX_CREDENTIALS, forcePathStyle: true });
  const statement = { Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket(name)}/${key}` };
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket(name), Policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) }));
}

interface Case {
  name: string;
  args: () => string[];
  env?: () => NodeJS.ProcessEnv;
  /** For a case awscli and we answer differently on purpose: what ours must be, given awscli's. */
  expectDifference?: (awscli: CliResult, trailproof: CliResult) => void;
}

const withAndWithoutVerbose = (name: string, args: () => string[]): Case[] => [
  { name, args },
  { name: `${name} --verbose`, args: () => [...args(), "--verbose"] },
];

const CASES: Case[] = [
  ...TAMPER_SCENARIOS.flatMap((scenario) =>
    withAndWithoutVerbose(`scenario ${scenario.name}`, () => ["--trail-arn", arn(scenario.name), ...REGION, ...WINDOW]),
  ),
  ...withAndWithoutVerbose("organization trail with --account-id", () => [
    "--trail-arn", arn("org-trail"), "--account-id", organization.memberId, ...REGION, ...WINDOW,
  ]),
  { name: "organization trail without --account-id (255)", args: () => ["--trail-arn", arn("org-trail"), ...REGION, ...WINDOW] },
  {
    name: "organization trail with --s3-bucket: no organization path, no digests (awscli quirk)",
    args: () => ["--trail-arn", arn("org-trail"), "--account-id", organization.memberId, "--s3-bucket", bucket("org-trail"), "--s3-prefix", "audit", ...REGION, ...WINDOW],
  },
  ...withAndWithoutVerbose("--s3-bucket and --s3-prefix instead of DescribeTrails", () => [
    "--trail-arn", arn("untouched"), "--s3-bucket", bucket("untouched"), "--s3-prefix", "audit", ...REGION, ...WINDOW,
  ]),
  { name: "--s3-bucket without the prefix: no digests", args: () => ["--trail-arn", arn("untouched"), "--s3-bucket", bucket("untouched"), ...REGION, ...WINDOW] },
  { name: "--s3-prefix without --s3-bucket is ignored", args: () => ["--trail-arn", arn("untouched"), "--s3-prefix", "elsewhere", ...REGION, ...WINDOW] },
  { name: "a window inside the chain", args: () => ["--trail-arn", arn("untouched"), ...REGION, "--start-time", "2025-03-01T12:30:00Z", "--end-time", "2025-03-01T14:00:00Z", "--verbose"] },
  { name: "a window with no digests (exit 0)", args: () => ["--trail-arn", arn("untouched"), ...REGION, "--start-time", "2025-04-01T00:00:00Z", "--end-time", "2025-04-02T00:00:00Z"] },
  { name: "a window without public keys (255)", args: () => ["--trail-arn", arn("untouched"), ...REGION, "--start-time", "2010-01-01T00:00:00Z", "--end-time", "2010-01-02T00:00:00Z"] },
  { name: "no --region: the default region's API, the home region's files (awscli quirk)", args: () => ["--trail-arn", arn("untouched"), ...WINDOW] },
  {
    name: "no --region, default region us-east-1: no keys there (255)",
    args: () => ["--trail-arn", arn("untouched"), ...WINDOW],
    env: () => emulatorEnv(moto.endpoint, { AWS_DEFAULT_REGION: "us-east-1" }),
  },
  {
    name: "no region anywhere (255)",
    args: () => ["--trail-arn", arn("untouched"), ...WINDOW],
    env: () => emulatorEnv(moto.endpoint, { AWS_DEFAULT_REGION: undefined }),
  },
  {
    // Deliberate: TrailProof also takes AWS_REGION (the AWS SDK's variable, which the rest of TrailProof uses);
    // botocore reads only AWS_DEFAULT_REGION, so awscli stops.
    name: "only AWS_REGION set: awscli has no region, TrailProof uses it",
    args: () => ["--trail-arn", arn("untouched"), ...WINDOW],
    env: () => emulatorEnv(moto.endpoint, { AWS_DEFAULT_REGION: undefined, AWS_REGION: "us-east-2" }),
    expectDifference: (awscli, trailproof) => {
      expect(awscli).toEqual({ stdout: "", stderr: 'You must specify a region. You can also configure your region by running "aws configure".\n', code: 255 });
      expect(trailproof.code).toBe(0);
      expect(trailproof.stdout).toContain("No digests found");
    },
  },
  ...withAndWithoutVerbose("a bucket in another region (GetBucketLocation)", () => ["--trail-arn", arn("eu-bucket"), ...REGION, ...WINDOW]),
  {
    // Deliberate (lib/core/integrity/py-date.ts): dateutil's free-form parsing is approximated by the ISO and compact
    // forms; awscli reads "2025/03/01 10:01:31" as a date, TrailProof stops at it.
    name: "a date only dateutil reads: documented approximation",
    args: () => ["--trail-arn", arn("untouched"), ...REGION, "--start-time", "2025/03/01 10:01:31", "--end-time", "2025-03-01T18:01:31Z"],
    expectDifference: (awscli, trailproof) => {
      expect(awscli.code).toBe(0);
      expect(trailproof).toEqual({ stdout: "", stderr: "\nUnable to parse date value: 2025/03/01 10:01:31\n", code: 255 });
    },
  },
  { name: "an empty --s3-bucket: botocore's parameter validation (255)", args: () => ["--trail-arn", arn("untouched"), "--s3-bucket", "", ...REGION, ...WINDOW] },
  { name: "a trail DescribeTrails does not list (255)", args: () => ["--trail-arn", MISSING_ARN, ...REGION, ...WINDOW] },
  { name: "a bucket that does not exist (255)", args: () => ["--trail-arn", arn("untouched"), "--s3-bucket", "tpvl-no-such-bucket", ...REGION, ...WINDOW] },
  ...withAndWithoutVerbose("GetObject denied on a log file (255 mid-run)", () => ["--trail-arn", arn("denied-log"), ...REGION, ...WINDOW]),
  { name: "start after end (255)", args: () => ["--trail-arn", arn("untouched"), ...REGION, "--start-time", "2025-03-02T00:00:00Z", "--end-time", "2025-03-01T00:00:00Z"] },
  { name: "an unparsable date (255)", args: () => ["--trail-arn", arn("untouched"), ...REGION, "--start-time", "yesterday"] },
  { name: "an invalid ARN (255)", args: () => ["--trail-arn", "arn:aws:cloudtrail:us-east-1:1234:trail/x", ...REGION, ...WINDOW] },
  { name: "a missing required option (2)", args: () => ["--trail-arn", arn("untouched"), ...REGION] },
  { name: "no options at all (2)", args: () => [] },
  { name: "an unknown option (255)", args: () => ["--trail-arn", arn("untouched"), ...WINDOW, "--bogus", "x"] },
  { name: "an ambiguous prefix (2)", args: () => ["--trail-arn", arn("untouched"), ...WINDOW, "--s3", "x"] },
  { name: "an ambiguous global prefix (2)", args: () => ["--trail-arn", arn("untouched"), ...WINDOW, "--v"] },
  { name: "an option without its value (2)", args: () => ["--trail-arn", arn("untouched"), "--start-time"] },
  { name: "'--' ends the options (255)", args: () => ["--trail-arn", arn("untouched"), ...REGION, ...WINDOW, "--", "x"] },
  { name: "a value for --verbose (2)", args: () => ["--trail-arn", arn("untouched"), ...WINDOW, "--verbose=yes"] },
  { name: "--name=value and unique prefixes", args: () => [`--trail-arn=${arn("untouched")}`, "--reg", "us-east-2", "--start", "2025-03-01T10:01:31Z", "--end-t=2025-03-01T18:01:31Z", "--verb"] },
];

describe.skipIf(skipWithoutJudge(EMULATOR_SUITE, emulatorProblem))(EMULATOR_SUITE, () => {
  beforeAll(async () => {
    moto = await startMotoServer({ port: await freePort() });
    env = emulatorEnv(moto.endpoint);
    organization = await createOrganization(moto.endpoint);
    const plants = [
      ...TAMPER_SCENARIOS.map((scenario) => ({ name: scenario.name, tamper: scenario.apply })),
      { name: "denied-log" },
      { name: "deleted-newest-not-logging", tamper: TAMPER_SCENARIOS.find((scenario) => scenario.name === "delete-newest-digest")!.apply },
      { name: "eu-bucket", bucketRegion: "eu-west-1" },
      { name: "denied-old-digest" },
      {
        name: "org-trail",
        organizationTrail: true,
        spec: { seed: "org", organizationId: organization.organizationId, accountId: organization.memberId },
      },
    ];
    for (const planted of await Promise.all(plants.map((options) => plantTrail(moto.endpoint, options)))) {
      trails.set(planted.files.spec.trailName, planted);
    }
    await denyGetObject("denied-log", trails.get("denied-log")!.files.digests[2]!.logs[0]!.key);
    await denyGetObject("denied-old-digest", trails.get("denied-old-digest")!.files.digests[1]!.key);
    // A logging trail whose newest digest is gone: GetTrailStatus (invisible in awscli's text) makes it digest-missing.
    await new CloudTrailClient({ endpoint: moto.endpoint, region: "us-east-2", credentials: SANDBOX_CREDENTIALS }).send(
      new StartLoggingCommand({ Name: arn("delete-newest-digest") }),
    );
  }, 180_000);

  afterAll(async () => {
    await moto?.stop();
  });

  describe.skipIf(skipWithoutJudge(PARITY_SUITE, hasAwsCli ? null : "`aws` (AWS CLI v1) on PATH"))(PARITY_SUITE, () => {
  test.concurrent.each(CASES)("$name", async ({ args, env: caseEnv, expectDifference }) => {
    const { awscli, trailproof } = await runBoth(args(), caseEnv?.() ?? env);
    if (expectDifference) expectDifference(awscli, trailproof);
    else expect(trailproof).toEqual(awscli);
  });

  test("the default end time is now, as in awscli (compared to the second)", async () => {
    const { awscli, trailproof } = await runBoth(["--trail-arn", arn("untouched"), ...REGION, "--start-time", "2025-03-01T10:01:31Z"], env);
    const now = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ(?=\n)/g;
    const times = (result: CliResult) => [...result.stdout.matchAll(now)].map((match) => Date.parse(match[0]));
    expect(trailproof.stdout.replace(now, "NOW")).toBe(awscli.stdout.replace(now, "NOW"));
    expect({ stderr: trailproof.stderr, code: trailproof.code }).toEqual({ stderr: awscli.stderr, code: awscli.code });
    for (const [index, time] of times(trailproof).entries()) expect(Math.abs(time - times(awscli)[index]!)).toBeLessThan(10_000);
  });

  // After awscli's walk, the strict link check fetches the digest that the oldest in-window digest points to. When
  // that GetObject fails (here: denied), awscli's outcome must stand (awscli never reads that digest: exit 0); the
  // failure is a strict finding ("digest-unreadable") instead.
  test("a failing strict-only fetch outside the window does not change awscli's outcome", async () => {
    const args = ["--trail-arn", arn("denied-old-digest"), ...REGION, "--start-time", "2025-03-01T12:30:00Z", "--end-time", "2025-03-01T14:01:31Z"];
    const { awscli, trailproof } = await runBoth(args, env);
    expect(awscli.code).toBe(0);
    expect(trailproof).toEqual(awscli);
  });
  });

  // TrailProof alone: these need the emulator, not the AWS CLI.
  describe("--json", () => {
    const json = async (name: string, args: string[] = [...REGION, ...WINDOW]) => {
      const result = await runTrailproof(["--trail-arn", name.startsWith("arn:") ? name : arn(name), ...args, "--json"], env);
      expect(result.stderr).toBe("");
      return { code: result.code, document: JSON.parse(result.stdout) as ValidationDocument };
    };

    test("a modified log: awscli's verdict, the expected and the actual hash", async () => {
      const { code, document } = await json("modify-log");
      const log = trails.get("modify-log")!.files.digests[2]!.logs[0]!;
      const entry = document.files.find((file) => file.uri.endsWith(log.key));
      expect(code).toBe(1);
      expect(document).toMatchObject({ exitCode: 1, region: "us-east-2", accountId: "123456789012", bucket: bucket("modify-log"), prefix: "audit" });
      expect(entry).toMatchObject({ type: "log", status: "invalid", reason: "hash value doesn't match", strictStatus: "invalid", expectedSha256: log.hashValue });
      expect(entry?.type === "log" && entry.actualSha256).not.toBe(log.hashValue);
      expect(document.counts).toMatchObject({ invalidLogs: 1, invalidDigests: 0 });
      const digests = document.files.filter((file) => file.type === "digest");
      expect(digests.length).toBe(document.counts!.validDigests + document.counts!.validBackfillDigests);
      expect(document.files.filter((file) => file.type === "log").length).toBe(document.counts!.validLogs + document.counts!.invalidLogs);
    });

    test("an appended gzip member: INVALID for the current AWS CLI, valid for 1.45.11, invalid for the strict check", async () => {
      const log = trails.get("append-log-member")!.files.digests[2]!.logs[0]!;
      const { code, document } = await json("append-log-member");
      const entry = document.files.find((file) => file.uri.endsWith(log.key));
      expect(code).toBe(1);
      expect(document).toMatchObject({ exitCode: 1, strictExitCode: 1 });
      expect(entry).toMatchObject({
        status: "invalid",
        reason: "unexpected data after end of compressed stream",
        strictStatus: "invalid",
        expectedSha256: log.hashValue,
        actualSha256: log.hashValue,
        note: expect.stringMatching(/^the first gzip member matches the digest's hash; \d+ bytes of another gzip member follow it$/),
      });
      const old = await runTrailproof(["--trail-arn", arn("append-log-member"), ...REGION, ...WINDOW, "--json"], { ...env, TRAILPROOF_AWSCLI_COMPAT: "1.45.11" });
      const oldDocument = JSON.parse(old.stdout) as ValidationDocument;
      expect(old.code).toBe(0);
      expect(oldDocument).toMatchObject({ exitCode: 0, strictExitCode: 1 });
      expect(oldDocument.files.find((file) => file.uri.endsWith(log.key))).toMatchObject({ status: "valid", strictStatus: "invalid" });
    });

    test("a logging trail's deleted newest digest is digest-missing; a trail that does not log gets no such finding", async () => {
      const deleted = await json("delete-newest-digest");
      expect(deleted.document.findings).toEqual([expect.objectContaining({ kind: "digest-missing", uri: null })]);
      expect(deleted.document.strictExitCode).toBe(1);
      // The same deletion on a trail that is not logging (moto's trails start stopped): CloudTrail owes no newer digest.
      const notLogging = await json("deleted-newest-not-logging");
      expect(notLogging.document.counts).toEqual(deleted.document.counts);
      expect(notLogging.document.findings.map((finding) => finding.kind)).not.toContain("digest-missing");
    });

    test("digest verdicts, strict findings and gaps", async () => {
      const missing = await json("delete-digest");
      const deleted = trails.get("delete-digest")!.files.digests[3]!.key;
      expect(missing.document.files.find((file) => file.uri.endsWith(deleted))).toMatchObject({ type: "digest", status: "missing", reason: "not found" });
      const unknown = await json("unknown-fingerprint");
      expect(unknown.document.files.find((file) => file.status === "invalid")?.reason).toMatch(/^public key not found in region us-east-1 for fingerprint /);
      const broken = await json("break-chain-signature");
      expect(broken.document.findings.map((finding) => finding.kind)).toContain("chain-broken");
      const forged = await json("forge-chain-start");
      expect(forged.document.findings.map((finding) => finding.kind)).toContain("suspicious-gap");
      expect(forged.document.gaps.some((gap) => gap.from === gap.to)).toBe(true);
      expect((await json("untouched")).document.gaps).toHaveLength(1); // logging stopped in hour 5
    });

    test("a run that cannot start: exit 255 and awscli's message in the document", async () => {
      const { code, document } = await json(MISSING_ARN);
      expect(code).toBe(255);
      expect(document).toMatchObject({ exitCode: 255, aborted: `A trail could not be found for ${MISSING_ARN}`, files: [], counts: null });
    });
  });
});
