import type { SandboxBucket, TrailFiles } from "@/lib/sandbox/cloudtrail-files";
import * as tamper from "@/lib/sandbox/cloudtrail-tamper";
import type { TamperChange } from "@/lib/sandbox/cloudtrail-tamper";
import type { JsonValue } from "@/lib/core/integrity/py-compat";

// Where the demo organization's tampering sits: every kind DIGESTS.md lists, on chains of 24 (or more) hourly digests, two or
// three per chain at least four digests apart so that one does not hide another, and most chains left clean.
// Chains are named by trail key, account key ("owner" for the trail's own account) and region index.

export interface Placement {
  trail: string;
  account: string;
  region: 0 | 1;
  /** Hours that also get a backfill digest (for the backfill tamperings). */
  backfillHours?: number[];
  apply: ((files: TrailFiles, bucket: SandboxBucket) => TamperChange)[];
}

export const DEMO_TAMPERING: readonly Placement[] = [
  {
    trail: "payments-trail", account: "owner", region: 0,
    apply: [(f, b) => tamper.modifyLog(f, b, { digest: 18, log: 0 }), (f, b) => tamper.deleteLog(f, b, { digest: 12, log: 0 }), (f, b) => tamper.truncateLog(f, b, { digest: 6, log: 0 })],
  },
  {
    trail: "payments-trail", account: "owner", region: 1,
    apply: [(f, b) => tamper.deleteNewestDigest(f, b), (f, b) => tamper.modifyDigest(f, b, { digest: 14 }), (f, b) => tamper.breakChainSignature(f, b, { digest: 8 })],
  },
  {
    trail: "data-trail", account: "owner", region: 0,
    apply: [(f, b) => tamper.skipChainLink(f, b, { digest: 16 }), (f, b) => tamper.cutLogTrailer(f, b, { digest: 9, log: 0 }), (f, b) => tamper.appendLogMember(f, b, { digest: 4, log: 0 })],
  },
  {
    trail: "data-trail", account: "owner", region: 1,
    apply: [(f, b) => tamper.appendLogGarbage(f, b, { digest: 17, log: 0 }), (f, b) => tamper.unknownFingerprint(f, b, { digest: 10 }), (f, b) => tamper.forgeChainStart(f, b, { digest: 5 })],
  },
  {
    trail: "sandbox-trail", account: "owner", region: 0,
    apply: [
      (f, b) => tamper.deleteDigest(f, b, { digest: 12 }),
      (f, b) => tamper.breakChainHash(f, b, { digest: 6 }),
      (f, b) => tamper.uncompressLog(f, b, { digest: 17, log: 0 }),
    ],
  },
  { trail: "org-trail", account: "payments-dev", region: 0, apply: [(f, b) => tamper.moveDigest(f, b, { digest: -1, hoursLater: 1 })] },
  { trail: "org-trail", account: "payments-dev", region: 1, apply: [(f, b) => tamper.moveDigest(f, b, { digest: -1, hoursLater: 1, keepOriginal: true })] },
  {
    trail: "org-trail", account: "data-platform", region: 0,
    apply: [(f, b) => tamper.dropSignatureMetadata(f, b, { digest: 15 }), (f, b) => tamper.nonHexSignature(f, b, { digest: 7 })],
  },
  // Someone with the signing key dropped a log file from a digest and re-signed it: awscli says valid; the next
  // digest's link to it no longer matches.
  {
    trail: "org-trail", account: "log-archive", region: 1,
    apply: [
      (f, b) =>
        tamper.resignDigest(f, b, {
          digest: 9,
          edit: (document) => void (document.logFiles = (document.logFiles as JsonValue[]).slice(1)),
          description: "removed the first log file from the digest and re-signed it with the trail's key",
        }),
    ],
  },
  // A signed digest without its logFiles field makes awscli stop (exit 255): alone on its chain.
  { trail: "org-trail", account: "sandbox", region: 0, apply: [(f, b) => tamper.dropLogFilesField(f, b, { digest: 10 })] },
  {
    trail: "org-trail", account: "audit", region: 1, backfillHours: [2, 3],
    apply: [(f, b) => tamper.modifyDigest(f, b, { digest: 0, backfill: true }), (f, b) => tamper.unknownFingerprint(f, b, { digest: 1, backfill: true })],
  },
];
