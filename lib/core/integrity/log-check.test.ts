import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { checkLogEntry, type LogSource, logFileEntries } from "@/lib/core/integrity/log-check";
import type { JsonValue } from "@/lib/core/integrity/py-compat";

const content = Buffer.from('{"Records":[{"eventName":"DescribeTrails"}]}');
const body = gzipSync(content);
const hashValue = createHash("sha256").update(content).digest("hex");

const logs: LogSource = {
  async openLog(bucket, key) {
    if (bucket === "denied") throw new Error("An error occurred (AccessDenied) when calling the GetObject operation: Access Denied");
    if (key === "missing.json.gz") return "not-found";
    const bytes = key === "appended.json.gz" ? Buffer.concat([body, gzipSync("{}")]) : key === "garbage.json.gz" ? content : body;
    return (async function* () {
      yield bytes;
    })();
  },
};

const entry = (overrides: Record<string, JsonValue>) => ({ s3Bucket: "b", s3Object: "log.json.gz", hashValue, ...overrides });

describe("logFileEntries (Python's for loop over logFiles)", () => {
  test.each<{ label: string; value: JsonValue; entries: JsonValue[] }>([
    { label: "a list", value: [{ a: 1 }, 2], entries: [{ a: 1 }, 2] },
    { label: "an empty list", value: [], entries: [] },
    { label: "null", value: null, entries: [] },
    { label: "a dict: its keys", value: { a: 1, b: 2 }, entries: ["a", "b"] },
    { label: "a string: its characters", value: "ab", entries: ["a", "b"] },
  ])("$label", ({ value, entries }) => {
    expect(logFileEntries(value)).toEqual(entries);
  });

  test.each([
    { value: 5, message: "'int' object is not iterable" },
    { value: true, message: "'bool' object is not iterable" },
  ])("$value raises TypeError", ({ value, message }) => {
    expect(() => logFileEntries(value)).toThrow(message);
  });
});

