import { crc32, deflateRawSync } from "node:zlib";

// Builds gzip members with the optional header fields Node's gzip never writes (FEXTRA, FNAME, FCOMMENT, FHCRC),
// so the header reader is tested on every field zlib accepts. Test support only.

export interface HeaderFields {
  extra?: string;
  name?: string;
  comment?: string;
  /** true for a correct header CRC, "wrong" for a corrupted one. */
  headerCrc?: true | "wrong";
}

export function gzipWithHeader(content: Buffer, fields: HeaderFields): Buffer {
  const flags =
    (fields.headerCrc ? 0x02 : 0) | (fields.extra !== undefined ? 0x04 : 0) | (fields.name !== undefined ? 0x08 : 0) |
    (fields.comment !== undefined ? 0x10 : 0);
  const parts: Buffer[] = [Buffer.from([0x1f, 0x8b, 0x08, flags, 0, 0, 0, 0, 0, 0x03])];
  if (fields.extra !== undefined) {
    const length = Buffer.alloc(2);
    length.writeUInt16LE(fields.extra.length);
    parts.push(length, Buffer.from(fields.extra, "latin1"));
  }
  if (fields.name !== undefined) parts.push(Buffer.from(`${fields.name}\0`, "latin1"));
  if (fields.comment !== undefined) parts.push(Buffer.from(`${fields.comment}\0`, "latin1"));
  if (fields.headerCrc) {
    const crc = Buffer.alloc(2);
    crc.writeUInt16LE((crc32(Buffer.concat(parts)) & 0xffff) ^ (fields.headerCrc === "wrong" ? 1 : 0));
    parts.push(crc);
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(content), 0);
  trailer.writeUInt32LE(content.length % 2 ** 32, 4);
  return Buffer.concat([...parts, deflateRawSync(content), trailer]);
}
