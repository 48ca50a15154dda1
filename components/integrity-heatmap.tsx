"use client";

import { GridKeyboard, HeatmapAccountCell, HeatmapCell } from "@/components/grid-keyboard";
import { INTEGRITY_STATUS_STYLE } from "@/components/status-style";
import type { IntegrityRow } from "@/lib/data/heatmap-rows";

/** Accounts by days: each cell what the latest validation found that day, with its counts on hover and focus. */
export function IntegrityHeatmap({ accounts, days }: { accounts: IntegrityRow[]; days: string[] }) {
  return (
    <GridKeyboard label="Integrity heatmap">
      <table className="border-separate border-spacing-0.5 rounded-lg border border-slate-200 bg-white text-sm">
        <caption className="sr-only">Accounts by day: what log file validation found</caption>
        <thead>
          <tr>
            <th scope="col" className="sticky left-0 bg-white px-3 py-2 text-left font-medium text-slate-600">
              Account
            </th>
            {days.map((day, i) => (
              <th key={day} scope="col" className="w-6 px-0 text-center text-[10px] font-normal text-slate-500" title={day}>
                {i === 0 || day.endsWith("-01") ? day.slice(5) : day.slice(8)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {accounts.map((account, row) => (
            <tr key={account.id}>
              <HeatmapAccountCell id={account.id} name={account.name} />
              {days.map((day, col) => {
                const cell = account.cells[col];
                const style = INTEGRITY_STATUS_STYLE[cell?.status ?? "none"]!;
                const text = cell
                  ? `${account.name} ${day}: ${style.label}; ${cell.valid} valid, ${cell.invalid} invalid, ${cell.missing} missing, ${cell.gaps} gaps${cell.excepted ? `; ${cell.excepted}` : ""}`
                  : `${account.name} ${day}: not validated`;
                const href = `/accounts/${account.id}/integrity?day=${day}`;
                return <HeatmapCell key={day} href={href} row={row} col={col} status={cell?.status ?? "none"} text={text} style={style} size="hm-day" />;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </GridKeyboard>
  );
}
