"use client";

import type { KeyboardEvent, ReactNode } from "react";
import type { StatusStyle } from "@/components/status-style";

// Arrow-key navigation across a heatmap's cells (a roving tab stop: Tab enters the grid once, arrows move, Home/End
// jump along the row). Cells are server-rendered links carrying data-cell="row:col"; only the first is tabbable.
export function GridKeyboard({ children, label }: { children: ReactNode; label: string }) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = (event.target as HTMLElement).closest<HTMLElement>("[data-cell]");
    if (!current) return;
    const [row, col] = current.dataset.cell!.split(":").map(Number) as [number, number];
    const moves: Record<string, [number, number]> = {
      ArrowRight: [row, col + 1],
      ArrowLeft: [row, col - 1],
      ArrowDown: [row + 1, col],
      ArrowUp: [row - 1, col],
      Home: [row, 0],
      End: [row, Number.MAX_SAFE_INTEGER],
    };
    const target = moves[event.key];
    if (!target) return;
    const cells = event.currentTarget;
    let next = cells.querySelector<HTMLElement>(`[data-cell="${target[0]}:${target[1]}"]`);
    if (!next && event.key === "End") next = [...cells.querySelectorAll<HTMLElement>(`[data-cell^="${row}:"]`)].at(-1) ?? null;
    if (!next) return;
    event.preventDefault();
    current.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  };
  return (
    <div onKeyDown={onKeyDown} aria-label={label} role="region" className="overflow-x-auto">
      {children}
    </div>
  );
}

/**
 * One heatmap cell: a link whose name (its title: shown on hover, read by screen readers) says the status in words;
 * the symbol is the second cue after colour. Only the grid's first cell is in the tab order (GridKeyboard moves on).
 */
export function HeatmapCell(props: { href: string; row: number; col: number; status: string; text: string; style: StatusStyle; size: "hm-check" | "hm-day" }) {
  const { href, row, col, status, text, style, size } = props;
  return (
    <td className="p-0">
      <a href={href} data-cell={`${row}:${col}`} data-status={status} tabIndex={row === 0 && col === 0 ? 0 : -1} title={text} className={`hm-cell ${size} ${style.className}`}>
        <span aria-hidden>{style.symbol}</span>
      </a>
    </td>
  );
}

/** The sticky first column of a heatmap row: the account's name (a link to it) and id. */
export function HeatmapAccountCell({ id, name, detail, children }: { id: string; name: string; detail?: ReactNode; children?: ReactNode }) {
  return (
    <th scope="row" className="sticky left-0 bg-white px-3 py-1 text-left font-normal">
      <a href={`/accounts/${id}`} className="font-medium text-slate-900 hover:underline">
        {name}
      </a>
      <div className="font-mono text-xs text-slate-500">
        {id}
        {detail}
      </div>
      {children}
    </th>
  );
}
