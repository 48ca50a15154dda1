import Link from "next/link";
import { can, type Actor } from "@/lib/auth/roles";
import { currentActor } from "@/lib/auth/request-context";
import { getOpenAlertCount } from "@/lib/data/alerts";
import { readEnv } from "@/lib/env";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/integrity", label: "Integrity" },
  { href: "/scans", label: "Scans" },
  { href: "/alerts", label: "Alerts" },
  { href: "/exceptions", label: "Exceptions" },
  { href: "/evidence", label: "Evidence" },
  { href: "/audit", label: "Audit trail", permission: "audit.view" },
  { href: "/settings", label: "Settings", permission: "manage" },
  // Everyone else keeps their own API tokens on the Settings page (the rest of it is for administrators).
  { href: "/settings#api-tokens", label: "API tokens", unless: "manage" },
] as const;

/**
 * The open alerts' count beside "Alerts"; none shown when there are none, or when the count cannot be read: the header
 * must render without a database too (the build prerenders the not-found page).
 */
async function OpenAlertsBadge() {
  let open = 0;
  try {
    open = await getOpenAlertCount();
  } catch (error) {
    if (readEnv().DATABASE_URL) console.error("counting open alerts failed", error);
  }
  if (open === 0) return null;
  // The space keeps the link's accessible name "Alerts 3 open" rather than "Alerts3 open".
  return (
    <>
      {" "}
      <span className="ml-1 rounded-full bg-orange-300 px-1.5 py-0.5 text-xs font-semibold text-orange-950" data-testid="open-alerts">
        {open}
        <span className="sr-only"> open</span>
      </span>
    </>
  );
}

function Identity({ actor }: { actor: Actor }) {
  if (actor.mode === "local") {
    return (
      <p className="ml-auto text-xs text-slate-600" title="No identity provider is configured: TrailProof listens on 127.0.0.1 only and whoever uses it there is its administrator.">
        Local mode · Local administrator
      </p>
    );
  }
  if (actor.roles.length === 0) return null;
  return (
    <div className="ml-auto flex items-center gap-3 text-xs text-slate-600">
      <span>
        Signed in as <span className="font-medium text-slate-900">{actor.name}</span> · <span data-testid="roles">{actor.roles.join(", ")}</span>
      </span>
      <form action="/api/auth/signout" method="post">
        <button type="submit" className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">
          Sign out
        </button>
      </form>
    </div>
  );
}

export async function SiteHeader() {
  const actor = await currentActor();
  const nav = NAV.filter((item) => (!("permission" in item) || can(actor, item.permission)) && (!("unless" in item) || !can(actor, item.unless)));
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl items-center gap-8 px-6 py-3">
        <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
          <span aria-hidden className="inline-block h-6 w-6 rounded bg-emerald-700 text-center text-sm leading-6 text-white">
            ✓
          </span>
          TrailProof
        </Link>
        {can(actor, "view") ? (
          <nav aria-label="Main">
            <ul className="flex gap-6 text-sm">
              {nav.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} className="text-slate-600 hover:text-slate-900">
                    {item.label}
                    {item.href === "/alerts" ? <OpenAlertsBadge /> : null}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <Identity actor={actor} />
      </div>
    </header>
  );
}
