import { ScheduleSettingsForm } from "@/components/schedule-settings-form";
import { utc } from "@/components/format";
import { TableHead } from "@/components/table-head";
import type { ScheduleView } from "@/lib/services/schedule/schedule-settings";

/** Settings → Schedules: what runs on its own, when it next runs, the overrides, and the form that changes them. */
export function ScheduleSettings({ schedule }: { schedule: ScheduleView }) {
  const rows = [
    { what: "Scan every account", every: `every ${schedule.scanEvery}`, cron: schedule.scanCron, next: schedule.nextScan },
    { what: `Validate every trail (over the last ${schedule.windowHours} h, incremental)`, every: `every ${schedule.validateEvery}`, cron: schedule.validateCron, next: schedule.nextValidation },
    { what: "Evidence export (organization, previous month)", every: schedule.exportMonthly ? "monthly" : "off", cron: schedule.exportMonthly ? schedule.exportCron : "—", next: schedule.nextExport },
  ];
  return (
    <section aria-labelledby="schedules" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <div>
        <h2 id="schedules" className="text-base font-semibold">
          Schedules {schedule.paused ? <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">paused</span> : null}
        </h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          What TrailProof runs on its own, without anyone clicking. Each run is a normal run (its progress and history as for Scan now and Validate now),
          attributed to the schedule in the audit trail. Intervals: minutes that divide the hour, hours that divide the day, or 24h. Times are UTC.
        </p>
      </div>
      <table className="w-full text-sm" aria-label="Schedule">
        <TableHead columns={["What", "How often", "Cron", "Next run"]} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.what} className="border-t border-slate-100">
              <td className="px-3 py-2">{row.what}</td>
              <td className="px-3 py-2">{row.every}</td>
              <td className="px-3 py-2 font-mono text-xs">{row.cron}</td>
              <td className="px-3 py-2 text-xs">{schedule.paused ? "paused" : row.next ? utc(row.next) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {schedule.overrides.length ? (
        <table className="w-full text-sm" aria-label="Schedule overrides">
          <TableHead columns={["Account or trail", "Validate every", "Window", "Paused", "In effect", "Next validation"]} />
          <tbody>
            {schedule.overrides.map((o) => (
              <tr key={o.target} className="border-t border-slate-100">
                <td className="px-3 py-2">
                  {o.label} <span className="block font-mono text-xs text-slate-500">{o.target}</span>
                </td>
                <td className="px-3 py-2">{o.validateEvery ?? "organization's"}</td>
                <td className="px-3 py-2">{o.windowHours === null ? "organization's" : `${o.windowHours} h`}</td>
                <td className="px-3 py-2">{o.paused ? "yes" : "no"}</td>
                <td className="px-3 py-2 text-xs">{o.effective}</td>
                <td className="px-3 py-2 text-xs">{o.nextValidation ? utc(o.nextValidation) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ScheduleSettingsForm />
    </section>
  );
}
