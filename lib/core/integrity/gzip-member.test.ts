import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { GzipHeaderReader, gunzipFirstMember } from "@/lib/core/integrity/gzip-member";
import { gzipWithHeader } from "@/lib/core/integrity/gzip-test-fixtures";

// zlib's messages and its order of checks, as Python's zlib 1.2.13 reported them on the same bytes.

describe("GzipHeaderReader", () => {
  test.each([
    { label: "a minimal header", bytes: gzipSync("x"), done: true, consumed: 10 },
    { label: "every optional field", bytes: gzipWithHeader(Buffer.from("x"), { extra: "EX", name: "n.json", comment: "c", headerCrc: true }), done: true, consumed: 10 + 4 + 7 + 2 + 2 },
    { label: "one byte of magic", bytes: Buffer.from([0x1f]), done: false, consumed: 1 },
    { label: "magic and a wrong method, FLG not yet in", bytes: Buffer.from([0x1f, 0x8b, 0x07]), done: false, consumed: 3 },
    { label: "a header cut inside the name", bytes: gzipWithHeader(Buffer.from("x"), { name: "long-name.json" }).subarray(0, 14), done: false, consumed: 14 },
  ])("reads $label", ({ bytes, done, consumed }) => {
    const reader = new GzipHeaderReader();
    expect(reader.push(bytes)).toBe(consumed);
    expect(reader.done).toBe(done);
  });

  test.each([
    { label: "JSON text", bytes: Buffer.from('{"Records":[]}'), message: "incorrect header check" },
    { label: "a zlib stream", bytes: Buffer.from([0x78, 0x9c, 0, 0]), message: "incorrect header check" },
    { label: "method 7", bytes: Buffer.from([0x1f, 0x8b, 0x07, 0x00]), message: "unknown compression method" },
    { label: "a reserved flag", bytes: Buffer.from([0x1f, 0x8b, 0x08, 0x20]), message: "unknown header flags set" },
    { label: "a wrong header CRC", bytes: gzipWithHeader(Buffer.from("x"), { name: "n", headerCrc: "wrong" }), message: "header crc mismatch" },
  ])("rejects $label", ({ bytes, message }) => {
    expect(() => new GzipHeaderReader().push(bytes)).toThrow(message);
  });

  test("a header split byte by byte reads the same, header CRC included", () => {
    const bytes = gzipWithHeader(Buffer.from("x"), { extra: "EXTRA", name: "n", comment: "c", headerCrc: true });
    const reader = new GzipHeaderReader();
    let consumed = 0;
    for (const byte of bytes) {
      if (reader.done) break;
      consumed += reader.push(Buffer.from([byte]));
    }
    expect(reader.done).toBe(true);
    expect(consumed).toBe(10 + 7 + 2 + 2 + 2);
  });
});

describe("gunzipFirstMember (Python's one-shot zlib.decompress, used for digests)", () => {
  const content = Buffer.from('{"awsAccountId":"111122223333","logFiles":[]}');
  const member = gzipSync(content);

  test.each([
    { label: "one member", bytes: member, trailing: 0 },
    { label: "garbage after the member, ignored", bytes: Buffer.concat([member, Buffer.from("junk")]), trailing: 4 },
    { label: "a second member, ignored", bytes: Buffer.concat([member, gzipSync("{}")]), trailing: gzipSync("{}").length },
  ])("inflates $label", ({ bytes, trailing }) => {
    const result = gunzipFirstMember(bytes);
    expect(result.content.equals(content)).toBe(true);
    expect(result.trailingBytes).toBe(trailing);
  });

  const flip = (index: number) => {
    const copy = Buffer.from(member);
    copy[index < 0 ? copy.length + index : index]! ^= 1;
    return copy;
  };
  test.each([
    { label: "a missing trailer", bytes: member.subarray(0, member.length - 8), message: "incomplete or truncated stream" },
    { label: "half a trailer", bytes: member.subarray(0, member.length - 2), message: "incomplete or truncated stream" },
    { label: "truncated data", bytes: member.subarray(0, 15), message: "unexpected end of file" },
    { label: "a header only", bytes: member.subarray(0, 10), message: "unexpected end of file" },
    { label: "a partial header", bytes: member.subarray(0, 5), message: "incomplete or truncated stream" },
    { label: "a wrong CRC", bytes: flip(-8), message: "incorrect data check" },
    { label: "a wrong ISIZE", bytes: flip(-1), message: "incorrect length check" },
    { label: "not gzip", bytes: content, message: "incorrect header check" },
  ])("raises on $label", ({ bytes, message }) => {
    expect(() => gunzipFirstMember(bytes)).toThrow(message);
  });

  test("stops at the output cap", () => {
    expect(() => gunzipFirstMember(gzipSync(Buffer.alloc(10_000)), 1000)).toThrow();
  });
});
