import { createHash } from "node:crypto";
import { deflateSync, gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { gzipWithHeader } from "@/lib/core/integrity/gzip-test-fixtures";
import {
  DecompressedSizeLimitError,
  hashGzipStream,
  type LogHashVerdict,
  parityLogVerdict,
  strictLogVerdict,
} from "@/lib/core/integrity/log-hash";

// Every case below was run through Python's zlib.decompressobj(MAX_WBITS|16) in awscli's 2 KiB loop: the parity
// column is what AWS CLI 1.45.11 makes of it (a zlib error = "invalid format"; otherwise the hash decides). The
// current column is AWS CLI 1.45.12+ (aws/aws-cli 53c1084b5): the same, except that a non-empty
// `gzip_inflater.unused_data` (bytes after a complete first member) is "unexpected data after end of compressed
// stream" before the hash is compared; it defaults to the parity column where the two agree.

const content = Buffer.from(
  JSON.stringify({
    Records: Array.from({ length: 400 }, (_, index) => ({ eventID: index, eventName: `Describe${index % 7}`, pad: "ab".repeat(index % 50) })),
  }),
);
const member = gzipSync(content);
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const expected = sha(content);
const flip = (bytes: Buffer, index: number) => {
  const copy = Buffer.from(bytes);
  copy[index < 0 ? copy.length + index : index]! ^= 0x01;
  return copy;
};

async function* chunked(bytes: Buffer, size: number) {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

interface Case {
  label: string;
  bytes: Buffer;
  parity: LogHashVerdict;
  current?: LogHashVerdict;
  strict: LogHashVerdict;
  formatError?: string;
  truncated?: boolean;
  trailingBytes?: number;
}

const cases: Case[] = [
  { label: "one gzip member", bytes: member, parity: "valid", strict: "valid", truncated: false, trailingBytes: 0 },
  {
    label: "an appended member with a forged record",
    bytes: Buffer.concat([member, gzipSync('{"Records":[{"eventName":"DeleteTrail"}]}')]),
    parity: "valid",
    current: "trailing-data",
    strict: "trailing-data",
    trailingBytes: gzipSync('{"Records":[{"eventName":"DeleteTrail"}]}').length,
  },
  {
    label: "another content with a member appended",
    bytes: Buffer.concat([gzipSync("{}"), member]),
    parity: "hash-mismatch",
    current: "trailing-data",
    strict: "trailing-data",
    trailingBytes: member.length,
  },
  { label: "appended garbage", bytes: Buffer.concat([member, Buffer.from("garbage!!")]), parity: "valid", current: "trailing-data", strict: "trailing-data", trailingBytes: 9 },
  { label: "appended zero padding", bytes: Buffer.concat([member, Buffer.alloc(10)]), parity: "valid", current: "trailing-data", strict: "trailing-data", trailingBytes: 10 },
  { label: "one appended byte", bytes: Buffer.concat([member, Buffer.from([0])]), parity: "valid", current: "trailing-data", strict: "trailing-data", trailingBytes: 1 },
  {
    label: "a wrong CRC, then more data (the error comes first)",
    bytes: Buffer.concat([flip(member, -8), member]),
    parity: "invalid-format",
    strict: "invalid-format",
    formatError: "incorrect data check",
  },
  { label: "a cut in the deflate data", bytes: member.subarray(0, member.length >> 1), parity: "hash-mismatch", strict: "hash-mismatch", truncated: true },
  { label: "the 8-byte trailer cut off", bytes: member.subarray(0, member.length - 8), parity: "valid", strict: "invalid-format", truncated: true },
  { label: "the ISIZE cut off", bytes: member.subarray(0, member.length - 4), parity: "valid", strict: "invalid-format", truncated: true },
  { label: "a wrong CRC", bytes: flip(member, -8), parity: "invalid-format", strict: "invalid-format", formatError: "incorrect data check" },
  { label: "a wrong ISIZE", bytes: flip(member, -1), parity: "invalid-format", strict: "invalid-format", formatError: "incorrect length check" },
  {
    label: "a wrong CRC with the ISIZE cut off",
    bytes: flip(member, -8).subarray(0, member.length - 2),
    parity: "invalid-format",
    strict: "invalid-format",
    formatError: "incorrect data check",
  },
  { label: "corrupt deflate data", bytes: flip(member, 12), parity: "invalid-format", strict: "invalid-format" },
  { label: "an empty file", bytes: Buffer.alloc(0), parity: "hash-mismatch", strict: "hash-mismatch", truncated: true },
  { label: "JSON, not gzip", bytes: content, parity: "invalid-format", strict: "invalid-format", formatError: "incorrect header check" },
  { label: "a zlib stream", bytes: deflateSync(content), parity: "invalid-format", strict: "invalid-format", formatError: "incorrect header check" },
  { label: "three header bytes", bytes: Buffer.from([0x1f, 0x8b, 0x07]), parity: "hash-mismatch", strict: "hash-mismatch", truncated: true },
  {
    label: "every optional header field",
    bytes: gzipWithHeader(content, { extra: "EXTRA", name: "name.json", comment: "a comment", headerCrc: true }),
    parity: "valid",
    strict: "valid",
  },
  {
    label: "a wrong header CRC",
    bytes: gzipWithHeader(content, { name: "n", headerCrc: "wrong" }),
    parity: "invalid-format",
    strict: "invalid-format",
    formatError: "header crc mismatch",
  },
];

describe.each([
  { chunk: 3 },
  { chunk: 2048 },
  { chunk: 1 << 20 },
])("hashGzipStream in $chunk-byte chunks", ({ chunk }) => {
  test.each(cases)("$label", async ({ bytes, parity, current, strict, formatError, truncated, trailingBytes }) => {
    const hashed = await hashGzipStream(chunked(bytes, chunk));
    expect(parityLogVerdict(hashed, expected, "1.45.11")).toBe(parity);
    expect(parityLogVerdict(hashed, expected, "1.45.12")).toBe(current ?? parity);
    expect(parityLogVerdict(hashed, expected)).toBe(current ?? parity); // the default: the current AWS CLI
    expect(strictLogVerdict(hashed, expected)).toBe(strict);
    if (formatError) expect(hashed.formatError).toBe(formatError);
    if (truncated !== undefined) expect(hashed.truncated).toBe(truncated);
    if (trailingBytes !== undefined) expect(hashed.trailingBytes).toBe(trailingBytes);
    // Like Python, reading stops at the first zlib error; otherwise the whole body is read.
    if (parity !== "invalid-format") expect(hashed.compressedBytes).toBe(bytes.length);
  });
});

test("a truncated file hashes exactly the inflated prefix, as Python does", async () => {
  const hashed = await hashGzipStream(chunked(member.subarray(0, member.length >> 1), 2048));
  expect(hashed.decompressedBytes).toBeGreaterThan(0);
  expect(hashed.decompressedBytes).toBeLessThan(content.length);
  expect(hashed.sha256).toBe(sha(content.subarray(0, hashed.decompressedBytes)));
});

test("the whole-file hash is awscli's hash of the uncompressed content", async () => {
  const hashed = await hashGzipStream(chunked(member, 2048));
  expect(hashed).toMatchObject({ sha256: expected, decompressedBytes: content.length, appendedMember: false });
});

test("a hash value of another type never matches (awscli compares with !=)", async () => {
  const hashed = await hashGzipStream(chunked(member, 2048));
  expect(parityLogVerdict(hashed, null)).toBe("hash-mismatch");
});

test("the decompressed-size cap stops a gzip bomb", async () => {
  const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
  await expect(hashGzipStream(chunked(bomb, 2048), { maxDecompressedBytes: 1024 * 1024 })).rejects.toBeInstanceOf(
    DecompressedSizeLimitError,
  );
});

test("a failing source propagates its error and releases the inflater", async () => {
  async function* failing() {
    yield member.subarray(0, 100);
    throw new Error("socket hang up");
  }
  await expect(hashGzipStream(failing())).rejects.toThrow("socket hang up");
});
