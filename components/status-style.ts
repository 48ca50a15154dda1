// One palette for every heatmap and badge: colour-blind safe (blue for good, orange for bad, violet for unknown:
// Okabe-Ito hues, distinct under the common colour-vision deficiencies) and never colour alone: each status has a
// symbol and a word.

export interface StatusStyle {
  symbol: string;
  label: string;
  className: string;
}

export const CHECK_STATUS_STYLE: Record<string, StatusStyle> = {
  fail: { symbol: "✕", label: "fail", className: "bg-orange-300 text-orange-950" },
  // A fail an approved exception covers (docs/exceptions.md): bluish green, Okabe-Ito's sixth hue, and its own symbol.
  excepted: { symbol: "◇", label: "excepted (fail, accepted until expiry)", className: "bg-teal-200 text-teal-950" },
  error: { symbol: "?", label: "could not read", className: "bg-violet-200 text-violet-950" },
  pass: { symbol: "✓", label: "pass", className: "bg-sky-100 text-sky-900" },
  not_applicable: { symbol: "–", label: "not applicable", className: "bg-slate-100 text-slate-500" },
  none: { symbol: "·", label: "no result", className: "bg-white text-slate-400" },
};

export const INTEGRITY_STATUS_STYLE: Record<string, StatusStyle> = {
  invalid: { symbol: "✕", label: "invalid files", className: "bg-orange-400 text-orange-950" },
  missing: { symbol: "!", label: "missing or unreadable digests or files", className: "bg-amber-200 text-amber-950" },
  gap: { symbol: "◌", label: "gap in delivery", className: "bg-violet-200 text-violet-950" },
  excepted: { symbol: "◇", label: "excepted (every problem that day accepted until expiry)", className: "bg-teal-200 text-teal-950" },
  valid: { symbol: "✓", label: "all valid", className: "bg-sky-100 text-sky-900" },
  none: { symbol: "·", label: "not validated", className: "bg-white text-slate-400" },
};

export const FILE_STATUS_STYLE: Record<string, StatusStyle> = {
  invalid: { symbol: "✕", label: "INVALID", className: "bg-orange-300 text-orange-950" },
  missing: { symbol: "!", label: "missing", className: "bg-amber-200 text-amber-950" },
  unreadable: { symbol: "?", label: "unreadable", className: "bg-violet-200 text-violet-950" },
  valid: { symbol: "✓", label: "valid", className: "bg-sky-100 text-sky-900" },
};


export const ALERT_STATE_STYLE: Record<string, StatusStyle> = {
  open: { symbol: "!", label: "open", className: "bg-orange-300 text-orange-950" },
  acknowledged: { symbol: "◐", label: "acknowledged", className: "bg-amber-100 text-amber-950" },
  resolved: { symbol: "✓", label: "resolved", className: "bg-sky-100 text-sky-900" },
};

export const EXCEPTION_STATE_STYLE: Record<string, StatusStyle> = {
  proposed: { symbol: "…", label: "proposed", className: "bg-amber-100 text-amber-950" },
  approved: { symbol: "◇", label: "approved", className: "bg-teal-200 text-teal-950" },
  rejected: { symbol: "✕", label: "rejected", className: "bg-slate-200 text-slate-700" },
  revoked: { symbol: "⊘", label: "revoked", className: "bg-slate-200 text-slate-700" },
  expired: { symbol: "⌛", label: "expired", className: "bg-slate-100 text-slate-600" },
};
