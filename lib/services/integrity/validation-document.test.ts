import { expect, test } from "vitest";
import { utcPyDate } from "@/lib/core/integrity/py-date";
import { validateLogs } from "@/lib/core/integrity/validate-logs";
import { generateTrailFiles } from "@/lib/sandbox/cloudtrail-files";
import { MemoryPublicKeys, MemoryS3 } from "@/lib/sandbox/cloudtrail-memory";
import { referenceTrailSpec } from "@/lib/sandbox/cloudtrail-scenarios";
import * as tamper from "@/lib/sandbox/cloudtrail-tamper";
import type { ValidateTrailLogsOutcome } from "@/lib/services/integrity/validate-trail-logs";
import { type LogFileEntry, validationDocument } from "@/lib/services/integrity/validation-document";

// The --json document over an in-memory run: files in awscli's order with both verdicts and both hashes, digest
// reasons in awscli's words, findings and gaps.

const files = generateTrailFiles(referenceTrailSpec());
const { bucket: B } = files.spec;

async function documentFor(edit: (bucket: Map<string, { key: string; body: Buffer; metadata: Record<string, string> }>) => void) {
  const objects = new Map(files.objects);
  edit(objects);
  const s3 = new MemoryS3(new Map([[B, objects]]));
  const request = {
    trailArn: files.trailArn,
    scope: files.scope,
    bucket: B,
    start: utcPyDate(files.spec.start),
    end: utcPyDate(new Date("2025-03-01T18:01:31Z")),
    verbose: false,
  };
  const result = await validateLogs(request, { digests: s3, logs: s3, publicKeys: new MemoryPublicKeys(files.keys) });
  const outcome: ValidateTrailLogsOutcome = {
    output: result.output,
    exitCode: result.exitCode,
    run: { request, location: { bucket: B, prefix: "audit", organizationId: null }, apiRegion: "us-east-2", result },
    failure: null,
  };
  return validationDocument(files.trailArn, outcome);
}

test("every file in awscli's order, each log after its digest, with expected and actual hashes", async () => {
  const document = await documentFor((bucket) => {
    tamper.modifyLog(files, bucket, { digest: 2, log: 0 });
    tamper.appendLogMember(files, bucket, { digest: 4, log: 0 });
  });
  expect(document).toMatchObject({ exitCode: 1, strictExitCode: 1, region: "us-east-2", accountId: "111122223333", prefix: "audit" });
  const newest = files.digests.at(-1)!;
  expect(document.files[0]).toMatchObject({ type: "digest", uri: `s3://${B}/${newest.key}`, status: "valid", reason: null });
  expect(document.files.slice(1, 1 + newest.logs.length).map((file) => file.uri)).toEqual(newest.logs.map((log) => `s3://${B}/${log.key}`));
  const entry = (key: string) => document.files.find((file) => file.uri.endsWith(key)) as LogFileEntry;
  const modified = files.digests[2]!.logs[0]!;
  expect(entry(modified.key)).toMatchObject({ status: "invalid", reason: "hash value doesn't match", expectedSha256: modified.hashValue });
  expect(entry(modified.key).actualSha256).toMatch(/^[0-9a-f]{64}$/);
  expect(entry(modified.key).actualSha256).not.toBe(modified.hashValue);
  const appended = files.digests[4]!.logs[0]!;
  expect(entry(appended.key)).toMatchObject({
    status: "invalid",
    reason: "unexpected data after end of compressed stream",
    strictStatus: "invalid",
    expectedSha256: appended.hashValue,
    actualSha256: appended.hashValue, // the first member is intact: the note says what follows it
    note: expect.stringMatching(/^the first gzip member matches the digest's hash; \d+ bytes of another gzip member follow it$/),
  });
  const logs = document.files.filter((file) => file.type === "log");
  expect(logs.every((log) => log.expectedSha256 !== null)).toBe(true);
  expect(logs).toHaveLength(document.counts!.validLogs + document.counts!.invalidLogs);
  expect(document.gaps).toEqual([
    expect.objectContaining({ backfill: false, from: "2025-03-01T15:01:31Z", to: "2025-03-01T16:01:31Z" }),
  ]);
});

test("digest verdicts in awscli's words; missing digests; strict findings", async () => {
  const document = await documentFor((bucket) => {
    tamper.unknownFingerprint(files, bucket, { digest: 3 });
    tamper.deleteDigest(files, bucket, { digest: 1 });
    tamper.breakChainSignature(files, bucket, { digest: 6 });
  });
  const digest = (index: number) => document.files.find((file) => file.uri === `s3://${B}/${files.digests[index]!.key}`);
  expect(digest(3)).toMatchObject({ status: "invalid", reason: expect.stringMatching(/^public key not found in region us-east-1 for fingerprint \w+$/) });
  expect(digest(1)).toMatchObject({ status: "missing", reason: "not found" });
  expect(document.findings).toContainEqual(expect.objectContaining({ kind: "chain-broken", uri: `s3://${B}/${files.digests[6]!.key}` }));
});

test("a run that never started", () => {
  const document = validationDocument("arn", { output: [], exitCode: 255, run: null, failure: "A trail could not be found for arn" });
  expect(document).toMatchObject({ exitCode: 255, strictExitCode: 255, aborted: "A trail could not be found for arn", files: [], counts: null });
});
