import { spawnSync } from "node:child_process";
import { sign } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { JsonObject } from "@/lib/core/integrity/digest-document";
import { utcPyDate } from "@/lib/core/integrity/py-date";
import { stringToSign } from "@/lib/core/integrity/signature";
import { validateLogs } from "@/lib/core/integrity/validate-logs";
import { generateTrailFiles, type SandboxBucket, type TrailFiles } from "@/lib/sandbox/cloudtrail-files";
import { MemoryPublicKeys, MemoryS3 } from "@/lib/sandbox/cloudtrail-memory";
import { referenceTrailSpec, TAMPER_SCENARIOS } from "@/lib/sandbox/cloudtrail-scenarios";
import * as tamper from "@/lib/sandbox/cloudtrail-tamper";
import { skipWithoutJudge } from "@/lib/sandbox/independent-judge";
import { awscliLogBehaviour } from "@/lib/services/integrity/awscli-compat";

// Byte-for-byte parity with the reference: every scenario runs through our validateLogs and through awscli's own
// CloudTrailValidateLogs (cloudtrail-awscli-parity.py, AWS clients faked), and stdout, stderr and the exit code
// must be identical. Skipped where python3 cannot import awscli (failed under CI=true).

const PYTHON = process.env["TRAILPROOF_PYTHON"] ?? "python3";
// One python start answers both: can it import awscli's validation, and which version is it? Compared with the
// installed awscli, TrailProof follows that version's log verdicts (TRAILPROOF_AWSCLI_COMPAT).
const probe = spawnSync(PYTHON, ["-c", "import awscli, awscli.customizations.cloudtrail.validation; print(awscli.__version__)"], { encoding: "utf8" });
const hasAwscli = probe.status === 0;
const installedAwscli = hasAwscli ? probe.stdout.trim() : "";

const files = generateTrailFiles(referenceTrailSpec());
const orgFiles = generateTrailFiles(referenceTrailSpec({ seed: "org", organizationId: "o-abc1234567", stops: [] }));
const END = new Date("2025-03-01T18:01:31Z");

interface Scenario {
  name: string;
  files: TrailFiles;
  bucket: SandboxBucket;
  verbose: boolean;
  start: Date;
  end: Date;
}

const document = (bucket: SandboxBucket, key: string) => JSON.parse(gunzipSync(bucket.get(key)!.body).toString()) as JsonObject;

/** Re-signs raw content (or the edited document) with the trail's key and a chosen hash. */
function put(trail: TrailFiles, bucket: SandboxBucket, index: number, edit: (doc: JsonObject) => void, options: { algorithm?: string; raw?: Buffer } = {}) {
  const digest = trail.digests[index]!;
  const doc = document(bucket, digest.key);
  edit(doc);
  const content = options.raw ?? Buffer.from(JSON.stringify(doc));
  const signature = sign(options.algorithm ?? "sha256", Buffer.from(stringToSign(doc, content)), trail.keys[digest.keyIndex]!.privateKey).toString("hex");
  bucket.set(digest.key, { key: digest.key, body: gzipSync(content), metadata: { signature, "signature-algorithm": "SHA256withRSA" } });
}

function plant(trail: TrailFiles, bucket: SandboxBucket, stamp: string) {
  const key = trail.digests.at(-1)!.key.replace(/\d{8}T\d{6}Z\.json\.gz$/, `${stamp}.json.gz`);
  bucket.set(key, { key, body: Buffer.from("x"), metadata: {} });
}

// Cases beyond the catalogue: the odd inputs where awscli's Python semantics decide the output.
const EDGE_CASES: Record<string, (trail: TrailFiles, bucket: SandboxBucket) => void> = {
  "sha1-signature": (t, b) => put(t, b, 3, () => undefined, { algorithm: "sha1" }),
  "digest-trailing-garbage": (t, b) => {
    const object = b.get(t.digests[3]!.key)!;
    b.set(object.key, { ...object, body: Buffer.concat([object.body, Buffer.from("junk")]) });
  },
  "digest-truncated": (t, b) => {
    const object = b.get(t.digests[3]!.key)!;
    b.set(object.key, { ...object, body: object.body.subarray(0, object.body.length - 4) });
  },
  "planted-garbage-key": (t, b) => plant(t, b, "garbage"),
  "planted-slash-key": (t, b) => plant(t, b, "20250301T17/000Z"),
  "planted-newest-slash-key": (t, b) => plant(t, b, "20250301T19/000Z"),
  "offset-times": (t, b) => put(t, b, 6, (d) => Object.assign(d, { digestStartTime: "2025-03-01T19:01:31+02:00", digestEndTime: "2025-03-01T20:01:31+02:00" })),
  "naive-start-time": (t, b) => put(t, b, 6, (d) => (d["digestStartTime"] = "2025-03-01T17:01:31")),
  "unparsable-start-time": (t, b) => put(t, b, 6, (d) => (d["digestStartTime"] = "yesterday")),
  "int-end-time": (t, b) => put(t, b, 6, (d) => (d["digestEndTime"] = 12345)),
  "json-list": (t, b) => put(t, b, 6, () => undefined, { raw: Buffer.from("[1,2]") }),
  "list-fingerprint": (t, b) => put(t, b, 6, (d) => (d["digestPublicKeyFingerprint"] = ["a"])),
  "odd-length-signature": (t, b) => {
    const object = b.get(t.digests[6]!.key)!;
    b.set(object.key, { ...object, metadata: { ...object.metadata, signature: "abc" } });
  },
  "log-files-int": (t, b) => put(t, b, 6, (d) => (d["logFiles"] = 5)),
  "log-entry-without-bucket": (t, b) => put(t, b, 6, (d) => delete (d["logFiles"] as JsonObject[])[0]!["s3Bucket"]),
  "log-entry-without-hash": (t, b) => put(t, b, 6, (d) => delete (d["logFiles"] as JsonObject[])[0]!["hashValue"]),
  "log-entry-int-key": (t, b) => put(t, b, 6, (d) => ((d["logFiles"] as JsonObject[])[0]!["s3Object"] = 7)),
  "previous-key-empty": (t, b) => put(t, b, 6, (d) => (d["previousDigestS3Object"] = "")),
  "previous-key-zero": (t, b) => put(t, b, 4, (d) => (d["previousDigestS3Object"] = 0)),
  "previous-key-unparsable": (t, b) => put(t, b, 4, (d) => (d["previousDigestS3Object"] = "nonsense")),
  "previous-bucket-missing": (t, b) => put(t, b, 4, (d) => (d["previousDigestS3Bucket"] = "nosuchbucket")),
  "moved-middle-digest": (t, b) => void tamper.moveDigest(t, b, { digest: 2, hoursLater: 0.5 }),
};

