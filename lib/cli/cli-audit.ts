import os from "node:os";
import type { AuditContext } from "@/lib/db/audit-repository";

/**
 * Who a command acts as in the audit trail. The command line reaches the database directly, so whoever runs it acts
 * as an administrator; the record names the operating-system user and the command.
 */
export function cliAudit(command: string): AuditContext {
  const user = os.userInfo().username;
  return { actor: { id: `cli:${user}`, name: user, roles: ["admin"], mode: "local" }, source: { ip: null, userAgent: `trailproof ${command}` } };
}
