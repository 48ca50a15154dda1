import zlib from "node:zlib";

// A gzip bomb made cheaply, for tests of the size caps: one segment of deflate output for `segmentBytes` of `fill`,
// sync-flushed (so it ends on a byte boundary in non-final blocks), repeated; then a final empty block and a gzip
// trailer. Deflating 1 MiB once yields ~1 KB, so 200 KB of gzip inflates to ~200 MiB (deflate's ratio is at most
// 1032:1) without ever holding the inflated text. The trailer's CRC is not that of the content: a reader that gets
// as far as checking it has already inflated everything, which is what the caps are there to prevent.

export interface GzipBomb {
  bytes: Buffer;
  /** What it inflates to, in bytes. */
  inflatedBytes: number;
}

export function gzipBomb(targetCompressedBytes: number, fill = "[],", segmentBytes = 1024 * 1024): GzipBomb {
  const text = Buffer.alloc(segmentBytes, fill);
  const segment = zlib.deflateRawSync(text, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const count = Math.max(1, Math.floor(targetCompressedBytes / segment.length));
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  const inflatedBytes = count * segmentBytes;
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(inflatedBytes % 2 ** 32, 4);
  return { bytes: Buffer.concat([header, ...Array<Buffer>(count).fill(segment), finalEmptyBlock, trailer]), inflatedBytes };
}
