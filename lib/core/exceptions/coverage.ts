import { targetOf, type ExceptionFacts } from "@/lib/core/exceptions/exception";

// Does an exception cover a result? A check result is covered by an exception for its check in its account, on its
// trail, or in an organizational unit its account sits in (or under); an integrity finding only by an exception
// naming its stable id (lib/services/export/finding-id.ts: the same id a re-export gives it).

export type CoveredSubject =
  | { type: "check"; checkId: string; accountId: string; ouPath: string | null; trailArn: string | null }
  | { type: "finding"; findingId: string };

/** True when `ouPath` is `unit` or an OU below it ("Root/Sandbox" holds "Root/Sandbox/Dev", not "Root/Sandboxes"). */
export function isUnder(ouPath: string | null, unit: string): boolean {
  if (!ouPath) return false;
  const parent = unit.replace(/\/+$/, "");
  return ouPath === parent || ouPath.startsWith(`${parent}/`);
}

/** Coverage only: whether the exception applies now is exceptionState's question (callers pass active ones). */
export function covers(e: ExceptionFacts, subject: CoveredSubject): boolean {
  const target = targetOf(e);
  if (subject.type === "finding") return target.scope === "finding" && target.findingId === subject.findingId;
  switch (target.scope) {
    case "finding":
      return false;
    case "account":
      return target.checkId === subject.checkId && target.accountId === subject.accountId;
    case "trail":
      return target.checkId === subject.checkId && target.trailArn === subject.trailArn;
    case "organizational_unit":
      return target.checkId === subject.checkId && isUnder(subject.ouPath, target.ouPath);
  }
}

/** The first of `exceptions` that covers the subject (callers pass the active ones), or null. */
export function coveringException<E extends ExceptionFacts>(exceptions: readonly E[], subject: CoveredSubject): E | null {
  return exceptions.find((e) => covers(e, subject)) ?? null;
}
