// Who may do what. Roles come from the identity provider's groups (see the access issue) or, in local mode, the one
// local administrator. Permissions are listed per role rather than inherited along a ladder: an auditor exports
// evidence and reads the audit trail but does not start scans, and an operator starts work but exports nothing.

export const ROLES = ["viewer", "operator", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];

// "propose" and "approve" are exceptions' (docs/exceptions.md): operators propose, administrators approve or reject.
export const PERMISSIONS = ["view", "scan", "validate", "acknowledge", "propose", "export", "audit.view", "approve", "manage"] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ["view"],
  operator: ["view", "scan", "validate", "acknowledge", "propose"],
  auditor: ["view", "export", "audit.view"],
  admin: PERMISSIONS,
};

export interface Actor {
  /** Stable id: the provider's subject, or "local-admin". */
  id: string;
  name: string;
  roles: Role[];
  /** "system": TrailProof acting on its own (schedules), never a person signed in. */
  mode: "local" | "oidc" | "system";
}

/** Every permission the roles grant together. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  return PERMISSIONS.filter((permission) => roles.some((role) => GRANTS[role].includes(permission)));
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.roles.some((role) => GRANTS[role].includes(permission));
}

/** In local mode (no identity provider configured) the person at 127.0.0.1 is the administrator. */
export const LOCAL_ADMIN: Actor = { id: "local-admin", name: "Local administrator", roles: ["admin"], mode: "local" };

/**
 * The schedule: who scheduled runs, scans and exports are attributed to in the audit trail. It holds no role: it is
 * never authorized through the guard, it only records that the system, not a person, started the work.
 */
export const SCHEDULE_ACTOR: Actor = { id: "system:schedule", name: "TrailProof schedule", roles: [], mode: "system" };
