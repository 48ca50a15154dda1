import "server-only";
import { db } from "@/lib/db/client";
import { recordAudit, type AuditEntry } from "@/lib/db/audit-repository";
import type { Actor } from "@/lib/auth/roles";
import { requestContext } from "@/lib/auth/request-context";
import { recordRefusal } from "@/lib/auth/guard";

/**
 * Sign-in and sign-out records. A failure to write one is logged, never a reason to lock someone out or in. Failed and
 * refused sign-ins are recorded within the refusal limits (anyone can start a sign-in): false when over them.
 */
export async function auditSession(actor: Actor, entry: AuditEntry): Promise<boolean> {
  const context = await requestContext(actor);
  const write = entry.outcome === "failed" || entry.outcome === "refused" ? recordRefusal(db(), context, entry) : recordAudit(db(), context, entry).then(() => true);
  return write.catch((error: unknown) => {
    console.error("could not record a sign-in event in the audit trail", error);
    return true;
  });
}
