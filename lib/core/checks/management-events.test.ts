import type { EventSelectors } from "@/lib/core/checks/snapshot";
import { describeCheck } from "@/lib/core/checks/check-cases";
import { managementEvents } from "@/lib/core/checks/management-events";
import { compliantSnapshot, denied, ok, snapshotWith } from "@/lib/core/checks/snapshot-fixtures";

type Field = EventSelectors["advanced"][number]["fieldSelectors"][number];
const field = (name: string, equals: string[], notEquals: string[] = []): Field => ({
  field: name,
  equals,
  notEquals,
});
const MANAGEMENT = field("eventCategory", ["Management"]);
const selectors = (basic: EventSelectors["basic"], advanced: EventSelectors["advanced"] = []) =>
  snapshotWith({ trail: { eventSelectors: ok({ basic, advanced }) } });
const advanced = (...fieldSets: Field[][]) =>
  selectors(
    [],
    fieldSets.map((fieldSelectors, index) => ({ name: `selector ${index}`, fieldSelectors })),
  );

describeCheck(managementEvents, [
  {
    label: "basic selector, All, management events on",
    snapshot: compliantSnapshot(),
    status: "pass",
    evidence: { "GetEventSelectors.EventSelectors": [{ ReadWriteType: "All", IncludeManagementEvents: true }] },
  },
  {
    label: "basic ReadOnly + WriteOnly selectors together",
    snapshot: selectors([
      { readWriteType: "ReadOnly", includeManagementEvents: true },
      { readWriteType: "WriteOnly", includeManagementEvents: true },
    ]),
    status: "pass",
  },
  {
    label: "basic WriteOnly only",
    snapshot: selectors([{ readWriteType: "WriteOnly", includeManagementEvents: true }]),
    status: "fail",
    reason: "captures write management events but not read",
  },
  {
    label: "basic All with management events excluded (data events only)",
    snapshot: selectors([{ readWriteType: "All", includeManagementEvents: false }]),
    status: "fail",
    reason: "captures no management events",
  },
  {
    label: "advanced: eventCategory Management, no readOnly filter",
    snapshot: advanced([MANAGEMENT]),
    status: "pass",
    evidence: {
      "GetEventSelectors.AdvancedEventSelectors": [
        { Name: "selector 0", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"], NotEquals: [] }] },
      ],
    },
  },
  {
    label: "advanced: readOnly true and readOnly false in two selectors",
    snapshot: advanced([MANAGEMENT, field("readOnly", ["true"])], [MANAGEMENT, field("readOnly", ["false"])]),
    status: "pass",
  },
  {
    label: "advanced: readOnly equals both values",
    snapshot: advanced([MANAGEMENT, field("readOnly", ["true", "false"])]),
    status: "pass",
  },
  {
    label: "advanced: readOnly true only",
    snapshot: advanced([MANAGEMENT, field("readOnly", ["true"])]),
    status: "fail",
    reason: "captures read management events but not write",
  },
  {
    label: "advanced: readOnly notEquals true keeps writes only",
    snapshot: advanced([MANAGEMENT, field("readOnly", [], ["true"])]),
    status: "fail",
    reason: "not read",
  },
  {
    label: "advanced: management selector limited by eventSource does not count",
    snapshot: advanced([MANAGEMENT, field("eventSource", [], ["kms.amazonaws.com"])]),
    status: "fail",
    reason: "selector 0 (eventSource)",
  },
  {
    label: "advanced: data events only",
    snapshot: advanced([field("eventCategory", ["Data"]), field("resources.type", ["AWS::S3::Object"])]),
    status: "fail",
  },
  {
    label: "no selectors at all",
    snapshot: selectors([]),
    status: "fail",
  },
  {
    label: "organization trail, same verdict",
    snapshot: snapshotWith({ trail: { isOrganizationTrail: true } }),
    status: "pass",
  },
  {
    label: "selectors unreadable",
    snapshot: snapshotWith({ trail: { eventSelectors: denied("cloudtrail:GetEventSelectors") } }),
    status: "error",
    reason: "Could not read the event selectors of the trail: cloudtrail:GetEventSelectors AccessDenied:",
  },
]);
