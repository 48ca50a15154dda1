/** A settings form's last row: its submit button and the live status line that says how the action went. */
export function FormSubmitRow({ pending, label, pendingLabel, state, span }: {
  pending: boolean;
  label: string;
  pendingLabel: string;
  state: { status: string; message: string };
  /** The grid columns the row spans: the form's own count. */
  span: "md:col-span-3" | "md:col-span-4";
}) {
  return (
    <div className={`flex items-center gap-3 ${span}`}>
      <button type="submit" disabled={pending} className="rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 disabled:opacity-60">
        {pending ? pendingLabel : label}
      </button>
      <p role="status" aria-live="polite" className={`text-sm ${state.status === "error" ? "text-red-700" : "text-slate-600"}`}>
        {state.message}
      </p>
    </div>
  );
}
