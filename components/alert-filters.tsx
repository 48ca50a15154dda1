import { SEVERITIES } from "@/lib/core/checks/types";
import type { AlertFilters } from "@/lib/db/alerts-repository";

// A plain GET form, like the heatmap's: filters live in the URL and work without JavaScript.
export function AlertFiltersForm({ filters, kinds, accountIds }: { filters: AlertFilters; kinds: string[]; accountIds: string[] }) {
  const select = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";
  const field = (id: string, label: string, name: string, value: string | undefined, options: string[], any = "any") => (
    <div className="flex flex-col gap-1 text-slate-700">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""} className={select}>
        <option value="">{any}</option>
        {options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    </div>
  );
  return (
    <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter the alerts">
      {field("alert-state", "State", "state", filters.state, ["open", "acknowledged", "resolved"])}
      {field("alert-severity", "Severity", "severity", filters.severity, [...SEVERITIES])}
      {field("alert-kind", "Kind", "kind", filters.kind, kinds)}
      {field("alert-account", "Account", "account", filters.accountId, accountIds)}
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1 font-medium text-slate-800 hover:bg-slate-100">
        Apply
      </button>
    </form>
  );
}
