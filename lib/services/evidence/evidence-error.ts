// An export (evidence report, or findings out: lib/services/export) refused for a reason the person who asked can act
// on (unknown account, empty organization, a bad window). Its message is safe to show as is; anything else that goes wrong is logged and shown generically.

export type EvidenceErrorCode = "unknown-scope" | "empty-scope" | "invalid-window" | "too-large";

export class EvidenceError extends Error {
  constructor(
    readonly code: EvidenceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "EvidenceError";
  }
}
