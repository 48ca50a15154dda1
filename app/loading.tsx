// Shown while a page's data loads (server components stream in when ready).
export default function Loading() {
  return (
    <p role="status" aria-live="polite" className="text-sm text-slate-600">
      Loading…
    </p>
  );
}
