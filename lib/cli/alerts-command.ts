import { commandOptions } from "@/lib/cli/command-options";
import { withCommandDatabase } from "@/lib/cli/database";
import { listAlerts, type AlertRow } from "@/lib/db/alerts-repository";
import type { AlertState } from "@/lib/core/alerts/problem";

const HELP = `usage: trailproof alerts [--state open|acknowledged|resolved] [--json]

Lists the alerts scans and validations raised (one per problem), worst first, then the most recently seen: every
state unless --state is given. --json prints each alert as an object (ids, kind, severity, state, scope, reason,
first/last seen, times seen, acknowledgement). Exit code 0 when it listed, 2 for wrong options.`;

const STATES: AlertState[] = ["open", "acknowledged", "resolved"];
const LIMIT = 10_000;

export async function alertsCommand(args: string[]): Promise<number> {
  const parsed = commandOptions("alerts", HELP, args, { state: { type: "string" }, json: { type: "boolean", default: false } });
  if ("exit" in parsed) return parsed.exit;
  const { state, json } = parsed.values;
  if (state !== undefined && !STATES.includes(state as AlertState)) {
    console.error(`trailproof alerts: --state must be one of ${STATES.join(", ")}\n\n${HELP}`);
    return 2;
  }
  const alerts = await withCommandDatabase((database) => listAlerts(database, { state: state as AlertState | undefined }, LIMIT));
  console.log(json ? JSON.stringify(alerts, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value), 2) : formatAlerts(alerts));
  return 0;
}

function formatAlerts(alerts: AlertRow[]): string {
  if (alerts.length === 0) return "No alerts.";
  const lines = alerts.map((a) => {
    const where = [a.accountId, a.region, a.s3Uri ?? a.trailArn].filter(Boolean).join(" ");
    const seen = `first ${a.firstSeen.toISOString()}, last ${a.lastSeen.toISOString()}, ${a.timesSeen}× seen`;
    return `${a.state.padEnd(12)} ${a.severity.padEnd(13)} ${a.kind.padEnd(18)} ${a.title}\n${" ".repeat(45)}${where}\n${" ".repeat(45)}${a.reason}\n${" ".repeat(45)}${seen}  (${a.id})`;
  });
  return [...lines, "", `${alerts.length} alert${alerts.length === 1 ? "" : "s"}`].join("\n");
}
