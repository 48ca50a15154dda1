import { expect, test } from "vitest";
import { AWSCLI_USAGE, type OptionSpec, parseAwscliArgs } from "@/lib/cli/awscli-args";

// argparse as awscli 1.45.11 (Python 3.11) runs it; each expectation is what `aws cloudtrail validate-logs` printed
// for the same arguments (validate-logs-command.int.test.ts compares with the real thing).

const GLOBALS: OptionSpec[] = [{ name: "region" }, { name: "v2-debug", flag: true }, { name: "version", flag: true }];
const COMMAND: OptionSpec[] = [
  { name: "trail-arn", required: true },
  { name: "start-time", required: true },
  { name: "s3-bucket" },
  { name: "s3-prefix" },
  { name: "verbose", flag: true },
];
const parse = (...args: string[]) => parseAwscliArgs(args, GLOBALS, COMMAND);
const parserError = (message: string) => ({ ok: false, exitCode: 2, stderr: `${AWSCLI_USAGE}aws: error: ${message}\n` });

test("values, --name=value, unique prefixes, last one wins", () => {
  expect(parse("--trail-arn", "a", "--start=2025", "--reg", "r", "--verb", "--trail-arn=b")).toEqual({
    ok: true,
    values: { "trail-arn": "b", "start-time": "2025", region: "r", verbose: true },
  });
  expect(parse("--trail-arn", "a", "--start-time", "-5")).toMatchObject({ ok: true, values: { "start-time": "-5" } });
});

test("parser errors: usage and exit 2", () => {
  expect(AWSCLI_USAGE.startsWith("usage: \rNote: AWS CLI version 2")).toBe(true);
  expect(parse("--trail-arn", "a")).toEqual(parserError("the following arguments are required: --start-time"));
  expect(parse()).toEqual(parserError("the following arguments are required: --trail-arn, --start-time"));
  expect(parse("--trail-arn", "a", "--start-time")).toEqual(parserError("argument --start-time: expected one argument"));
  expect(parse("--trail-arn", "--verbose")).toEqual(parserError("argument --trail-arn: expected one argument"));
  expect(parse("--s3", "x")).toEqual(parserError("ambiguous option: --s3 could match --s3-bucket, --s3-prefix"));
  expect(parse("--v")).toEqual(parserError("ambiguous option: --v could match --v2-debug, --version"));
  expect(parse("--trail-arn", "a", "--start-time", "t", "--verbose=1")).toEqual(parserError("argument --verbose: ignored explicit argument '1'"));
});

test("leftovers: Unknown options, exit 255; '--'", () => {
  const unknown = (list: string) => ({ ok: false, exitCode: 255, stderr: `\nUnknown options: ${list}\n` });
  expect(parse("--trail-arn", "a", "--start-time", "t", "--bogus", "x")).toEqual(unknown("--bogus,x"));
  expect(parse("--trail-arn", "a", "--start-time", "t", "--", "x")).toEqual(unknown("--,x"));
  expect(parse("--", "--trail-arn", "a", "--start-time", "t", "--region", "r")).toEqual(unknown("--region,r"));
  expect(parse("--region", "r", "--", "--trail-arn", "a", "--start-time", "t")).toMatchObject({ ok: true });
});
