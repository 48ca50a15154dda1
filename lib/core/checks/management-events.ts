import { defineCheck } from "@/lib/core/checks/define-check";
import { eventSelectorsEvidence, managementCoverage, type Access } from "@/lib/core/checks/event-coverage";

const BOTH: Access[] = ["read", "write"];

export const managementEvents = defineCheck(
  {
    id: "management_events",
    label: "Management events",
    title: "The trail captures read and write management events",
    severity: "high",
    rationale:
      "Management events are the control-plane record (IAM, security groups, CloudTrail itself). Write events show changes; read events show reconnaissance such as List* and Describe* sweeps and GetSecretValue.",
    remediation:
      "CloudTrail console → Trails → select the trail → Management events → Edit → API activity: Read and Write. Or `aws cloudtrail put-event-selectors --trail-name <trail-arn> --advanced-event-selectors '[{\"Name\":\"Management events\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]}]'`; put-event-selectors replaces all selectors, so include the data-event selectors you keep.",
    references: {
      cis: ["CIS AWS Foundations 1.5.0 3.1"],
      securityHub: ["CloudTrail.1"],
      prowler: ["cloudtrail_multi_region_enabled_logging_management_events"],
      docs: [
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html",
      ],
    },
  },
  ({ snapshot, verdict }) => {
    if (!snapshot.eventSelectors.ok) {
      return verdict.unreadable("the event selectors of the trail", snapshot.eventSelectors.error);
    }
    const selectors = snapshot.eventSelectors.value;
    const { covered, restrictedSelectors } = managementCoverage(selectors);
    const evidence = eventSelectorsEvidence(selectors);
    const missing = BOTH.filter((access) => !covered.includes(access));
    if (missing.length === 0) {
      return verdict.pass(`Trail ${snapshot.name} captures read and write management events.`, evidence);
    }
    const partial =
      restrictedSelectors.length > 0
        ? ` (management selectors limited to some events do not count: ${restrictedSelectors.join("; ")})`
        : "";
    const captured = covered.length === 0 ? "no management events" : `${covered.join(" and ")} management events`;
    const but = covered.length === 0 ? "" : ` but not ${missing.join(" and ")}`;
    return verdict.fail(`Trail ${snapshot.name} captures ${captured}${but}${partial}.`, evidence);
  },
);