describe("checkLogEntry", () => {
  test.each<{ label: string; entry: JsonValue; parity: string; strict: string; line: string }>([
    { label: "an intact file", entry: entry({}), parity: "valid", strict: "valid", line: "Log file\ts3://b/log.json.gz\tvalid" },
    {
      label: "another hash",
      entry: entry({ hashValue: "0".repeat(64) }),
      parity: "hash-mismatch",
      strict: "hash-mismatch",
      line: "Log file\ts3://b/log.json.gz\tINVALID: hash value doesn't match",
    },
    { label: "a missing object", entry: entry({ s3Object: "missing.json.gz" }), parity: "not-found", strict: "not-found", line: "Log file\ts3://b/missing.json.gz\tINVALID: not found" },
    { label: "a file that is not gzip", entry: entry({ s3Object: "garbage.json.gz" }), parity: "invalid-format", strict: "invalid-format", line: "Log file\ts3://b/garbage.json.gz\tINVALID: invalid format" },
    {
      label: "an appended gzip member (the current AWS CLI, aws/aws-cli 53c1084b5)",
      entry: entry({ s3Object: "appended.json.gz" }),
      parity: "trailing-data",
      strict: "trailing-data",
      line: "Log file\ts3://b/appended.json.gz\tINVALID: unexpected data after end of compressed stream",
    },
    { label: "no hashValue (KeyError, caught)", entry: { s3Bucket: "b", s3Object: "log.json.gz" }, parity: "invalid-format", strict: "invalid-format", line: "Log file\ts3://b/log.json.gz\tINVALID: invalid format" },
    { label: "a numeric key (botocore refuses it)", entry: entry({ s3Object: 7 }), parity: "invalid-format", strict: "invalid-format", line: "Log file\ts3://b/7\tINVALID: invalid format" },
    { label: "an empty key", entry: entry({ s3Object: "" }), parity: "invalid-format", strict: "invalid-format", line: "Log file\ts3://b/\tINVALID: invalid format" },
    { label: "a bucket name botocore rejects", entry: entry({ s3Bucket: "no such bucket!" }), parity: "invalid-format", strict: "invalid-format", line: "Log file\ts3://no such bucket!/log.json.gz\tINVALID: invalid format" },
    { label: "a null bucket", entry: entry({ s3Bucket: null }), parity: "invalid-format", strict: "invalid-format", line: "Log file\ts3://None/log.json.gz\tINVALID: invalid format" },
  ])("$label", async ({ entry, parity, strict, line }) => {
    expect(await checkLogEntry(entry, logs)).toMatchObject({ parity, strict, line });
  });

  test.each<{ label: string; entry: JsonValue; message: string }>([
    { label: "a string entry", entry: "x", message: "string indices must be integers, not 'str'" },
    { label: "a list entry", entry: [1], message: "list indices must be integers or slices, not str" },
    { label: "a null entry", entry: null, message: "'NoneType' object is not subscriptable" },
    { label: "no s3Bucket", entry: { s3Object: "k", hashValue }, message: "'s3Bucket'" },
    { label: "no s3Object", entry: { s3Bucket: "b", hashValue }, message: "'s3Object'" },
    { label: "no s3Object and a bad bucket", entry: { s3Bucket: 5, hashValue }, message: "'s3Object'" },
    { label: "an S3 error other than NoSuchKey", entry: entry({ s3Bucket: "denied" }), message: "An error occurred (AccessDenied)" },
  ])("aborts on $label, as awscli's handler re-raises", async ({ entry, message }) => {
    await expect(checkLogEntry(entry, logs)).rejects.toThrow(message);
  });

  test("AWS CLI 1.45.11 ignores an appended member; the strict verdict does not", async () => {
    expect(await checkLogEntry(entry({ s3Object: "appended.json.gz" }), logs, { awscli: "1.45.11" })).toMatchObject({
      parity: "valid",
      strict: "trailing-data",
      line: "Log file\ts3://b/appended.json.gz\tvalid",
    });
  });

  test("the note says what follows the first member, whose hash matches", async () => {
    const appendedLength = gzipSync("{}").length;
    expect((await checkLogEntry(entry({ s3Object: "appended.json.gz" }), logs)).note).toBe(
      `the first gzip member matches the digest's hash; ${appendedLength} bytes of another gzip member follow it`,
    );
    expect((await checkLogEntry(entry({ s3Object: "appended.json.gz", hashValue: "0".repeat(64) }), logs)).note).toBe(
      `the first gzip member does not match the digest's hash; ${appendedLength} bytes of another gzip member follow it`,
    );
  });

  // 1.45.12 checks unused_data before it reads log['hashValue'] (KeyError, "invalid format"); 1.45.11 never checks it.
  test.each([
    { awscli: "1.45.12" as const, parity: "trailing-data" },
    { awscli: "1.45.11" as const, parity: "invalid-format" },
  ])("no hashValue and an appended member: $parity for $awscli", async ({ awscli, parity }) => {
    expect(await checkLogEntry({ s3Bucket: "b", s3Object: "appended.json.gz" }, logs, { awscli })).toMatchObject({ parity });
  });

  test("a read error in the middle of the body is invalid format", async () => {
    const failing: LogSource = {
      openLog: async () =>
        (async function* () {
          yield body.subarray(0, 10);
          throw new Error("ECONNRESET");
        })(),
    };
    expect(await checkLogEntry(entry({}), failing)).toMatchObject({
      parity: "invalid-format",
      note: expect.stringContaining("ECONNRESET"),
      readError: "read failed: Error: ECONNRESET",
    });
  });

  test("the size cap makes a gzip bomb invalid format", async () => {
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024));
    const bombs: LogSource = { openLog: async () => (async function* () { yield bomb; })() };
    expect(await checkLogEntry(entry({}), bombs, { maxDecompressedBytes: 1024 })).toMatchObject({ parity: "invalid-format", readError: null });
  });
});
