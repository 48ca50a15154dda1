import type { StatusStyle } from "@/components/status-style";

export function StatusLegend({ styles, title = "Legend" }: { styles: Record<string, StatusStyle>; title?: string }) {
  return (
    <div className="flex flex-wrap items-center gap-3 text-xs text-slate-700" aria-label={title} role="group">
      {Object.entries(styles).map(([key, style]) => (
        <span key={key} className="flex items-center gap-1">
          <span aria-hidden className={`inline-flex h-5 w-5 items-center justify-center rounded ${style.className}`}>
            {style.symbol}
          </span>
          {style.label}
        </span>
      ))}
    </div>
  );
}

export function StatusBadge({ style }: { style: StatusStyle }) {
  return (
    <span className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${style.className}`}>
      <span aria-hidden>{style.symbol}</span>
      {style.label}
    </span>
  );
}
