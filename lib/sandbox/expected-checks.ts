import type { CheckStatus } from "@/lib/core/checks/types";
import type { PlannedBucket, PlannedTrail } from "@/lib/sandbox/plan";

// What the checklist must say about a seeded trail, derived from what the plan meant to build (not from anything
// read back), so the scan's verdicts are checked against an independent prediction.
export function expectedChecks(trail: PlannedTrail, bucket: PlannedBucket): Record<string, CheckStatus> {
  const customerKey = trail.kms.kind === "customer-managed";
  const verdict = (ok: boolean): CheckStatus => (ok ? "pass" : "fail");
  return {
    multi_region: verdict(trail.multiRegion && trail.logging),
    log_file_validation: verdict(trail.logFileValidation),
    kms_cmk: verdict(customerKey),
    log_group_encrypted: verdict(trail.logGroup === "encrypted"),
    bucket_mfa_delete: verdict(bucket.versioning === "Enabled" && bucket.mfaDelete),
    bucket_public_access_block: verdict(bucket.publicAccessBlock === "bucket" || bucket.publicAccessBlock === "account"),
    logging_enabled: verdict(trail.logging),
    kms_key_rotation: customerKey ? verdict(trail.kms.kind === "customer-managed" && trail.kms.rotation) : "not_applicable",
    bucket_access_logging: verdict(bucket.accessLogging),
    bucket_not_public: verdict(!bucket.publicPolicy),
    management_events: verdict((trail.managementEvents ?? "all") === "all"),
    // The emulator reports a delivery time for every logging trail.
    recent_delivery: verdict(trail.logging),
    log_group_retention: trail.logGroup === "none" ? "not_applicable" : verdict(trail.logGroup === "encrypted"),
  };
}
