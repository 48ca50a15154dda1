import { type OptionSpec, parseAwscliArgs } from "@/lib/cli/awscli-args";
import { profileMark } from "@/lib/util/profile";

// `npx trailproof validate-logs`: `aws cloudtrail validate-logs` (AWS CLI v1), the same lines on the same streams
// and the same exit codes, argument errors included; plus --json. Only the argument parser loads up front: the AWS
// SDK and the validator are imported once the arguments are known to be good (start-up time is measured).

const HELP = `usage: trailproof validate-logs --trail-arn ARN --start-time T [--end-time T] [--s3-bucket B] [--s3-prefix P]
                               [--account-id A] [--region R] [--profile P] [--verbose] [--json]

Validates a trail's digest files and log files exactly as \`aws cloudtrail validate-logs\` does (AWS CLI v1): the
same output on stdout and stderr, byte for byte, and the same exit code: 0 all valid (gaps allowed, "No digests
found" included), 1 something INVALID, 255 the validation could not run; argument errors exit 2 or 255 as awscli.

  --trail-arn       the trail's ARN (its home region and account come from it)
  --start-time      validate digests delivered on or after this UTC time, e.g. 2025-01-08T05:21:42Z
  --end-time        ... and on or before this one (default: now)
  --s3-bucket       read digests from this bucket instead of the trail's (DescribeTrails is then skipped,
  --s3-prefix       and with it the organization path); with the key prefix given here
  --account-id      the member account to validate, required for an organization trail
  --region          the region whose files are validated; every call goes there. Without it, as awscli, calls go to
                    AWS_DEFAULT_REGION (else AWS_REGION or the profile's region) but the files of the trail's home
                    region are validated
  --verbose         also print each valid file
  --json            (TrailProof) print, instead of awscli's text, a JSON document: every file examined with awscli's
                    verdict and the stricter one, expected and actual log hashes, strict findings, gaps and counts

Credentials come from the standard AWS chain (--profile selects a profile); AWS_ENDPOINT_URL is honoured.
The output follows the current AWS CLI v1 (1.45.12 and later: data after a log file's gzip stream is INVALID);
TRAILPROOF_AWSCLI_COMPAT=1.45.11 reproduces 1.45.11 and earlier, which ignore it. GetTrailStatus (read-only, not
in the text output) tells --json whether the trail is logging, so a deleted newest digest is reported.`;

// awscli's global options (its main parser), in its order: they take part in prefix matching even where unused.
const GLOBALS: readonly OptionSpec[] = [
  { name: "debug", flag: true },
  { name: "endpoint-url" },
  { name: "no-verify-ssl", flag: true },
  { name: "no-paginate", flag: true },
  { name: "output" },
  { name: "query" },
  { name: "profile" },
  { name: "region" },
  { name: "color" },
  { name: "no-sign-request", flag: true },
  { name: "ca-bundle" },
  { name: "cli-read-timeout" },
  { name: "cli-connect-timeout" },
  { name: "v2-debug", flag: true },
  { name: "version", flag: true },
];

// Global options whose effect we do not reproduce (output, query, no-paginate and color do nothing here in awscli).
const UNSUPPORTED = ["debug", "endpoint-url", "no-verify-ssl", "no-sign-request", "ca-bundle", "cli-read-timeout", "cli-connect-timeout", "v2-debug", "version"];

// The command's ARG_TABLE, in awscli's order, and TrailProof's --json.
const OPTIONS: readonly OptionSpec[] = [
  { name: "trail-arn", required: true },
  { name: "start-time", required: true },
  { name: "end-time" },
  { name: "s3-bucket" },
  { name: "s3-prefix" },
  { name: "account-id" },
  { name: "verbose", flag: true },
  { name: "json", flag: true },
];

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}

export async function validateLogsCommand(args: string[]): Promise<number> {
  if ((args.length === 1 && args[0] === "help") || args.includes("--help")) {
    console.log(HELP);
    return 0;
  }
  const parsed = parseAwscliArgs(args, GLOBALS, OPTIONS);
  if (!parsed.ok) {
    await write(process.stderr, parsed.stderr);
    return parsed.exitCode;
  }
  const values = parsed.values;
  const unsupported = UNSUPPORTED.find((name) => values[name] !== undefined);
  if (unsupported) {
    console.error(`trailproof validate-logs: awscli's --${unsupported} is not supported\n\n${HELP}`);
    return 2;
  }
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const profile = text("profile");
  if (profile) process.env.AWS_PROFILE = profile; // read by the SDK's credential and region chains
  const input = {
    trailArn: text("trail-arn")!,
    startTime: text("start-time")!,
    endTime: text("end-time"),
    s3Bucket: text("s3-bucket"),
    s3Prefix: text("s3-prefix"),
    accountId: text("account-id"),
    region: text("region"),
    verbose: values["verbose"] === true,
  };
  const json = values["json"] === true;
  const { awscliLogBehaviour } = await import("@/lib/services/integrity/awscli-compat");
  let awscli: ReturnType<typeof awscliLogBehaviour>;
  try {
    awscli = awscliLogBehaviour(process.env.TRAILPROOF_AWSCLI_COMPAT);
  } catch (error) {
    console.error(`trailproof validate-logs: ${(error as Error).message}`);
    return 2;
  }
  const { validateTrailLogs } = await import("@/lib/services/integrity/validate-trail-logs");
  profileMark("validate-logs command loaded");
  const outcome = await validateTrailLogs(input, { options: { awscli } });
  profileMark("trail validated");
  if (json) {
    const { validationDocument } = await import("@/lib/services/integrity/validation-document");
    await write(process.stdout, `${JSON.stringify(validationDocument(input.trailArn, outcome), null, 2)}\n`);
  } else {
    for (const chunk of outcome.output) await write(chunk.stream === "stdout" ? process.stdout : process.stderr, chunk.text);
  }
  return outcome.exitCode;
}
