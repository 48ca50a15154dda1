import type { EventSelectors } from "@/lib/core/checks/snapshot";

// Which halves of the management events (read, write) a trail's selectors capture. Coverage is a union over
// selectors: CloudTrail logs an event when any selector matches it.

export type Access = "read" | "write";

const BASIC_COVERAGE: Record<EventSelectors["basic"][number]["readWriteType"], Access[]> = {
  All: ["read", "write"],
  ReadOnly: ["read"],
  WriteOnly: ["write"],
};

function readOnlyCoverage(field: { equals: string[]; notEquals: string[] }): Access[] {
  const accessOf = (value: string): Access | null => (value === "true" ? "read" : value === "false" ? "write" : null);
  const included = new Set<Access>(
    field.equals.length > 0
      ? field.equals.flatMap((value) => accessOf(value) ?? [])
      : (["read", "write"] as Access[]),
  );
  for (const value of field.notEquals) {
    const access = accessOf(value);
    if (access) included.delete(access);
  }
  return [...included];
}

export interface ManagementCoverage {
  covered: Access[];
  /** Management selectors also filtering on other fields (eventSource, eventName...): partial, so not counted. */
  restrictedSelectors: string[];
}

export function managementCoverage(selectors: EventSelectors): ManagementCoverage {
  const covered = new Set<Access>(
    selectors.basic.flatMap(({ includeManagementEvents, readWriteType }) =>
      includeManagementEvents ? BASIC_COVERAGE[readWriteType] : [],
    ),
  );
  const restrictedSelectors: string[] = [];
  selectors.advanced.forEach((selector, index) => {
    const fields = selector.fieldSelectors;
    const isManagement = fields.some((field) => field.field === "eventCategory" && field.equals.includes("Management"));
    if (!isManagement) return;
    const others = fields.filter((field) => field.field !== "eventCategory" && field.field !== "readOnly");
    if (others.length > 0) {
      const name = selector.name ?? `AdvancedEventSelectors[${index}]`;
      restrictedSelectors.push(`${name} (${others.map((other) => other.field).join(", ")})`);
      return;
    }
    const readOnly = fields.find((field) => field.field === "readOnly");
    for (const access of readOnly ? readOnlyCoverage(readOnly) : (["read", "write"] as Access[])) covered.add(access);
  });
  return { covered: [...covered].sort(), restrictedSelectors };
}

/** The selectors as GetEventSelectors returns them, with the API's field names. */
export function eventSelectorsEvidence(selectors: EventSelectors): Record<string, unknown> {
  return {
    "GetEventSelectors.EventSelectors": selectors.basic.map((selector) => ({
      ReadWriteType: selector.readWriteType,
      IncludeManagementEvents: selector.includeManagementEvents,
    })),
    "GetEventSelectors.AdvancedEventSelectors": selectors.advanced.map((selector) => ({
      Name: selector.name,
      FieldSelectors: selector.fieldSelectors.map((field) => ({
        Field: field.field,
        Equals: field.equals,
        NotEquals: field.notEquals,
      })),
    })),
  };
}
