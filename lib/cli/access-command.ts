import { commandOptions } from "@/lib/cli/command-options";
import { auditRoleTemplate, keyPolicyStatement, readOnlyPolicy, trustPolicy } from "@/lib/aws/audit-policy";
import { DEFAULT_ROLE_NAME } from "@/lib/services/scan/targets";

const HELP = `usage: trailproof access --format policy|trust|key-policy|cloudformation [--trusted-account ID] [--trusted-role NAME]
                        [--external-id X] [--role-name NAME]

Prints what an operator deploys so TrailProof can read an account: the read-only IAM policy (exactly the actions
TrailProof calls, object reads limited to CloudTrail's AWSLogs/ keys, kms:Decrypt only through S3 for CloudTrail's
encrypted log files), the role's trust policy (with the ExternalId; --trusted-role names the one role TrailProof runs
as), the statement each trail's KMS key policy needs so the audit role in --trusted-account (the account whose role
reads the bucket) may decrypt its log files, or a CloudFormation template for a StackSet.`;

export async function accessCommand(args: string[]): Promise<number> {
  const parsed = commandOptions("access", HELP, args, {
    format: { type: "string" },
    "trusted-account": { type: "string" },
    "trusted-role": { type: "string" },
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
      console.log(JSON.stringify(trustPolicy(values["trusted-account"], values["external-id"], values["trusted-role"]), null, 2));
      return 0;
    case "key-policy":
      if (!values["trusted-account"] || !/^\d{12}$/.test(values["trusted-account"])) {
        console.error("trailproof access: --format key-policy needs --trusted-account (12 digits: the account whose audit role reads the trail's bucket)");
        return 2;
      }
      console.log(JSON.stringify(keyPolicyStatement(values["trusted-account"], values["role-name"]), null, 2));
      return 0;
    default:
      console.error(`trailproof access: --format must be policy, trust, key-policy or cloudformation\n\n${HELP}`);
      return 2;
  }
}
