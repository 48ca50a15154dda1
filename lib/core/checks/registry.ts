import { bucketAccessLogging } from "@/lib/core/checks/bucket-access-logging";
import { bucketMfaDelete } from "@/lib/core/checks/bucket-mfa-delete";
import { bucketNotPublic } from "@/lib/core/checks/bucket-not-public";
import { bucketPublicAccessBlock } from "@/lib/core/checks/bucket-public-access-block";
import { kmsCmk } from "@/lib/core/checks/kms-cmk";
import { kmsKeyRotation } from "@/lib/core/checks/kms-key-rotation";
import { logFileValidation } from "@/lib/core/checks/log-file-validation";
import { logGroupEncrypted } from "@/lib/core/checks/log-group-encrypted";
import { logGroupRetention } from "@/lib/core/checks/log-group-retention";
import { loggingEnabled } from "@/lib/core/checks/logging-enabled";
import { managementEvents } from "@/lib/core/checks/management-events";
import { multiRegion } from "@/lib/core/checks/multi-region";
import { recentDelivery } from "@/lib/core/checks/recent-delivery";
import type { CheckDefinition } from "@/lib/core/checks/types";

/** Every check, most severe first: the column order of heatmaps and reports. */
export const CHECKS: readonly CheckDefinition[] = [
  loggingEnabled,
  multiRegion,
  bucketNotPublic,
  managementEvents,
  logFileValidation,
  kmsCmk,
  bucketPublicAccessBlock,
  recentDelivery,
  logGroupEncrypted,
  bucketMfaDelete,
  kmsKeyRotation,
  bucketAccessLogging,
  logGroupRetention,
];

const BY_ID = new Map(CHECKS.map((check) => [check.id, check]));

export function checkById(id: string): CheckDefinition | undefined {
  return BY_ID.get(id);
}
