import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type Trail } from "@aws-sdk/client-cloudtrail";
import type { AwsClients } from "@/lib/aws/clients";
import { isoOrNull, read } from "@/lib/aws/read";
import type { EventSelectors, Read, TrailConfiguration, TrailStatus } from "@/lib/core/checks/snapshot";

/** A trail as DescribeTrails lists it, before its details are collected. */
export type TrailSummary = TrailConfiguration;

function toSummary(trail: Trail): TrailSummary | null {
  if (!trail.TrailARN || !trail.HomeRegion) return null;
  return {
    arn: trail.TrailARN,
    name: trail.Name ?? trail.TrailARN.split("/").at(-1) ?? "",
    ownerAccountId: trail.TrailARN.split(":")[4] ?? "",
    homeRegion: trail.HomeRegion,
    isOrganizationTrail: trail.IsOrganizationTrail ?? false,
    isMultiRegionTrail: trail.IsMultiRegionTrail ?? false,
    includeGlobalServiceEvents: trail.IncludeGlobalServiceEvents ?? false,
    logFileValidationEnabled: trail.LogFileValidationEnabled ?? false,
    s3BucketName: trail.S3BucketName || null,
    s3KeyPrefix: trail.S3KeyPrefix || null,
    kmsKeyId: trail.KmsKeyId || null,
    cloudWatchLogsLogGroupArn: trail.CloudWatchLogsLogGroupArn || null,
    cloudWatchLogsRoleArn: trail.CloudWatchLogsRoleArn || null,
  };
}

/** Every trail visible in one region of one account: its own, shadow copies of multi-region ones, and org trails. */
export function describeTrails(clients: AwsClients, region: string, accountId: string): Promise<Read<TrailSummary[]>> {
  return read("cloudtrail:DescribeTrails", accountId, async () => {
    const { trailList } = await clients.cloudTrail(region).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    return (trailList ?? []).map(toSummary).filter((t): t is TrailSummary => t !== null);
  });
}

export function trailStatus(clients: AwsClients, trail: TrailSummary, accountId: string): Promise<Read<TrailStatus>> {
  return read("cloudtrail:GetTrailStatus", accountId, async () => {
    const status = await clients.cloudTrail(trail.homeRegion).send(new GetTrailStatusCommand({ Name: trail.arn }));
    return {
      isLogging: status.IsLogging ?? false,
      latestDeliveryTime: isoOrNull(status.LatestDeliveryTime),
      latestDeliveryError: status.LatestDeliveryError || null,
      latestDigestDeliveryTime: isoOrNull(status.LatestDigestDeliveryTime),
      latestDigestDeliveryError: status.LatestDigestDeliveryError || null,
      latestCloudWatchLogsDeliveryTime: isoOrNull(status.LatestCloudWatchLogsDeliveryTime),
      latestCloudWatchLogsDeliveryError: status.LatestCloudWatchLogsDeliveryError || null,
    };
  });
}

export function eventSelectors(clients: AwsClients, trail: TrailSummary, accountId: string): Promise<Read<EventSelectors>> {
  return read("cloudtrail:GetEventSelectors", accountId, async () => {
    const result = await clients.cloudTrail(trail.homeRegion).send(new GetEventSelectorsCommand({ TrailName: trail.arn }));
    return {
      basic: (result.EventSelectors ?? []).map((s) => ({
        readWriteType: s.ReadWriteType ?? "All",
        includeManagementEvents: s.IncludeManagementEvents ?? true,
      })),
      advanced: (result.AdvancedEventSelectors ?? []).map((s) => ({
        name: s.Name ?? null,
        fieldSelectors: (s.FieldSelectors ?? []).map((f) => ({ field: f.Field ?? "", equals: f.Equals ?? [], notEquals: f.NotEquals ?? [] })),
      })),
    };
  });
}
