// Which AWS CLI's validate-logs output to reproduce. Its own module, apart from the log hashing that applies it, so
// that code which only names a behaviour (the sandbox's expectations, the CLI option) does not load the validator.

/**
 * Which AWS CLI's log verdicts the parity output follows. AWS CLI 1.45.12 (aws/aws-cli 53c1084b5, "Validate
 * CloudTrail log files don't have appended data (#10326)", 2026-05-20; the same change as #10324 on v2) added, after
 * the inflate loop and before the hash comparison:
 *     if gzip_inflater.unused_data:
 *         self._on_log_trailing_data(log)
 *         return
 * which writes `INVALID: unexpected data after end of compressed stream`. 1.45.11 and earlier ignore those bytes.
 */
export type AwsCliLogBehaviour = "1.45.11" | "1.45.12";

/** The current AWS CLI's behaviour (checked against aws/aws-cli up to 1.45.55). */
export const DEFAULT_AWSCLI_LOG_BEHAVIOUR: AwsCliLogBehaviour = "1.45.12";
