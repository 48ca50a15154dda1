import type { Bucket } from "@/lib/core/checks/snapshot";
import { defineCheck, type EvaluationInput } from "@/lib/core/checks/define-check";
import { lookUpBucket } from "@/lib/core/checks/trail-inputs";
import type { CheckDefinition, CheckResult } from "@/lib/core/checks/types";

/**
 * A check about the trail's S3 bucket. The bucket often lives in a log-archive account and is read with that
 * account's role; whatever could not be read there is an error, so each check only judges a bucket it can see.
 */
export function defineBucketCheck(
  metadata: Omit<CheckDefinition, "evaluate">,
  evaluate: (input: EvaluationInput & { bucket: Bucket }) => CheckResult,
): CheckDefinition {
  return defineCheck(metadata, (input) => {
    const bucket = lookUpBucket(input.snapshot, input.verdict);
    if (bucket.state === "unknown") return bucket.result;
    if (bucket.state === "absent") {
      return input.verdict.notApplicable(`Trail ${input.snapshot.name} names no S3 bucket (S3BucketName empty).`, {
        S3BucketName: null,
      });
    }
    return evaluate({ ...input, bucket: bucket.value });
  });
}
