import { defineCheck } from "@/lib/core/checks/define-check";

/** CloudTrail delivers about every 5 minutes while there is activity; a day without any points at a broken delivery. */
export const MAX_DELIVERY_AGE_HOURS = 24;
const HOUR_MS = 3_600_000;

export const recentDelivery = defineCheck(
  {
    id: "recent_delivery",
    label: "Recent delivery",
    title: `Log files reached S3 within the last ${MAX_DELIVERY_AGE_HOURS} hours without delivery errors`,
    severity: "medium",
    rationale:
      "A trail can be on and still deliver nothing: a bucket policy, KMS key policy or deleted bucket breaks delivery silently, and GetTrailStatus is the only place that says so.",
    remediation:
      "Read the error with `aws cloudtrail get-trail-status --name <trail-arn>` (LatestDeliveryError), then fix its cause: the bucket policy must allow cloudtrail.amazonaws.com s3:PutObject on the trail prefix, and the KMS key policy must allow cloudtrail.amazonaws.com kms:GenerateDataKey*. If the trail is stopped: `aws cloudtrail start-logging --name <trail-arn>`.",
    references: {
      docs: [
        "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html",
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
      ],
    },
  },
  ({ snapshot, context, verdict }) => {
    if (!snapshot.status.ok) return verdict.unreadable("the trail status", snapshot.status.error);
    const { isLogging, latestDeliveryTime, latestDeliveryError } = snapshot.status.value;
    const evidence = {
      "GetTrailStatus.IsLogging": isLogging,
      "GetTrailStatus.LatestDeliveryTime": latestDeliveryTime,
      "GetTrailStatus.LatestDeliveryError": latestDeliveryError,
      evaluatedAt: context.now.toISOString(),
    };
    const name = snapshot.name;
    if (!isLogging) return verdict.fail(`Trail ${name} is not logging, so it delivers nothing.`, evidence);
    if (latestDeliveryError !== null) {
      return verdict.fail(`CloudTrail reports a delivery error for trail ${name}: ${latestDeliveryError}.`, evidence);
    }
    if (latestDeliveryTime === null) {
      return verdict.fail(`CloudTrail reports no log delivery to S3 for trail ${name}.`, evidence);
    }
    const deliveredAt = Date.parse(latestDeliveryTime);
    if (Number.isNaN(deliveredAt)) {
      return verdict.error(`GetTrailStatus LatestDeliveryTime "${latestDeliveryTime}" is not a timestamp.`, evidence);
    }
    const ageHours = (context.now.getTime() - deliveredAt) / HOUR_MS;
    const delivered = `Trail ${name} last delivered log files at ${latestDeliveryTime}`;
    return ageHours <= MAX_DELIVERY_AGE_HOURS
      ? verdict.pass(`${delivered}.`, evidence)
      : verdict.fail(`${delivered}, ${Math.floor(ageHours)} hours before ${context.now.toISOString()}.`, evidence);
  },
);
