import { commandOptions } from "@/lib/cli/command-options";
import { auditRoleTemplate, readOnlyPolicy, trustPolicy } from "@/lib/aws/audit-policy";
import { DEFAULT_ROLE_NAME } from "@/lib/services/scan/targets";

const HELP = `usage: trailproof access --format policy|trust|cloudformation [--trusted-account ID] [--external-id X] [--role-name NAME]

Prints what an operator deploys so TrailProof can read an account: the read-only IAM policy (exactly the actions
TrailProof calls), the role's trust policy (with the ExternalId), or a CloudFormation template for a StackSet.`;

export async function accessCommand(args: string[]): Promise<number> {
  const parsed = commandOptions("access", HELP, args, {
    format: { type: "string" },
    "trusted-account": { type: "string" },
    "external-id": { type: "string" },
    "role-name": { type: "string", default: DEFAULT_ROLE_NAME },
  });
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;
  switch (values.format) {
    case "policy":
      console.log(JSON.stringify(readOnlyPolicy(), null, 2));
      return 0;
    case "cloudformation":
      console.log(JSON.stringify(auditRoleTemplate(values["role-name"]), null, 2));
      return 0;
    case "trust":
      if (!values["trusted-account"] || !/^\d{12}$/.test(values["trusted-account"]) || !values["external-id"]) {
        console.error("trailproof access: --format trust needs --trusted-account (12 digits) and --external-id");
        return 2;
      }
      console.log(JSON.stringify(trustPolicy(values["trusted-account"], values["external-id"]), null, 2));
      return 0;
    default:
      console.error(`trailproof access: --format must be policy, trust or cloudformation\n\n${HELP}`);
      return 2;
  }
}
