import { type AwsCliLogBehaviour, DEFAULT_AWSCLI_LOG_BEHAVIOUR } from "@/lib/core/integrity/awscli-behaviour";

// TRAILPROOF_AWSCLI_COMPAT names the AWS CLI v1 version whose validate-logs output to reproduce byte for byte. Only
// one difference is version-dependent today: 1.45.12 started reporting data after a log file's gzip stream. Unset,
// the current AWS CLI's behaviour applies; side-by-side tests set it to the installed CLI's version.

export const AWSCLI_COMPAT_VARIABLE = "TRAILPROOF_AWSCLI_COMPAT";

const FIRST_TRAILING_DATA_CHECK = [1, 45, 12] as const;

/** The behaviour for a version string such as "1.45.11"; throws a clear error for anything else. */
export function awscliLogBehaviour(value: string | undefined): AwsCliLogBehaviour {
  if (value === undefined || value.trim() === "") return DEFAULT_AWSCLI_LOG_BEHAVIOUR;
  const match = /^1\.(\d+)\.(\d+)$/.exec(value.trim());
  if (!match) throw new Error(`${AWSCLI_COMPAT_VARIABLE} must be an AWS CLI v1 version such as 1.45.11, not "${value}"`);
  const [minor, patch] = [Number(match[1]), Number(match[2])];
  const [, firstMinor, firstPatch] = FIRST_TRAILING_DATA_CHECK;
  return minor < firstMinor || (minor === firstMinor && patch < firstPatch) ? "1.45.11" : "1.45.12";
}
