import type { SandboxBucket, TrailFiles, TrailFilesSpec } from "@/lib/sandbox/cloudtrail-files";
import * as tamper from "@/lib/sandbox/cloudtrail-tamper";
import type { TamperChange } from "@/lib/sandbox/cloudtrail-tamper";

// The tampering catalogue: one named scenario per kind DIGESTS.md describes, over one reference trail. The sandbox
// seeder can plant them; the end-to-end tests and the awscli parity test run the validator on each.

/** An 8-hour trail with key rotation at hour 4, logging stopped during hour 5, and two backfill digests. */
export function referenceTrailSpec(overrides: Partial<TrailFilesSpec> = {}): TrailFilesSpec {
  return {
    seed: "reference-trail",
    bucket: "trail-bucket",
    prefix: "audit",
    accountId: "111122223333",
    sourceRegion: "us-east-2",
    homeRegion: "us-east-1",
    trailName: "main",
    start: new Date("2025-03-01T10:01:31Z"),
    hours: 8,
    logsPerHour: [1, 2],
    logBytes: 2000,
    keyRotations: [4],
    stops: [{ from: 5, to: 6 }],
    backfillHours: [2, 3],
    ...overrides,
  };
}

export interface TamperScenario {
  name: string;
  apply: (files: TrailFiles, bucket: SandboxBucket) => TamperChange[];
}

const one =
  (name: string, apply: (files: TrailFiles, bucket: SandboxBucket) => TamperChange): TamperScenario => ({
    name,
    apply: (files, bucket) => [apply(files, bucket)],
  });

// Digest indexes refer to the reference trail: 0..4 cover hours 0..4, 5..6 hours 6..7 (5 starts a new chain).
export const TAMPER_SCENARIOS: readonly TamperScenario[] = [
  { name: "untouched", apply: () => [] },
  one("modify-log", (f, b) => tamper.modifyLog(f, b, { digest: 2, log: 0 })),
  one("delete-log", (f, b) => tamper.deleteLog(f, b, { digest: 2, log: 0 })),
  one("truncate-log", (f, b) => tamper.truncateLog(f, b, { digest: 2, log: 0 })),
  one("cut-log-trailer", (f, b) => tamper.cutLogTrailer(f, b, { digest: 2, log: 0 })),
  one("append-log-member", (f, b) => tamper.appendLogMember(f, b, { digest: 2, log: 0 })),
  one("append-log-garbage", (f, b) => tamper.appendLogGarbage(f, b, { digest: 2, log: 0 })),
  one("log-not-gzip", (f, b) => tamper.uncompressLog(f, b, { digest: 2, log: 0 })),
  one("modify-digest", (f, b) => tamper.modifyDigest(f, b, { digest: 3 })),
  one("delete-digest", (f, b) => tamper.deleteDigest(f, b, { digest: 3 })),
  one("delete-newest-digest", (f, b) => tamper.deleteNewestDigest(f, b)),
  one("move-newest-digest", (f, b) => tamper.moveDigest(f, b, { digest: -1, hoursLater: 1 })),
  one("copy-newest-digest", (f, b) => tamper.moveDigest(f, b, { digest: -1, hoursLater: 1, keepOriginal: true })),
  one("unknown-fingerprint", (f, b) => tamper.unknownFingerprint(f, b, { digest: 3 })),
  one("break-chain-signature", (f, b) => tamper.breakChainSignature(f, b, { digest: 3 })),
  one("break-chain-hash", (f, b) => tamper.breakChainHash(f, b, { digest: 3 })),
  one("skip-chain-link", (f, b) => tamper.skipChainLink(f, b, { digest: 4 })),
  one("forge-chain-start", (f, b) => tamper.forgeChainStart(f, b, { digest: 3 })),
  one("drop-signature-metadata", (f, b) => tamper.dropSignatureMetadata(f, b, { digest: 3 })),
  one("non-hex-signature", (f, b) => tamper.nonHexSignature(f, b, { digest: 3 })),
  one("drop-log-files-field", (f, b) => tamper.dropLogFilesField(f, b, { digest: 3 })),
  one("modify-backfill-digest", (f, b) => tamper.modifyDigest(f, b, { digest: 0, backfill: true })),
  one("backfill-unknown-fingerprint", (f, b) => tamper.unknownFingerprint(f, b, { digest: 1, backfill: true })),
];
