import { CloudTrailPublicKeys, S3TrailFiles, sdkDefaultRegion, TrailFileClientSet } from "@/lib/aws/trail-files";
import { trailIsLogging } from "@/lib/aws/trail-logging";
import { parseTrailArn } from "@/lib/core/integrity/keys";
import { digestsExpectedUntil } from "@/lib/core/integrity/strict-findings";
import { instantMs } from "@/lib/core/integrity/py-date";
import type { OutputChunk } from "@/lib/core/integrity/report";
import {
  validateLogs,
  type ValidateLogsOptions,
  type ValidateLogsRequest,
  type ValidateLogsResult,
} from "@/lib/core/integrity/validate-logs";
import { buildValidateRequest, type ValidateLogsInput } from "@/lib/core/integrity/validate-request";
import { logConcurrency } from "@/lib/services/integrity/log-concurrency";
import { locateTrailFiles, type LookupClients, type TrailLocation } from "@/lib/services/integrity/trail-location";
import { profileMark } from "@/lib/util/profile";

// `aws cloudtrail validate-logs` for one trail and one region, against AWS: awscli's steps in awscli's order, each
// failure with awscli's text. handle_args checks the window first; setup_services needs a region; then the ARN, the
// trail lookup (trail-location.ts), and the run itself (lib/core/integrity) over S3 and ListPublicKeys. Used by the
// command line; the outcome carries everything validateLogs found, for a UI, a job or the JSON document.

export const NO_REGION_MESSAGE = 'You must specify a region. You can also configure your region by running "aws configure".';

export interface ValidateTrailLogsInput {
  trailArn: string;
  /** As typed: awscli's date parsing applies. */
  startTime: string;
  endTime?: string;
  s3Bucket?: string;
  s3Prefix?: string;
  accountId?: string;
  /**
   * --region: the region whose files are validated and where every call goes. Without it, as in awscli, calls go
   * to the default region but the files validated are those of the trail's home region (awscli passes its
   * --region, None, as the source region, which then defaults to the home region from the ARN).
   */
  region?: string;
  verbose: boolean;
}

export interface ValidateTrailLogsDeps {
  clients?: LookupClients;
  /** The region when --region is absent. Default: AWS_DEFAULT_REGION (as botocore), else AWS_REGION or the profile's. */
  defaultRegion?: () => Promise<string | null>;
  now?: Date;
  options?: ValidateLogsOptions;
}

export interface ValidationRun {
  request: ValidateLogsRequest;
  location: TrailLocation;
  /** Where DescribeTrails, ListPublicKeys and GetBucketLocation were asked. */
  apiRegion: string;
  result: ValidateLogsResult;
}

export interface ValidateTrailLogsOutcome {
  /** awscli's writes, in order: replay them for its exact output. */
  output: OutputChunk[];
  exitCode: 0 | 1 | 255;
  /** Null when awscli would stop before its first stdout line (window, region, ARN or lookup). */
  run: ValidationRun | null;
  /** What stopped it then, as awscli prints it; null when the run started. */
  failure: string | null;
}

// awscli parses the window before it needs a region, and checks the ARN only afterwards: the window is checked
// alone first, with any well-formed ARN in place of the real one.
const WINDOW_CHECK_ARN = "arn:aws:cloudtrail:us-east-1:000000000000:trail/window-check";

async function defaultRegion(): Promise<string | null> {
  return process.env.AWS_DEFAULT_REGION || (await sdkDefaultRegion());
}

function failed(error: unknown): ValidateTrailLogsOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return { output: [{ stream: "stderr", text: `\n${message}\n` }], exitCode: 255, run: null, failure: message };
}

export async function validateTrailLogs(input: ValidateTrailLogsInput, deps: ValidateTrailLogsDeps = {}): Promise<ValidateTrailLogsOutcome> {
  const now = deps.now ?? new Date();
  const base: Omit<ValidateLogsInput, "trailArn" | "sourceRegion" | "bucket" | "prefix"> = {
    startTime: input.startTime,
    ...(input.endTime !== undefined ? { endTime: input.endTime } : {}),
    now,
    accountId: input.accountId ?? null,
    verbose: input.verbose,
  };
  try {
    buildValidateRequest({ ...base, trailArn: WINDOW_CHECK_ARN, sourceRegion: "", bucket: "", prefix: null });
  } catch (error) {
    return failed(error);
  }
  const apiRegion = input.region || (await (deps.defaultRegion ?? defaultRegion)());
  if (!apiRegion) {
    return { output: [{ stream: "stderr", text: `${NO_REGION_MESSAGE}\n` }], exitCode: 255, run: null, failure: NO_REGION_MESSAGE };
  }
  const clients = deps.clients ?? new TrailFileClientSet();
  let request: ValidateLogsRequest;
  let location: TrailLocation;
  let logging: Promise<boolean | null> = Promise.resolve(null);
  try {
    const arn = parseTrailArn(input.trailArn);
    // Asked alongside the lookup, in the trail's home region; only the strict findings use the answer.
    logging = trailIsLogging(clients, arn.homeRegion, input.trailArn);
    location = await locateTrailFiles(clients, { ...input, region: apiRegion });
    request = buildValidateRequest({ ...base, ...location, trailArn: input.trailArn, sourceRegion: input.region || arn.homeRegion });
  } catch (error) {
    return failed(error);
  }
  profileMark("trail located");
  const files = new S3TrailFiles(clients, apiRegion, { locateBuckets: true });
  const publicKeys = new CloudTrailPublicKeys(clients, apiRegion);
  // Log files of one digest are fetched several at a time (log-concurrency.ts); the report keeps awscli's order.
  const expectedUntil = (await logging) === true ? { expectedUntil: digestsExpectedUntil(new Date(instantMs(request.end)), now) } : {};
  const result = await validateLogs(
    request,
    { digests: files, logs: files, publicKeys },
    { logConcurrency: logConcurrency(), ...expectedUntil, ...deps.options },
  );
  return {
    output: result.output,
    exitCode: result.exitCode,
    run: { request, location, apiRegion, result },
    failure: null,
  };
}
