import fs from "node:fs";
import { z } from "zod";

// An explicit account list, for organizations TrailProof cannot list (no Organizations access) or a subset:
//   [{ "id": "111122223333", "name": "payments-prod", "roleName": "TrailProofAudit", "externalId": "…",
//      "regions": ["us-east-1", "eu-west-1"] }, …]
const accountEntry = z.object({
  id: z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id"),
  name: z.string().min(1).optional(),
  ouPath: z.string().optional(),
  roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name").optional(),
  externalId: z.string().min(2).max(1224).optional(),
  regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be a region name such as eu-west-1")).optional(),
});

export const accountsFileSchema = z.array(accountEntry).min(1, "lists no accounts");
export type AccountsFileEntry = z.infer<typeof accountEntry>;

export function readAccountsFile(file: string): AccountsFileEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read accounts file ${file}: ${(error as Error).message}`);
  }
  const parsed = accountsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`accounts file ${file}: ${issue.path.length ? `entry ${issue.path.join(".")}` : "the list"} ${issue.message}`);
  }
  return parsed.data;
}
