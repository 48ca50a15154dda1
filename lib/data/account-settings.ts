import "server-only";
import { db } from "@/lib/db/client";
import { listAccountAccess } from "@/lib/db/accounts-repository";

/** The Settings page's accounts: how TrailProof reaches each one, never the ExternalId itself. */
export function getAccountAccess() {
  return listAccountAccess(db());
}
