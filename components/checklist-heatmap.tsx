"use client";

import { GridKeyboard, HeatmapAccountCell, HeatmapCell } from "@/components/grid-keyboard";
import { CHECK_STATUS_STYLE } from "@/components/status-style";

import { CODE_STATUS, type HeatmapRow } from "@/lib/data/heatmap-rows";

export interface HeatmapColumn {
  id: string;
  /** The header's words; the id, title and severity show on hover. */
  label: string;
  title: string;
  severity: string;
}

function formatScore(score: number | null): string {
  return score === null ? "not scanned" : `${Math.round(score)} / 100`;
}

/** The score with exceptions first; the one without beside it when exceptions change it (docs/exceptions.md). */
function ScoreCell({ account }: { account: HeatmapRow }) {
  if (account.scoreWithExceptions === account.score) return <>{formatScore(account.score)}</>;
  return (
    <span title="Score with exceptions; without them in brackets">
      {account.scoreWithExceptions === null ? "no decided result" : formatScore(account.scoreWithExceptions)}{" "}
      <span className="text-xs text-slate-500">({formatScore(account.score)} without exceptions)</span>
    </span>
  );
}

/**
 * Accounts by checklist items; every cell a link to the account's check, reachable by arrow keys. A client component
 * only to keep the page small: its rows arrive as compact JSON instead of a server-rendered element tree per cell.
 */
export function ChecklistHeatmap({ accounts, columns }: { accounts: HeatmapRow[]; columns: HeatmapColumn[] }) {
  return (
    <GridKeyboard label="Checklist heatmap">
      <table className="border-separate border-spacing-0.5 rounded-lg border border-slate-200 bg-white pr-24 text-sm">
        <caption className="sr-only">Accounts by checklist item: the worst status over the trails each account sees</caption>
        <thead>
          <tr>
            <th scope="col" className="sticky left-0 bg-white px-3 py-2 text-left font-medium text-slate-600">
              Account
            </th>
            <th scope="col" className="px-2 py-2 text-left font-medium text-slate-600">
              Score
            </th>
            {columns.map((column) => (
              <th key={column.id} scope="col" className="relative h-40 w-9 min-w-9 font-normal text-slate-600" title={`${column.id}: ${column.title} (${column.severity})`} data-check={column.id}>
                {/* Rotated so thirteen columns fit; absolutely placed so the label's length does not widen the column. A short
                    human label (at most 20 characters, lib/core/checks) fits the header's height; an id like
                    bucket_public_access_block did not. */}
                <span className="absolute bottom-2 left-1/2 origin-bottom-left -rotate-60 whitespace-nowrap text-xs">{column.label}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {accounts.map((account, row) => (
            <tr key={account.id}>
              <HeatmapAccountCell id={account.id} name={account.name} detail={account.ouPath ? <span className="ml-2 font-sans">{account.ouPath}</span> : null}>
                {account.scanError ? <div className="text-xs text-violet-800">{account.scanError}</div> : null}
              </HeatmapAccountCell>
              <td className="whitespace-nowrap px-2 py-1 tabular-nums">
                <ScoreCell account={account} />
              </td>
              {columns.map((column, col) => {
                const status = CODE_STATUS[account.codes[col] ?? "-"] ?? "none";
                const style = CHECK_STATUS_STYLE[status]!;
                const note = status === "excepted" ? account.excepted[column.id] : undefined;
                const text = `${account.name} ${column.id}: ${style.label}${note ? `; ${note}` : ""}`;
                const href = `/accounts/${account.id}#check-${column.id}`;
                return <HeatmapCell key={column.id} href={href} row={row} col={col} status={status} text={text} style={style} size="hm-check" />;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </GridKeyboard>
  );
}
