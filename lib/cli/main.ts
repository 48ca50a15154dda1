// The command line: how operators script TrailProof and how the benchmarks drive it. Each command returns its
// exit code; usage errors exit 2. A command's module is loaded only when it runs: start-up time is measured, and
// validate-logs must not pay for the database or SDKs that scan loads.

const COMMANDS: Record<string, { summary: string; run: (args: string[]) => Promise<number> }> = {
  scan: {
    summary: "score every trail of every account against the checklist",
    run: async (args) => (await import("@/lib/cli/scan-command")).scanCommand(args),
  },
  access: {
    summary: "print the read-only IAM policy, trust policy or CloudFormation template to deploy",
    run: async (args) => (await import("@/lib/cli/access-command")).accessCommand(args),
  },
  validate: {
    summary: "validate every chain of a trail and store the verdicts (TrailProof's own, beyond awscli)",
    run: async (args) => (await import("@/lib/cli/validate-command")).validateCommand(args),
  },
  worker: {
    summary: "carry out queued validations, scans and the schedules (npm start runs one; add more for scale-out)",
    run: async (args) => (await import("@/lib/cli/worker-command")).workerCommand(args),
  },
  schedule: {
    summary: "print or change what runs on its own: scans, validations, the monthly export; pause or resume",
    run: async (args) => (await import("@/lib/cli/schedule-command")).scheduleCommand(args),
  },
  report: {
    summary: "write the evidence report (PDF) and bundle (zip) for the organization, an account or a trail",
    run: async (args) => (await import("@/lib/cli/report-command")).reportCommand(args),
  },
  notify: {
    summary: "where new alerts are sent: add, list, test or remove e-mail and webhook channels",
    run: async (args) => (await import("@/lib/cli/notify-command")).notifyCommand(args),
  },
  export: {
    summary: "export failing checks and integrity findings as OCSF, ASFF (Security Hub) or CSV",
    run: async (args) => (await import("@/lib/cli/export-command")).exportCommand(args),
  },
  exceptions: {
    summary: "documented, time-boxed exceptions: list, add, revoke, or import a YAML/JSON file (the file wins)",
    run: async (args) => (await import("@/lib/cli/exceptions-command")).exceptionsCommand(args),
  },
  alerts: {
    summary: "list the alerts scans and validations raised: [--state open|acknowledged|resolved] [--json]",
    run: async (args) => (await import("@/lib/cli/alerts-command")).alertsCommand(args),
  },
  "validate-logs": {
    summary: "validate a trail's digests and log files, exactly as `aws cloudtrail validate-logs`",
    run: async (args) => (await import("@/lib/cli/validate-logs-command")).validateLogsCommand(args),
  },
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
