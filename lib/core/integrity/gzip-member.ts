import zlib from "node:zlib";

// Python's zlib with wbits MAX_WBITS|16 reads ONE gzip member: header, deflate data, CRC-32 and ISIZE, then stops;
// whatever follows is ignored. Node's gunzip instead inflates every member and rejects trailing garbage. To get
// Python's reading we parse the gzip framing here, exactly as zlib's inflate.c does, and give only the deflate data
// to a raw inflater.

/** A Z_DATA_ERROR as zlib reports it; awscli turns any of them into "invalid format". */
export class GzipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GzipFormatError";
  }
}

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED_FLAGS = 0xe0;
const DEFLATE = 8;

type Stage = "magic" | "method" | "fixed" | "xlen" | "extra" | "name" | "comment" | "hcrc" | "done";

/**
 * Incremental gzip header reader with zlib's checks, in zlib's order: magic once 2 bytes are in, method and reserved
 * flags once 4 are in, the optional header CRC when its 2 bytes are in. An incomplete header is not an error (zlib
 * simply waits for more input).
 */
export class GzipHeaderReader {
  private stage: Stage = "magic";
  private field: number[] = [];
  private flags = 0;
  private extraLeft = 0;
  private crc = 0;

  get done(): boolean {
    return this.stage === "done";
  }

  /** Reads header bytes from `chunk`; returns how many it consumed (all of them unless the header ended inside). */
  push(chunk: Uint8Array): number {
    // The header CRC covers every header byte before the CRC field: a prefix of what this call reads.
    let crcFrom = this.stage === "hcrc" ? -1 : 0;
    let index = 0;
    while (index < chunk.length && this.stage !== "done") {
      const before = this.stage;
      this.step(chunk[index]!);
      index += 1;
      if (before !== "hcrc" && this.stage === "hcrc") {
        this.crc = zlib.crc32(chunk.subarray(crcFrom, index), this.crc);
        crcFrom = -1;
      }
    }
    if (crcFrom >= 0) this.crc = zlib.crc32(chunk.subarray(crcFrom, index), this.crc);
    return index;
  }

  private step(byte: number): void {
    switch (this.stage) {
      case "magic":
        if (this.collect(byte, 2)) {
          if (this.field[0] !== 0x1f || this.field[1] !== 0x8b) throw new GzipFormatError("incorrect header check");
          this.next("method");
        }
        return;
      case "method":
        if (this.collect(byte, 2)) {
          if (this.field[0] !== DEFLATE) throw new GzipFormatError("unknown compression method");
          this.flags = this.field[1]!;
          if (this.flags & RESERVED_FLAGS) throw new GzipFormatError("unknown header flags set");
          this.next("fixed");
        }
        return;
      case "fixed": // MTIME (4), XFL, OS
        if (this.collect(byte, 6)) this.afterFixed();
        return;
      case "xlen":
        if (this.collect(byte, 2)) {
          this.extraLeft = this.field[0]! | (this.field[1]! << 8);
          this.field = [];
          if (this.extraLeft === 0) this.afterExtra();
          else this.stage = "extra";
        }
        return;
      case "extra":
        this.extraLeft -= 1;
        if (this.extraLeft === 0) this.afterExtra();
        return;
      case "name":
        if (byte === 0) this.afterName();
        return;
      case "comment":
        if (byte === 0) this.afterComment();
        return;
      case "hcrc":
        if (this.collect(byte, 2)) {
          const stored = this.field[0]! | (this.field[1]! << 8);
          if (stored !== (this.crc & 0xffff)) throw new GzipFormatError("header crc mismatch");
          this.next("done");
        }
        return;
      case "done":
        return;
    }
  }

  private collect(byte: number, length: number): boolean {
    this.field.push(byte);
    return this.field.length === length;
  }

  private next(stage: Stage): void {
    this.field = [];
    this.stage = stage;
  }

  private afterFixed(): void {
    if (this.flags & FEXTRA) this.next("xlen");
    else this.afterExtra();
  }

  private afterExtra(): void {
    if (this.flags & FNAME) this.next("name");
    else this.afterName();
  }

  private afterName(): void {
    if (this.flags & FCOMMENT) this.next("comment");
    else this.afterComment();
  }

  private afterComment(): void {
    this.next(this.flags & FHCRC ? "hcrc" : "done");
  }
}

/**
 * zlib's trailer checks: the CRC-32 of the inflated data once its 4 bytes are in, then ISIZE (length mod 2^32) once
 * those are in. A trailer cut short is not an error for a streaming reader.
 */
export function checkGzipTrailer(trailer: Uint8Array, crc: number, size: number): void {
  if (trailer.length >= 4 && readUint32LE(trailer, 0) !== crc >>> 0) throw new GzipFormatError("incorrect data check");
  if (trailer.length >= 8 && readUint32LE(trailer, 4) !== size % 2 ** 32) {
    throw new GzipFormatError("incorrect length check");
  }
}

function readUint32LE(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}

export const GZIP_TRAILER_LENGTH = 8;

export interface FirstMember {
  content: Buffer;
  /** Bytes after the first member's trailer, which Python ignores. */
  trailingBytes: number;
}

/**
 * Python's one-shot `zlib.decompress(data, MAX_WBITS | 16)`, used by awscli for digests: the first member must be
 * complete (header, data and a correct trailer) or it raises; bytes after it are ignored.
 */
export function gunzipFirstMember(bytes: Uint8Array, maxOutputLength?: number): FirstMember {
  const header = new GzipHeaderReader();
  const headerLength = header.push(bytes);
  if (!header.done) throw new GzipFormatError("incomplete or truncated stream");
  let inflated: { buffer: Buffer; engine: zlib.InflateRaw };
  try {
    const options = maxOutputLength === undefined ? { info: true } : { info: true, maxOutputLength };
    inflated = zlib.inflateRawSync(bytes.subarray(headerLength), options) as unknown as typeof inflated;
  } catch (error) {
    throw new GzipFormatError(error instanceof Error ? error.message : String(error));
  }
  const trailerStart = headerLength + inflated.engine.bytesWritten;
  const trailer = bytes.subarray(trailerStart, trailerStart + GZIP_TRAILER_LENGTH);
  if (trailer.length < GZIP_TRAILER_LENGTH) throw new GzipFormatError("incomplete or truncated stream");
  checkGzipTrailer(trailer, zlib.crc32(inflated.buffer), inflated.buffer.length);
  return { content: inflated.buffer, trailingBytes: bytes.length - trailerStart - GZIP_TRAILER_LENGTH };
}
