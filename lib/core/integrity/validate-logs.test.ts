import { gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { digestKeyDateText } from "@/lib/core/integrity/keys";
import { utcPyDate } from "@/lib/core/integrity/py-date";
import { validateLogs, type ValidateLogsOptions } from "@/lib/core/integrity/validate-logs";
import { generateTrailFiles, type SandboxBucket } from "@/lib/sandbox/cloudtrail-files";
import { MemoryPublicKeys, MemoryS3 } from "@/lib/sandbox/cloudtrail-memory";
import { referenceTrailSpec, TAMPER_SCENARIOS } from "@/lib/sandbox/cloudtrail-scenarios";
import * as tamper from "@/lib/sandbox/cloudtrail-tamper";

// End to end, in memory: the reference trail, each tampering of the catalogue, the validator. The expected text is
// what DIGESTS.md predicts for awscli 1.45.11 (and what awscli printed on these very files, see
// lib/sandbox/cloudtrail-awscli-parity.test.ts); the strict columns are what we add.

const files = generateTrailFiles(referenceTrailSpec());
const { digests, backfillDigests } = files;
const END = new Date("2025-03-01T18:01:31Z");
const B = files.spec.bucket;
const uri = (key: string) => `s3://${B}/${key}`;
const digestLine = (key: string, verdict: string, backfill = false) => `${backfill ? "(backfill) " : ""}Digest file\t${uri(key)}\t${verdict}`;
const logLine = (key: string, verdict: string) => `Log file\t${uri(key)}\t${verdict}`;
const STOP_GAP = "No log files were delivered by CloudTrail between 2025-03-01T15:01:31Z and 2025-03-01T16:01:31Z";
const logsOf = (...indexes: number[]) => indexes.reduce((sum, index) => sum + digests[index]!.logs.length, 0);
const ALL_LOGS = logsOf(0, 1, 2, 3, 4, 5, 6) + backfillDigests.length;
const d = (index: number) => digests.at(index)!.key;
const firstLog = (index: number) => digests[index]!.logs[0]!.key;

async function run(bucket: SandboxBucket, verbose: boolean, options: ValidateLogsOptions = {}) {
  const s3 = new MemoryS3(new Map([[B, bucket]]));
  return validateLogs(
    { trailArn: files.trailArn, scope: files.scope, bucket: B, start: utcPyDate(files.spec.start), end: utcPyDate(END), verbose },
    { digests: s3, logs: s3, publicKeys: new MemoryPublicKeys(files.keys) },
    options,
  );
}

const text = (result: Awaited<ReturnType<typeof run>>, stream: "stdout" | "stderr") =>
  result.output.filter((chunk) => chunk.stream === stream).map((chunk) => chunk.text).join("");

const HEADER = `Validating log files for trail ${files.trailArn} between 2025-03-01T10:01:31Z and 2025-03-01T18:01:31Z\n\n`;

function summary(digestsValid: [number, number], backfill: [number, number], logs: [number, number], found = "2025-03-01T10:01:31Z to 2025-03-01T18:01:31Z") {
  const ratio = ([valid, total]: [number, number], name: string) =>
    total === 0 ? "" : `\n${valid}/${total} ${name} files valid${valid < total ? `, ${total - valid}/${total} ${name} files INVALID` : ""}`;
  return (
    `Results requested for 2025-03-01T10:01:31Z to 2025-03-01T18:01:31Z\nResults found for ${found}:\n` +
    `${ratio(digestsValid, "digest")}${ratio(backfill, "backfill digest")}${ratio(logs, "log")}\n`
  );
}

function fingerprintIn(bucket: SandboxBucket, key: string): string {
  return (JSON.parse(gunzipSync(bucket.get(key)!.body).toString()) as { digestPublicKeyFingerprint: string }).digestPublicKeyFingerprint;
}

interface Expectation {
  /** stderr messages in order (quiet mode writes each as "msg\n\n"). */
  errors: (bucket: SandboxBucket) => string[];
  summary: string | null;
  exitCode: 0 | 1 | 255;
  strict: string[];
  strictExitCode: 0 | 1 | 255;
}

const EXPECTED: Record<string, Expectation> = {
  untouched: { errors: () => [STOP_GAP], summary: summary([7, 7], [2, 2], [ALL_LOGS, ALL_LOGS]), exitCode: 0, strict: [], strictExitCode: 0 },
  "modify-log": {
    errors: () => [STOP_GAP, logLine(firstLog(2), "INVALID: hash value doesn't match")],
    summary: summary([7, 7], [2, 2], [ALL_LOGS - 1, ALL_LOGS]),
    exitCode: 1,
    strict: [],
    strictExitCode: 1,
  },
  "delete-log": {
    errors: () => [STOP_GAP, logLine(firstLog(2), "INVALID: not found")],
    summary: summary([7, 7], [2, 2], [ALL_LOGS - 1, ALL_LOGS]),
    exitCode: 1,
    strict: [],
    strictExitCode: 1,
  },
  "truncate-log": {
    errors: () => [STOP_GAP, logLine(firstLog(2), "INVALID: hash value doesn't match")],
    summary: summary([7, 7], [2, 2], [ALL_LOGS - 1, ALL_LOGS]),
    exitCode: 1,
    strict: [],
    strictExitCode: 1,
  },
  "cut-log-trailer": { errors: () => [STOP_GAP], summary: summary([7, 7], [2, 2], [ALL_LOGS, ALL_LOGS]), exitCode: 0, strict: ["log invalid-format"], strictExitCode: 1 },
  "log-not-gzip": {
    errors: () => [STOP_GAP, logLine(firstLog(2), "INVALID: invalid format")],
    summary: summary([7, 7], [2, 2], [ALL_LOGS - 1, ALL_LOGS]),
    exitCode: 1,
    strict: [],
    strictExitCode: 1,
  },
  // The current AWS CLI (1.45.12+, aws/aws-cli 53c1084b5) reports data after the gzip stream; 1.45.11 did not (below).
  "append-log-member": {
    errors: () => [STOP_GAP, logLine(firstLog(2), "INVALID: unexpected data after end of compressed stream")],
    summary: summary([7, 7], [2, 2], [ALL_LOGS - 1, ALL_LOGS]),
    exitCode: 1,
    strict: [],
    strictExitCode: 1,
  },
  "append-log-garbage": {
    errors: () => [STOP_GAP, logLine(firstLog(2), "INVALID: unexpected data after end of compressed stream")],
    summary: summary([7, 7], [2, 2], [ALL_LOGS - 1, ALL_LOGS]),
    exitCode: 1,
    strict: [],
    strictExitCode: 1,
  },
  "modify-digest": {
    errors: () => [STOP_GAP, digestLine(d(3), "INVALID: signature verification failed")],
    summary: summary([6, 7], [2, 2], [ALL_LOGS - logsOf(3), ALL_LOGS - logsOf(3)]),
    exitCode: 1,
    strict: ["chain-broken 20250301T150131Z"],
    strictExitCode: 1,
  },
  "delete-digest": {
    errors: () => [STOP_GAP, digestLine(d(3), "INVALID: not found")],
    summary: summary([6, 7], [2, 2], [ALL_LOGS - logsOf(3), ALL_LOGS - logsOf(3)]),
    exitCode: 1,
    strict: [],
    strictExitCode: 1,
  },
  "delete-newest-digest": {
    errors: () => [STOP_GAP],
    summary: summary([6, 6], [2, 2], [ALL_LOGS - logsOf(6), ALL_LOGS - logsOf(6)], "2025-03-01T10:01:31Z to 2025-03-01T17:01:31Z"),
    exitCode: 0,
    strict: [],
    strictExitCode: 0,
  },
  "move-newest-digest": {
    errors: () => [digestLine(d(6).replace("20250301T180131Z", "20250301T190131Z"), "INVALID: has been moved from its original location"), STOP_GAP],
    summary: summary([6, 7], [2, 2], [ALL_LOGS - logsOf(6), ALL_LOGS - logsOf(6)], "2025-03-01T10:01:31Z to 2025-03-01T17:01:31Z"),
    exitCode: 1,
    strict: [],
    strictExitCode: 1,
  },
  "copy-newest-digest": {
    errors: () => [digestLine(d(6).replace("20250301T180131Z", "20250301T190131Z"), "INVALID: has been moved from its original location"), STOP_GAP],
    summary: summary([7, 8], [2, 2], [ALL_LOGS, ALL_LOGS]),
    exitCode: 1,
    strict: [],
    strictExitCode: 1,
  },
  "unknown-fingerprint": {
    errors: (bucket) => [STOP_GAP, digestLine(d(3), `INVALID: public key not found in region us-east-1 for fingerprint ${fingerprintIn(bucket, d(3))}`)],
    summary: summary([6, 7], [2, 2], [ALL_LOGS - logsOf(3), ALL_LOGS - logsOf(3)]),
    exitCode: 1,
    strict: ["chain-broken 20250301T150131Z", "chain-broken 20250301T150131Z"],
    strictExitCode: 1,
  },
  "break-chain-signature": {
    errors: () => [STOP_GAP],
    summary: summary([7, 7], [2, 2], [ALL_LOGS, ALL_LOGS]),
    exitCode: 0,
    strict: ["chain-broken 20250301T140131Z", "chain-broken 20250301T150131Z", "chain-broken 20250301T150131Z"],
    strictExitCode: 1,
  },
  "break-chain-hash": {
    errors: () => [STOP_GAP],
    summary: summary([7, 7], [2, 2], [ALL_LOGS, ALL_LOGS]),
    exitCode: 0,
    strict: ["chain-broken 20250301T140131Z", "chain-broken 20250301T150131Z", "chain-broken 20250301T150131Z"],
    strictExitCode: 1,
  },
  "skip-chain-link": {
    errors: () => [STOP_GAP],
    summary: summary([6, 6], [2, 2], [ALL_LOGS - logsOf(3), ALL_LOGS - logsOf(3)]),
    exitCode: 0,
    strict: ["digest-missing 20250301T150131Z", "digest-skipped 20250301T140131Z"],
    strictExitCode: 1,
  },
  "forge-chain-start": {
    errors: () => [STOP_GAP, "No log files were delivered by CloudTrail between 2025-03-01T13:01:31Z and 2025-03-01T13:01:31Z"],
    summary: summary([7, 7], [2, 2], [ALL_LOGS, ALL_LOGS]),
    exitCode: 0,
    strict: ["chain-broken 20250301T150131Z", "chain-broken 20250301T150131Z", "suspicious-gap 20250301T140131Z"],
    strictExitCode: 1,
  },
  "drop-signature-metadata": {
    errors: () => [STOP_GAP, digestLine(d(3), "INVALID: signature verification failed")],
    summary: summary([6, 7], [2, 2], [ALL_LOGS - logsOf(3), ALL_LOGS - logsOf(3)]),
    exitCode: 1,
    strict: [],
    strictExitCode: 1,
  },
  "non-hex-signature": {
    errors: () => [STOP_GAP, digestLine(d(3), "INVALID: Non-hexadecimal digit found")],
    summary: summary([6, 7], [2, 2], [ALL_LOGS - logsOf(3), ALL_LOGS - logsOf(3)]),
    exitCode: 1,
    strict: ["chain-broken 20250301T150131Z"],
    strictExitCode: 1,
  },
  "drop-log-files-field": { errors: () => [STOP_GAP], summary: null, exitCode: 255, strict: [], strictExitCode: 255 },
  "modify-backfill-digest": {
    errors: () => [STOP_GAP, digestLine(backfillDigests[0]!.key, "INVALID: signature verification failed", true)],
    summary: summary([7, 7], [1, 2], [ALL_LOGS - 1, ALL_LOGS - 1]),
    exitCode: 1,
    strict: ["chain-broken 20250301T140131Z"],
    strictExitCode: 1,
  },
  "backfill-unknown-fingerprint": {
    errors: (bucket) => [
      STOP_GAP,
      digestLine(backfillDigests[1]!.key, `INVALID: public key not found in region us-east-1 for fingerprint ${fingerprintIn(bucket, backfillDigests[1]!.key)}`, true),
    ],
    summary: summary([7, 7], [1, 2], [ALL_LOGS - 1, ALL_LOGS - 1]),
    exitCode: 1,
    strict: [],
    strictExitCode: 1,
  },
};

describe("validateLogs on the tampering catalogue (quiet, as the CLI without --verbose)", () => {
  test("every scenario has an expectation", () => {
    expect(TAMPER_SCENARIOS.map((scenario) => scenario.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(TAMPER_SCENARIOS.map((scenario) => ({ name: scenario.name, scenario })))("$name", async ({ name, scenario }) => {
    const expected = EXPECTED[name]!;
    const bucket = new Map(files.objects);
    scenario.apply(files, bucket);
    const result = await run(bucket, false);

    const errors = expected.errors(bucket).map((message) => `${message}\n\n`).join("");
    if (expected.exitCode === 255) {
      expect(text(result, "stderr")).toBe(`${errors}\n'logFiles'\n`);
      expect(text(result, "stdout")).toBe(HEADER);
    } else {
      expect(text(result, "stderr")).toBe(errors);
      expect(text(result, "stdout")).toBe(`${HEADER}${expected.summary}`);
    }
    expect(result.exitCode).toBe(expected.exitCode);

    const strict = [
      ...result.findings.map((finding) => `${finding.kind} ${finding.key && digestKeyDateText(finding.key)}`),
      ...result.logs.filter((log) => log.strict !== log.parity).map((log) => `log ${log.strict}`),
    ].sort();
    expect(strict).toEqual([...expected.strict].sort());
    expect(result.strictExitCode).toBe(expected.strictExitCode);
  });
});

describe("AWS CLI 1.45.11 (TRAILPROOF_AWSCLI_COMPAT=1.45.11): bytes after the gzip stream go unseen", () => {
  test.each([
    { name: "append-log-member", apply: (bucket: SandboxBucket) => tamper.appendLogMember(files, bucket, { digest: 2, log: 0 }) },
    { name: "append-log-garbage", apply: (bucket: SandboxBucket) => tamper.appendLogGarbage(files, bucket, { digest: 2, log: 0 }) },
  ])("$name: valid for awscli, trailing data for the strict verdict", async ({ apply }) => {
    const bucket = new Map(files.objects);
    apply(bucket);
    const result = await run(bucket, false, { awscli: "1.45.11" });
    expect(text(result, "stderr")).toBe(`${STOP_GAP}\n\n`);
    expect(text(result, "stdout")).toBe(`${HEADER}${summary([7, 7], [2, 2], [ALL_LOGS, ALL_LOGS])}`);
    expect(result.exitCode).toBe(0);
    expect(result.logs.filter((log) => log.strict !== "valid").map((log) => [log.key, log.parity, log.strict])).toEqual([
      [firstLog(2), "valid", "trailing-data"],
    ]);
    expect(result.strictExitCode).toBe(1);
  });
});

describe("verbose output", () => {
  test("every valid file on stdout, newest digest first, each followed by its logs, then backfill", async () => {
    const result = await run(new Map(files.objects), true);
    const lines = text(result, "stdout").split("\n");
    const order = [6, 5, 4, 3, 2, 1, 0];
    const expectedLines = [
      ...order.flatMap((index) => [digestLine(d(index), "valid"), ...digests[index]!.logs.map((log) => logLine(log.key, "valid"))]),
      ...[1, 0].flatMap((index) => [digestLine(backfillDigests[index]!.key, "valid", true), logLine(backfillDigests[index]!.logs[0]!.key, "valid")]),
    ];
    expect(lines.slice(2, 2 + expectedLines.length)).toEqual(expectedLines);
    expect(text(result, "stdout").endsWith(`valid\n\n${summary([7, 7], [2, 2], [ALL_LOGS, ALL_LOGS])}`)).toBe(true);
    // The gap comes after the chain start's logs, and a verbose line before it adds a leading newline.
    expect(text(result, "stderr")).toBe(`\n${STOP_GAP}\n\n`);
    const gapIndex = result.output.findIndex((chunk) => chunk.stream === "stderr");
    expect(result.output[gapIndex - 1]).toEqual({ stream: "stdout", text: `${logLine(digests[5]!.logs.at(-1)!.key, "valid")}\n` });
  });
});

describe("windows and keys", () => {
  test("a window with no digests prints 'No digests found' and exits 0", async () => {
    const s3 = new MemoryS3(new Map([[B, files.objects]]));
    const result = await validateLogs(
      { trailArn: files.trailArn, scope: files.scope, bucket: B, start: utcPyDate(new Date("2025-04-01T00:00:00Z")), end: utcPyDate(new Date("2025-04-02T00:00:00Z")), verbose: false },
      { digests: s3, logs: s3, publicKeys: new MemoryPublicKeys(files.keys) },
    );
    expect(text(result, "stdout").endsWith("Results requested for 2025-04-01T00:00:00Z to 2025-04-02T00:00:00Z\nNo digests found\n")).toBe(true);
    expect(result.exitCode).toBe(0);
  });

  test("no public key in the window aborts with 255 even without digests", async () => {
    const s3 = new MemoryS3(new Map([[B, files.objects]]));
    const result = await validateLogs(
      { trailArn: files.trailArn, scope: files.scope, bucket: B, start: utcPyDate(new Date("2010-01-01T00:00:00Z")), end: utcPyDate(new Date("2010-01-01T01:00:00Z")), verbose: false },
      { digests: s3, logs: s3, publicKeys: new MemoryPublicKeys(files.keys) },
    );
    expect(text(result, "stderr")).toBe("\nNo public keys found between 2010-01-01T00:00:00Z and 2010-01-01T03:00:00Z\n");
    expect(result.exitCode).toBe(255);
  });

  test("an organization trail reads AWSLogs/{o-id}/{account}/ paths", async () => {
    const org = generateTrailFiles(referenceTrailSpec({ seed: "org", organizationId: "o-abc1234567", stops: [], backfillHours: [] }));
    const s3 = new MemoryS3(new Map([[B, org.objects]]));
    const result = await validateLogs(
      { trailArn: org.trailArn, scope: org.scope, bucket: B, start: utcPyDate(org.spec.start), end: utcPyDate(END), verbose: false },
      { digests: s3, logs: s3, publicKeys: new MemoryPublicKeys(org.keys) },
    );
    expect(result.counts.validDigests).toBe(8);
    expect(result.exitCode).toBe(0);
    expect(s3.requests[0]).toBe(`ListObjects ${B}/audit/AWSLogs/o-abc1234567/111122223333/CloudTrail-Digest/us-east-2`);
  });

  test("expectedUntil reports the deleted newest digest awscli cannot see", async () => {
    const bucket = new Map(files.objects);
    bucket.delete(d(6));
    // Half an hour after the window, the digest ending at 18:01:31 must be there.
    const result = await run(bucket, false, { expectedUntil: new Date(END.getTime() + 30 * 60_000) });
    expect(result.exitCode).toBe(0);
    expect(result.findings).toEqual([expect.objectContaining({ kind: "digest-missing", key: null })]);
  });

  test("hashing logs in parallel changes nothing in the report", async () => {
    const bucket = new Map(files.objects);
    TAMPER_SCENARIOS.find((scenario) => scenario.name === "modify-log")!.apply(files, bucket);
    const sequential = await run(bucket, true);
    const parallel = await run(bucket, true, { logConcurrency: 4 });
    expect(parallel.output).toEqual(sequential.output);
  });
});

describe("onVerdict", () => {
  test("reports every digest event and log verdict, in the order of the output", async () => {
    const seen: string[] = [];
    const result = await run(files.objects, false, {
      onVerdict: (verdict) => void seen.push(verdict.kind !== "digest" ? `log ${String(verdict.log.key)}` : `${verdict.event.kind} ${verdict.event.kind === "gap" ? verdict.event.newerKey : verdict.event.key}`),
    });
    expect(seen.filter((s) => s.startsWith("log ")).length).toBe(result.logs.length);
    expect(seen.filter((s) => s.startsWith("valid ")).length).toBe(result.counts.validDigests + result.counts.validBackfillDigests);
    expect(seen.filter((s) => s.startsWith("gap ")).length).toBe(1);
    // a digest's own event comes before the verdicts of the logs it lists
    const firstLog = seen.findIndex((s) => s.startsWith("log "));
    expect(seen.slice(0, firstLog).some((s) => s.startsWith("valid "))).toBe(true);
  });
});

// A log file that cannot be read: awscli's command aborts (denied) or reports the read failure as it does; the
// stored run (continueOnUnreadable) records an unreadable verdict with the error and checks every other file.
describe("continueOnUnreadable", () => {
  const logKey = [...files.objects.keys()].find((key) => key.includes("/CloudTrail/") && key.endsWith(".json.gz"))!;
  const denied = "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied";

  class FailingS3 extends MemoryS3 {
    constructor(private readonly failure: "denied" | "cut") {
      super(new Map([[B, new Map(files.objects)]]));
    }
    override async openLog(bucket: string, key: string) {
      if (key !== logKey) return super.openLog(bucket, key);
      if (this.failure === "denied") throw new Error(denied);
      return (async function* () {
        yield Uint8Array.from([0x1f, 0x8b]);
        throw new Error("aborted");
      })();
    }
  }

  async function runWith(s3: MemoryS3, continueOnUnreadable: boolean) {
    const verdicts: string[] = [];
    const result = await validateLogs(
      { trailArn: files.trailArn, scope: files.scope, bucket: B, start: utcPyDate(files.spec.start), end: utcPyDate(END), verbose: false },
      { digests: s3, logs: s3, publicKeys: new MemoryPublicKeys(files.keys) },
      { continueOnUnreadable, onVerdict: (v) => void (v.kind === "unreadable-log" && verdicts.push(`${v.log.key}: ${v.log.error}`)) },
    );
    return { result, verdicts };
  }

  test("denied: awscli's command aborts with the error; the stored run records it and checks the rest", async () => {
    const parity = await runWith(new FailingS3("denied"), false);
    expect(parity.result).toMatchObject({ exitCode: 255, aborted: denied });
    const stored = await runWith(new FailingS3("denied"), true);
    expect(stored.result.aborted).toBeNull();
    expect(stored.verdicts).toEqual([`${logKey}: ${denied}`]);
    const plain = await run(files.objects, false);
    expect(stored.result.logs.length).toBe(plain.logs.length - 1); // every other log file was checked
    expect(stored.result.counts.invalidLogs).toBe(plain.counts.invalidLogs + 1);
  });

  test("a body cut off: the stored run records unreadable (never INVALID) with the read error", async () => {
    const stored = await runWith(new FailingS3("cut"), true);
    expect(stored.verdicts).toEqual([`${logKey}: read failed: Error: aborted`]);
    expect(stored.result.logs.find((log) => log.key === logKey)).toBeUndefined();
  });
});
