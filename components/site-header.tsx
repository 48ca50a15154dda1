import Link from "next/link";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/integrity", label: "Integrity" },
  { href: "/scans", label: "Scans" },
  { href: "/evidence", label: "Evidence" },
  { href: "/audit", label: "Audit trail" },
] as const;

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl items-center gap-8 px-6 py-3">
        <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
          <span aria-hidden className="inline-block h-6 w-6 rounded bg-emerald-700 text-center text-sm leading-6 text-white">
            ✓
          </span>
          TrailProof
        </Link>
        <nav aria-label="Main">
          <ul className="flex gap-6 text-sm">
            {NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className="text-slate-600 hover:text-slate-900">
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <p className="ml-auto text-xs text-slate-600" title="No identity provider is configured: TrailProof listens on 127.0.0.1 only and whoever uses it there is its administrator.">
          Local mode · Local administrator
        </p>
      </div>
    </header>
  );
}
