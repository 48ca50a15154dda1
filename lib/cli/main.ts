import { accessCommand } from "@/lib/cli/access-command";
import { scanCommand } from "@/lib/cli/scan-command";

// The command line: how operators script TrailProof and how the benchmarks drive it. Each command returns its
// exit code; usage errors exit 2.

const COMMANDS: Record<string, { summary: string; run: (args: string[]) => Promise<number> }> = {
  scan: { summary: "score every trail of every account against the checklist", run: scanCommand },
  access: { summary: "print the read-only IAM policy, trust policy or CloudFormation template to deploy", run: accessCommand },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`);
  return ["usage: trailproof <command> [options]", "", "commands:", ...lines, "", "trailproof <command> --help for its options"].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(name && name !== "--help" ? `trailproof: unknown command ${name}\n\n${usage()}` : usage());
    return name === "--help" ? 0 : 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    console.error(`trailproof ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
