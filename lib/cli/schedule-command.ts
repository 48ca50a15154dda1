import { cliAudit } from "@/lib/cli/cli-audit";
import { commandOptions } from "@/lib/cli/command-options";
import { withCommandDatabase } from "@/lib/cli/database";
import { IntervalError, parseInterval } from "@/lib/core/schedule/interval";
import { changeSchedule, describeSchedule, type ScheduleEdit, type ScheduleScope, type ScheduleView } from "@/lib/services/schedule/schedule-settings";

const HELP = `usage: trailproof schedule [--scan-every 24h] [--validate-every 1h] [--window-hours 25] [--export-monthly on|off]
                          [--pause | --resume] [--account ACCOUNT_ID | --trail TRAIL_ARN] [--default]

Without options, prints the schedule: what runs on its own, its cron expression and when it next runs. With options,
changes it (recorded in the audit trail as the operating-system user) and prints it again. Workers (npm start, npx
trailproof worker) carry it out. Intervals: minutes that divide the hour (1m to 30m), hours that divide the day
(1h to 12h) or 24h/1d. --account or --trail changes that account's or trail's validations only (an override);
--default with them removes the override's interval and window (back to the organization's). Exit code 0 when
printed or changed, 2 for wrong options.`;

export async function scheduleCommand(args: string[]): Promise<number> {
  const parsed = commandOptions("schedule", HELP, args, {
    "scan-every": { type: "string" },
    "validate-every": { type: "string" },
    "window-hours": { type: "string" },
    "export-monthly": { type: "string" },
    pause: { type: "boolean" },
    resume: { type: "boolean" },
    account: { type: "string" },
    trail: { type: "string" },
    default: { type: "boolean" },
  });
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;
  const fail = (message: string) => {
    console.error(`trailproof schedule: ${message}\n\n${HELP}`);
    return 2;
  };
  let edit: ScheduleEdit | undefined;
  try {
    edit = readEdit(values);
  } catch (error) {
    if (error instanceof IntervalError) return fail(error.message);
    throw error;
  }
  return withCommandDatabase(async (database) => {
    if (edit) {
      try {
        const result = await changeSchedule(database, cliAudit("schedule"), edit);
        console.log(result.changed.length ? `changed ${result.target}: ${result.changed.join(", ")}` : `nothing changed for ${result.target}`);
      } catch (error) {
        if (error instanceof IntervalError) return fail(error.message);
        throw error;
      }
    }
    console.log(formatSchedule(await describeSchedule(database)));
    return 0;
  });
}

type Values = { [key: string]: string | boolean | undefined };

function readEdit(values: Values): ScheduleEdit | undefined {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  if (values.pause && values.resume) throw new IntervalError("--pause or --resume, not both");
  if (text("account") && text("trail")) throw new IntervalError("--account or --trail, not both");
  const scope: ScheduleScope = text("account") ? { kind: "account", accountId: text("account")! } : text("trail") ? { kind: "trail", trailArn: text("trail")! } : { kind: "organization" };
  if (scope.kind === "account" && !/^\d{12}$/.test(scope.accountId)) throw new IntervalError("--account is a 12-digit account id");
  const edit: ScheduleEdit = { scope };
  if (text("scan-every")) edit.scanEveryMinutes = parseInterval(text("scan-every")!);
  if (text("validate-every")) edit.validateEveryMinutes = parseInterval(text("validate-every")!);
  if (text("window-hours")) {
    const hours = Number(text("window-hours"));
    if (!Number.isInteger(hours)) throw new IntervalError("--window-hours is a whole number of hours");
    edit.windowHours = hours;
  }
  if (text("export-monthly")) {
    if (!["on", "off"].includes(text("export-monthly")!)) throw new IntervalError("--export-monthly is on or off");
    edit.exportMonthly = text("export-monthly") === "on";
  }
  if (values.default) {
    if (scope.kind === "organization") throw new IntervalError("--default goes with --account or --trail");
    edit.validateEveryMinutes = null;
    edit.windowHours = null;
  }
  if (values.pause) edit.paused = true;
  if (values.resume) edit.paused = false;
  if (Object.keys(edit).length > 1) return edit;
  // Nothing to change: print the schedule, unless an account or a trail was named for a change not given.
  if (scope.kind !== "organization") throw new IntervalError("say what to change for this account or trail");
  return undefined;
}

const when = (date: Date | null) => (date ? date.toISOString().replace(".000Z", "Z") : "—");

export function formatSchedule(view: ScheduleView): string {
  const lines = [
    `schedule: ${view.paused ? "PAUSED (nothing runs on its own; --resume)" : "running"}`,
    `  scan        every ${view.scanEvery.padEnd(5)} cron "${view.scanCron}"   next ${when(view.nextScan)}`,
    `  validate    every ${view.validateEvery.padEnd(5)} cron "${view.validateCron}"   next ${when(view.nextValidation)}   over the last ${view.windowHours} h (incremental)`,
    `  export      ${view.exportMonthly ? `monthly     cron "${view.exportCron}"   next ${when(view.nextExport)}` : "off (--export-monthly on)"}`,
  ];
  if (view.overrides.length) {
    lines.push("overrides:");
    for (const o of view.overrides) lines.push(`  ${o.scope.padEnd(8)} ${o.label}: ${o.effective}   next ${when(o.nextValidation)}   (${o.target})`);
  }
  return lines.join("\n");
}
