"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendPoint } from "@/lib/data/trends";

// The trend charts (recharts), the one client leaf of the trends section: the server aggregates the points and renders
// the title, the description and the same numbers as a table beside them (components/trends-section.tsx). Colours are
// Okabe-Ito hues (distinct under the common colour-vision deficiencies); the legend and tooltip name every series.

export type TrendChartKind = "score" | "failing" | "integrity";

const HEIGHT = 220;
const SEVERITY_SERIES = [
  { key: "critical", name: "critical", color: "#D55E00" },
  { key: "high", name: "high", color: "#E69F00" },
  { key: "medium", name: "medium", color: "#CC79A7" },
  { key: "low", name: "low", color: "#56B4E9" },
  { key: "informational", name: "informational", color: "#999999" },
] as const;
const INTEGRITY_SERIES = [
  { key: "invalid", name: "INVALID files", color: "#D55E00" },
  { key: "tampering", name: "tampering findings", color: "#882255" },
  { key: "missing", name: "missing or unreadable", color: "#E69F00" },
  { key: "gaps", name: "gaps in delivery", color: "#CC79A7" },
] as const;

/** "2026-03-01" → "Mar 1": short ticks; the table beside the chart has the full dates. */
function tick(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

interface Props {
  kind: TrendChartKind;
  points: TrendPoint[];
  /** Read by screen readers with the chart (the SVG's <desc>); the table holds every number. */
  description: string;
}

export function TrendChart({ kind, points, description }: Props) {
  const common = { accessibilityLayer: true, desc: description, margin: { top: 8, right: 16, bottom: 0, left: 0 } };
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
      <XAxis dataKey="day" tickFormatter={tick} minTickGap={24} fontSize={12} />
    </>
  );
  if (kind === "score") {
    // Days without a scan carry the last scan forward: the line goes on, but only days with a scan get a dot. A day
    // before any scan has no score and leaves a gap.
    const data = points.map((p) => ({ day: p.day, score: p.score === null ? null : Math.round(p.score * 10) / 10, scanned: p.accountsScanned > 0 }));
    return (
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <LineChart data={data} {...common}>
          {axes}
          <YAxis domain={[0, 100]} fontSize={12} width={36} />
          <Tooltip formatter={(value) => [`${String(value)} / 100`, "score"]} labelFormatter={(day) => `${String(day)} (UTC)`} />
          <Line
            type="stepAfter"
            dataKey="score"
            name="score"
            stroke="#0072B2"
            strokeWidth={2}
            connectNulls={false}
            isAnimationActive={false}
            dot={({ cx, cy, payload, index }: { cx?: number; cy?: number; payload?: { scanned: boolean }; index?: number }) =>
              payload?.scanned && cx !== undefined && cy !== undefined ? <circle key={index} cx={cx} cy={cy} r={3} fill="#0072B2" /> : <g key={index} />
            }
          />
        </LineChart>
      </ResponsiveContainer>
    );
  }
  const series = kind === "failing" ? SEVERITY_SERIES : INTEGRITY_SERIES;
  const data = points.map((p) => ({ day: p.day, ...(kind === "failing" ? p.failing : p.integrity) }));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={data} {...common}>
        {axes}
        <YAxis allowDecimals={false} fontSize={12} width={36} />
        <Tooltip labelFormatter={(day) => `${String(day)} (UTC)`} />
        <Legend />
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} stackId="day" fill={s.color} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
