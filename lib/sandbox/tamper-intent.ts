import type { AwsCliLogBehaviour } from "@/lib/core/integrity/awscli-behaviour";
import type { TamperKind } from "@/lib/sandbox/cloudtrail-tamper";

// What each kind of tampering is meant to do to `aws cloudtrail validate-logs` and to TrailProof's strict mode,
// written by hand from DIGESTS.md (sections 6 to 8) and the helpers' own descriptions in cloudtrail-tamper.ts. The
// demo manifest's expectations are derived from these rules and the seed plan (expected-validation.ts), never from
// TrailProof's validator; the real AWS CLI judges the result under CI (seed-files.int.test.ts).

/** The AWS CLI's verdict of a digest it fetched. */
export type DigestOutcome = "valid" | "not-found" | "signature-failed" | "moved" | "unknown-fingerprint" | "error";
/** The AWS CLI's (and strict mode's) verdict of a log file. */
export type LogOutcome = "valid" | "hash-mismatch" | "not-found" | "invalid-format" | "trailing-data";
/** A previous-digest field of the digest that points at another. */
export type LinkField = "signature" | "hash";

export interface LogIntent {
  on: "log";
  /** The AWS CLI's verdict of the log file, for the AWS CLI version whose output is predicted. */
  awscli: (behaviour: AwsCliLogBehaviour) => LogOutcome;
  /** Strict mode's verdict. */
  strict: LogOutcome;
}

export interface DigestIntent {
  on: "digest";
  /**
   * The AWS CLI's verdict when it fetches the digest the tampering is about (a deleted digest: "not-found" when a
   * newer digest points at it; a deleted newest digest is never fetched: the walk starts at the newest one left).
   */
  awscli: DigestOutcome;
  /** Where its previous-digest pointer now leads: past one digest ("skips-one"), or nowhere (a forged chain start). */
  pointer?: "skips-one" | "none";
  /** Fields of the NEXT digest's link to it that no longer match it (its bytes or its signature changed). */
  breaksLinkFromNext: LinkField[];
  /** Its own link fields that no longer match the digest before it. */
  breaksOwnLink?: LinkField[];
  /** Accepted by the AWS CLI, which then stops with this error (exit 255). */
  abortsWith?: string;
}

export type TamperIntent = LogIntent | DigestIntent;

const RESIGNED: LinkField[] = ["signature", "hash"];
/** AWS CLI 1.45.12 reports bytes after the first gzip member; earlier versions hash the first member only. */
const trailing = (behaviour: AwsCliLogBehaviour): LogOutcome => (behaviour === "1.45.11" ? "valid" : "trailing-data");

export const TAMPER_INTENTS: Record<TamperKind, TamperIntent> = {
  "modify-log": { on: "log", awscli: () => "hash-mismatch", strict: "hash-mismatch" },
  "delete-log": { on: "log", awscli: () => "not-found", strict: "not-found" },
  // A truncated gzip raises nothing in Python's streaming inflate: the partial content's hash differs.
  "truncate-log": { on: "log", awscli: () => "hash-mismatch", strict: "hash-mismatch" },
  // The content is complete; only the CRC/ISIZE trailer is gone, which Python never checks.
  "cut-log-trailer": { on: "log", awscli: () => "valid", strict: "invalid-format" },
  "append-log-member": { on: "log", awscli: trailing, strict: "trailing-data" },
  "append-log-garbage": { on: "log", awscli: trailing, strict: "trailing-data" },
  "log-not-gzip": { on: "log", awscli: () => "invalid-format", strict: "invalid-format" },
  // The bytes changed, the signature did not: its own check fails, and the next digest's hash of it no longer matches.
  "modify-digest": { on: "digest", awscli: "signature-failed", breaksLinkFromNext: ["hash"] },
  "delete-digest": { on: "digest", awscli: "not-found", breaksLinkFromNext: [] },
  "delete-newest-digest": { on: "digest", awscli: "not-found", breaksLinkFromNext: [] },
  // A copy under a newer key: its digestS3Object names the original place.
  "move-digest": { on: "digest", awscli: "moved", breaksLinkFromNext: [] },
  // Re-signed with the trail's own key: valid for the AWS CLI; the next digest's link names the old bytes and signature.
  "resign-digest": { on: "digest", awscli: "valid", breaksLinkFromNext: RESIGNED },
  "unknown-fingerprint": { on: "digest", awscli: "unknown-fingerprint", breaksLinkFromNext: RESIGNED },
  "break-chain-signature": { on: "digest", awscli: "valid", breaksLinkFromNext: RESIGNED, breaksOwnLink: ["signature"] },
  "break-chain-hash": { on: "digest", awscli: "valid", breaksLinkFromNext: RESIGNED, breaksOwnLink: ["hash"] },
  // Points two digests back with correct link fields: the one between is never reached (strict: skipped).
  "skip-chain-link": { on: "digest", awscli: "valid", pointer: "skips-one", breaksLinkFromNext: RESIGNED },
  // Null previous fields: the AWS CLI prints a gap "between T and T" (strict: a suspicious zero-length gap).
  "forge-chain-start": { on: "digest", awscli: "valid", pointer: "none", breaksLinkFromNext: RESIGNED },
  // No signature left to compare the next digest's link with: only the digest's own check fails.
  "drop-signature-metadata": { on: "digest", awscli: "signature-failed", breaksLinkFromNext: [] },
  // "INVALID: Non-hexadecimal digit found": the AWS CLI's catch-all for an exception while checking a digest.
  "non-hex-signature": { on: "digest", awscli: "error", breaksLinkFromNext: ["signature"] },
  // Accepted (correctly signed), then the AWS CLI reads logFiles: a KeyError nobody catches.
  "drop-log-files-field": { on: "digest", awscli: "valid", breaksLinkFromNext: RESIGNED, abortsWith: "'logFiles'" },
};
