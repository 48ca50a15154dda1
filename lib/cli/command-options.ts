import { parseArgs, type ParseArgsConfig } from "node:util";

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig["options"]>;

type Values<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true }>>["values"];

/**
 * A command's options, or the exit code when there is nothing more to do: `--help` prints the help (exit 0), an
 * unknown or malformed option prints the message and the help (exit 2).
 */
export function commandOptions<const O extends ParseArgsOptionsConfig>(
  command: string,
  help: string,
  args: string[],
  options: O,
): { values: Values<O> } | { exit: 0 | 2 } {
  if (args.includes("--help")) {
    console.log(help);
    return { exit: 0 };
  }
  try {
    return { values: parseArgs({ args, options, strict: true }).values };
  } catch (error) {
    console.error(`trailproof ${command}: ${(error as Error).message}\n\n${help}`);
    return { exit: 2 };
  }
}
