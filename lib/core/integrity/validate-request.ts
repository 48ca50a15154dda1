import { parseTrailArn } from "@/lib/core/integrity/keys";
import { PyException } from "@/lib/core/integrity/py-compat";
import { comparePyDates, normalizeDate, parsePyDate, utcPyDate } from "@/lib/core/integrity/py-date";
import type { ValidateLogsRequest } from "@/lib/core/integrity/validate-logs";

// awscli's argument handling for validate-logs, in its order: dates first (handle_args), then the ARN (when the
// traverser is created). Where the bucket comes from is the caller's business (--s3-bucket, or DescribeTrails).

export const MISSING_ACCOUNT_ID_MESSAGE = "Missing required parameter for organization trail: '--account-id'";

export interface ValidateLogsInput {
  trailArn: string;
  /** --start-time and --end-time as typed; the end defaults to `now`. */
  startTime: string;
  endTime?: string;
  now: Date;
  /** --region: the region whose files are validated. */
  sourceRegion: string;
  bucket: string;
  /** The trail's S3KeyPrefix, or --s3-prefix. */
  prefix: string | null;
  /** --account-id; defaults to the ARN's account. */
  accountId?: string | null;
  /** Only when the bucket came from DescribeTrails and the trail is an organization trail. */
  organizationId?: string | null;
  verbose: boolean;
}

/** Throws PyException with awscli's message for a bad date, a reversed window or a malformed ARN (exit 255). */
export function buildValidateRequest(input: ValidateLogsInput): ValidateLogsRequest {
  const start = normalizeDate(parsePyDate(input.startTime));
  const end = input.endTime ? normalizeDate(parsePyDate(input.endTime)) : utcPyDate(input.now);
  if (comparePyDates(start, end) > 0) {
    throw new PyException("ValueError", "Invalid time range specified: start-time must occur before end-time");
  }
  const arn = parseTrailArn(input.trailArn);
  if (input.organizationId && !input.accountId) throw new PyException("ValueError", MISSING_ACCOUNT_ID_MESSAGE);
  return {
    trailArn: input.trailArn,
    bucket: input.bucket,
    start,
    end,
    verbose: input.verbose,
    scope: {
      prefix: input.prefix,
      organizationId: input.organizationId ?? null,
      accountId: input.accountId || arn.accountId,
      sourceRegion: input.sourceRegion,
      homeRegion: arn.homeRegion,
      trailName: arn.name,
    },
  };
}
