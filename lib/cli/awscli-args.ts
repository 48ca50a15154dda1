// The argument handling of an AWS CLI v1 command, as Python's argparse (3.11) does it, so that a command that
// mimics awscli also fails like awscli: first the main parser takes the global options it knows out of the argument
// list (parse_known_args), then the command's parser takes its own; each accepts `--name value`, `--name=value` and
// any unambiguous prefix of a name. Parser errors print awscli's usage text and exit 2; arguments left over end as
// "Unknown options: a,b" with exit 255 (BasicCommand).

export interface OptionSpec {
  /** Without the leading "--". */
  name: string;
  /** A flag takes no value (store_true). */
  flag?: boolean;
  required?: boolean;
}

export type ArgValues = Record<string, string | true | undefined>;

export type ArgsResult =
  | { ok: true; values: ArgValues }
  | { ok: false; exitCode: 2 | 255; stderr: string };

const AWS_CLI_V2_MESSAGE =
  "Note: AWS CLI version 2, the latest major version of the AWS CLI, is now stable and recommended for general use. " +
  "For more information, see the AWS CLI version 2 installation instructions at: " +
  "https://docs.aws.amazon.com/cli/latest/userguide/install-cliv2.html";

/** awscli's argparse `usage` as print_usage writes it (the \r is awscli's). */
export const AWSCLI_USAGE =
  `usage: \r${AWS_CLI_V2_MESSAGE}\n\n` +
  "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n" +
  "To see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

class ParserError extends Error {}

const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;

type Match = { kind: "positional" } | { kind: "unknown" } | { kind: "option"; spec: OptionSpec; explicit: string | null };

/** argparse's _parse_optional: is this string an option of `specs`, an unknown option, or a plain argument? */
function classify(arg: string, specs: readonly OptionSpec[]): Match {
  if (!arg.startsWith("-") || arg.length === 1) return { kind: "positional" };
  const exact = specs.find((spec) => `--${spec.name}` === arg);
  if (exact) return { kind: "option", spec: exact, explicit: null };
  const equals = arg.indexOf("=");
  const name = equals >= 0 ? arg.slice(0, equals) : arg;
  const explicit = equals >= 0 ? arg.slice(equals + 1) : null;
  const named = specs.find((spec) => `--${spec.name}` === name);
  if (named) return { kind: "option", spec: named, explicit };
  if (arg.startsWith("--")) {
    const prefixed = specs.filter((spec) => `--${spec.name}`.startsWith(name));
    if (prefixed.length > 1) {
      const matches = prefixed.map((spec) => `--${spec.name}`).join(", ");
      throw new ParserError(`ambiguous option: ${arg} could match ${matches}`);
    }
    if (prefixed[0]) return { kind: "option", spec: prefixed[0], explicit };
  }
  if (NEGATIVE_NUMBER.test(arg) || arg.includes(" ")) return { kind: "positional" };
  return { kind: "unknown" };
}

/** parse_known_args over long options only: the values it recognised and, in order, everything else. */
function parseKnown(args: readonly string[], specs: readonly OptionSpec[], values: ArgValues): string[] {
  const extras: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === "--") {
      extras.push(...args.slice(index)); // everything after "--" is an argument, not an option
      break;
    }
    const match = classify(arg, specs);
    if (match.kind !== "option") {
      extras.push(arg);
      continue;
    }
    const option = `--${match.spec.name}`;
    if (match.spec.flag) {
      if (match.explicit !== null) throw new ParserError(`argument ${option}: ignored explicit argument '${match.explicit}'`);
      values[match.spec.name] = true;
      continue;
    }
    if (match.explicit !== null) {
      values[match.spec.name] = match.explicit;
      continue;
    }
    const next = args[index + 1];
    if (next === undefined || classify(next, specs).kind !== "positional") {
      throw new ParserError(`argument ${option}: expected one argument`);
    }
    values[match.spec.name] = next;
    index += 1;
  }
  return extras;
}

/** `globals` are the main parser's options (e.g. region), `command` the command's own, in awscli's table order. */
export function parseAwscliArgs(args: readonly string[], globals: readonly OptionSpec[], command: readonly OptionSpec[]): ArgsResult {
  const values: ArgValues = {};
  let extras: string[];
  try {
    const remaining = parseKnown(args, globals, values);
    // The service parser's positional (the operation name) swallows a "--" right after it.
    if (remaining[0] === "--") remaining.shift();
    extras = parseKnown(remaining, command, values);
    const missing = command.filter((spec) => spec.required && values[spec.name] === undefined);
    if (missing.length > 0) {
      throw new ParserError(`the following arguments are required: ${missing.map((spec) => `--${spec.name}`).join(", ")}`);
    }
  } catch (error) {
    if (!(error instanceof ParserError)) throw error;
    return { ok: false, exitCode: 2, stderr: `${AWSCLI_USAGE}aws: error: ${error.message}\n` };
  }
  if (extras.length > 0) return { ok: false, exitCode: 255, stderr: `\nUnknown options: ${extras.join(",")}\n` };
  return { ok: true, values };
}