function scenarios(): Scenario[] {
  const base = { files, start: files.spec.start, end: END };
  const list: Omit<Scenario, "verbose">[] = [
    ...TAMPER_SCENARIOS.map((scenario) => {
      const bucket = new Map(files.objects);
      scenario.apply(files, bucket);
      return { ...base, name: scenario.name, bucket };
    }),
    ...Object.entries(EDGE_CASES).map(([name, apply]) => {
      const bucket = new Map(files.objects);
      apply(files, bucket);
      return { ...base, name, bucket };
    }),
    { name: "organization-trail", files: orgFiles, bucket: orgFiles.objects, start: orgFiles.spec.start, end: END },
    { ...base, name: "window-inside", bucket: files.objects, start: new Date("2025-03-01T12:30:00Z"), end: new Date("2025-03-01T14:00:00Z") },
    { ...base, name: "window-exact", bucket: files.objects, start: new Date("2025-03-01T12:01:31Z"), end: new Date("2025-03-01T13:01:31Z") },
    { ...base, name: "window-empty", bucket: files.objects, start: new Date("2025-04-01T00:00:00Z"), end: new Date("2025-04-02T00:00:00Z") },
    { ...base, name: "window-without-keys", bucket: files.objects, start: new Date("2010-01-01T00:00:00Z"), end: new Date("2010-01-02T00:00:00Z") },
  ];
  return list.flatMap((scenario) => [
    { ...scenario, name: `${scenario.name} --verbose`, verbose: true },
    { ...scenario, verbose: false },
  ]);
}

const SUITE = "parity with awscli's validate-logs";
describe.skipIf(skipWithoutJudge(SUITE, hasAwscli ? null : `${PYTHON} that imports awscli (AWS CLI v1)`))(SUITE, () => {
  const all = scenarios();
  let directory = "";
  let reference: Record<string, { stdout: string; stderr: string; rc: number }> = {};

  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), "trailproof-parity-"));
    const input = path.join(directory, "scenarios.json");
    const serialized = all.map((scenario) => ({
      name: scenario.name,
      arn: scenario.files.trailArn,
      bucket: scenario.files.spec.bucket,
      prefix: scenario.files.spec.prefix ?? null,
      region: scenario.files.spec.sourceRegion,
      accountId: scenario.files.spec.accountId,
      organizationId: scenario.files.spec.organizationId ?? null,
      start: scenario.start.toISOString(),
      end: scenario.end.toISOString(),
      verbose: scenario.verbose,
      objects: Object.fromEntries([...scenario.bucket].map(([key, object]) => [key, { body: object.body.toString("base64"), metadata: object.metadata }])),
      keys: scenario.files.keys.map((key) => ({
        fingerprint: key.fingerprint,
        der: key.publicDer.toString("base64"),
        from: key.validFrom.toISOString(),
        to: key.validTo.toISOString(),
      })),
    }));
    writeFileSync(input, JSON.stringify(serialized));
    const script = path.join(import.meta.dirname, "cloudtrail-awscli-parity.py");
    const ran = spawnSync(PYTHON, [script, input], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (ran.status !== 0) throw new Error(`awscli harness failed: ${ran.stderr}`);
    reference = JSON.parse(ran.stdout) as typeof reference;
  }, 60_000);

  afterAll(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  test.each(all.map((scenario) => ({ name: scenario.name, scenario })))("$name", async ({ name, scenario }) => {
    const s3 = new MemoryS3(new Map([[scenario.files.spec.bucket, scenario.bucket]]));
    const result = await validateLogs(
      {
        trailArn: scenario.files.trailArn,
        scope: scenario.files.scope,
        bucket: scenario.files.spec.bucket,
        start: utcPyDate(scenario.start),
        end: utcPyDate(scenario.end),
        verbose: scenario.verbose,
      },
      { digests: s3, logs: s3, publicKeys: new MemoryPublicKeys(scenario.files.keys) },
      { awscli: awscliLogBehaviour(installedAwscli) },
    );
    const text = (stream: "stdout" | "stderr") => result.output.filter((chunk) => chunk.stream === stream).map((chunk) => chunk.text).join("");
    expect({ stdout: text("stdout"), stderr: text("stderr"), rc: result.exitCode }).toEqual(reference[name]);
  });
});
