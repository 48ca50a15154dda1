"use client";

import { EmptyState } from "@/components/empty-state";

// Any page that fails to render: say what to try, never a blank screen. The details are in the server log (Next
// shows only a digest to the browser, so nothing internal leaks).
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <EmptyState title="This page could not be shown">
      <p>The server could not read what this page needs, often because the database is unreachable or restarting.</p>
      <p>If you signed in and have been away, your session may have ended: reload the page to sign in again.</p>
      <p>
        <button type="button" onClick={reset} className="rounded-md border border-slate-300 bg-white px-3 py-1 font-medium text-slate-800 hover:bg-slate-100">
          Try again
        </button>
      </p>
      {error.digest ? <p className="font-mono text-xs text-slate-500">Reference for the server log: {error.digest}</p> : null}
    </EmptyState>
  );
}
