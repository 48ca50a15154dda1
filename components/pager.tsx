import Link from "next/link";

type SearchParams = Record<string, string | string[] | undefined>;

/** Previous / next links that keep every other parameter of the URL (filters, window). */
export function Pager({ params, page, pages }: { params: SearchParams; page: number; pages: number }) {
  if (pages <= 1) return null;
  const href = (target: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (key !== "page" && typeof value === "string" && value) query.set(key, value);
    if (target > 0) query.set("page", String(target));
    return `?${query.toString()}`;
  };
  return (
    <nav aria-label="Pages of accounts" className="flex items-center gap-4 text-sm">
      {page > 0 ? <Link href={href(page - 1)} className="underline">Previous</Link> : null}
      <span>
        page {page + 1} of {pages}
      </span>
      {page + 1 < pages ? <Link href={href(page + 1)} className="underline">Next</Link> : null}
    </nav>
  );
}
