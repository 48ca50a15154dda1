import { commandOptions } from "@/lib/cli/command-options";
import { printCommandAlerts, raiseCommandAlerts } from "@/lib/cli/command-alerts";
import { withCommandDatabase } from "@/lib/cli/database";
import { runScan, type ScanReport } from "@/lib/services/scan/run-scan";
import { readAccountsFile } from "@/lib/services/scan/accounts-file";
import { targetsFromDatabase, targetsFromFile, targetsFromList, targetsFromOrganization } from "@/lib/services/scan/targets";

const HELP = `usage: trailproof scan [--organization | --accounts 111111111111,222222222222 | --accounts-file FILE] [--role-name NAME]
                      [--external-id X] [--regions us-east-1,eu-west-1] [--concurrency 16] [--json]

Assumes the read-only role in each account (STS, with the ExternalId) using the standard AWS credential chain,
scores every trail against the checklist, stores the run, and prints a table (or, with --json, every trail and
every check result). --accounts-file reads a JSON list of {id, name?, roleName?, externalId?, regions?}.
Without an account source, scans the accounts TrailProof already knows.
Exit code 0 when the scan ran, whatever it found; 1 when it could not run; 2 for wrong options.`;

export async function scanCommand(args: string[]): Promise<number> {
  const parsed = commandOptions("scan", HELP, args, {
    organization: { type: "boolean", default: false },
    accounts: { type: "string" },
    "accounts-file": { type: "string" },
    "role-name": { type: "string" },
    "external-id": { type: "string" },
    regions: { type: "string" },
    concurrency: { type: "string", default: "16" },
    json: { type: "boolean", default: false },
  });
  if ("exit" in parsed) return parsed.exit;
  const options = parsed.values;
  if ([options.organization, options.accounts, options["accounts-file"]].filter(Boolean).length > 1) {
    console.error("trailproof scan: choose one of --organization, --accounts, --accounts-file");
    return 2;
  }
  const concurrency = Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    console.error("trailproof scan: --concurrency must be a whole number from 1 to 256");
    return 2;
  }
  const defaults = {
    ...(options["role-name"] ? { roleName: options["role-name"] } : {}),
    ...(options["external-id"] !== undefined ? { externalId: options["external-id"] } : {}),
  };
  const regions = options.regions?.split(",").map((r) => r.trim()).filter(Boolean);

  return withCommandDatabase(async (database, url) => {
    const targets = options.organization
      ? await targetsFromOrganization(database, defaults)
      : options.accounts
        ? await targetsFromList(database, options.accounts.split(",").map((a) => a.trim()), defaults)
        : options["accounts-file"]
          ? await targetsFromFile(database, readAccountsFile(options["accounts-file"]), defaults)
          : await targetsFromDatabase(database);
    if (targets.length === 0) throw new Error("no accounts to scan: pass --organization or --accounts");
    const report = await runScan(database, { targets, trigger: "cli", regions, concurrency });
    console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
    printCommandAlerts(await raiseCommandAlerts(url, "scan", report.scanId, database), { json: options.json });
    return 0;
  });
}

const score = (value: number | null) => (value === null ? "—" : String(Math.round(value)));

export function formatReport(report: ScanReport): string {
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  const lines = [
    `Scan ${report.scanId}: ${report.status} in ${seconds.toFixed(1)} s; ${report.accounts.length} accounts, ${report.trails.length} trails; organization score ${score(report.organizationScore)}/100`,
    "",
    `${"ACCOUNT".padEnd(22)} ${"ID".padEnd(12)} ${"SCORE".padStart(5)}  ${"STATUS".padEnd(9)}  TRAILS`,
  ];
  for (const a of report.accounts) {
    const trails = a.trails.map((t) => `${t.arn.split("/").at(-1)}${t.inherited ? " (inherited)" : ""}`).join(", ") || "none";
    lines.push(`${a.name.slice(0, 22).padEnd(22)} ${a.id} ${score(a.score).padStart(5)}  ${a.status.padEnd(9)}  ${trails}`);
    for (const issue of a.issues) lines.push(`${"".padEnd(36)}! ${issue.region ? `${issue.region}: ` : ""}${issue.call} ${issue.code}: ${issue.message}`);
  }
  for (const trail of report.trails) {
    lines.push("", `${trail.arn}${trail.isOrganizationTrail ? " (organization trail)" : ""}`);
    for (const r of trail.results) lines.push(`  ${r.status.toUpperCase().padEnd(14)} ${r.checkId.padEnd(28)} ${r.reason}`);
  }
  return lines.join("\n");
}
