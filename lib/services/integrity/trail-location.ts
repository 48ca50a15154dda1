import { describeOrganizationId, describeTrailByArn, type OrganizationsSource, type TrailFileClients } from "@/lib/aws/trail-files";
import { MISSING_ACCOUNT_ID_MESSAGE } from "@/lib/core/integrity/validate-request";

// Where a trail's files are, found as awscli's create_digest_traverser finds them: --s3-bucket wins outright (with
// --s3-prefix as given, and never an organization path); otherwise DescribeTrails in the CLI's region must list the
// exact ARN, whose S3BucketName, S3KeyPrefix and IsOrganizationTrail decide; an organization trail needs --account-id
// (checked before DescribeOrganization is called) and the organization's id.

export interface TrailLocation {
  bucket: string;
  prefix: string | null;
  organizationId: string | null;
}

export interface TrailLocationRequest {
  trailArn: string;
  /** Where DescribeTrails is asked: --region, or the default region. */
  region: string;
  s3Bucket?: string;
  s3Prefix?: string;
  accountId?: string;
}

export type LookupClients = TrailFileClients & OrganizationsSource;

/** Throws with awscli's message when the trail cannot be found or needs --account-id. */
export async function locateTrailFiles(clients: LookupClients, request: TrailLocationRequest): Promise<TrailLocation> {
  if (request.s3Bucket !== undefined) {
    return { bucket: request.s3Bucket, prefix: request.s3Prefix ?? null, organizationId: null };
  }
  const trail = await describeTrailByArn(clients, request.region, request.trailArn);
  if (!trail) throw new Error(`A trail could not be found for ${request.trailArn}`);
  if (trail.S3BucketName === undefined) throw new Error("'S3BucketName'"); // awscli: trail_info['S3BucketName']
  const location = { bucket: trail.S3BucketName, prefix: trail.S3KeyPrefix ?? null };
  if (!trail.IsOrganizationTrail) return { ...location, organizationId: null };
  if (!request.accountId) throw new Error(MISSING_ACCOUNT_ID_MESSAGE);
  return { ...location, organizationId: await describeOrganizationId(clients) };
}
