import { createHash } from "node:crypto";

// A finding's id names the problem, not the run that saw it, so a re-export of the same problems gives the same ids
// and Security Hub (or a SIEM) updates the finding rather than adding a copy. What identifies each kind of problem:
//   check       the check id and the resource it judges: the trail ARN, or the account for a result with no trail;
//   file        the S3 object (a digest and a log file never share a key), whatever its status turns into;
//   integrity   the finding kind, the trail ARN and the chain (account, region), then the S3 object it names,
//               else the time span it covers, else its message (a finding with neither: one per chain and wording).
// The id is readable up to the type and hashed after it: S3 keys and ARNs are long, and ASFF caps Id at 512 characters.

export type FindingIdentity =
  | { type: "check"; checkId: string; trailArn: string | null; accountId: string }
  | { type: "file"; s3Uri: string }
  | { type: "integrity"; kind: string; trailArn: string; accountId: string; region: string; s3Uri: string | null; fromTime: Date | null; toTime: Date | null; message: string };

function identityParts(identity: FindingIdentity): string[] {
  switch (identity.type) {
    case "check":
      return [identity.checkId, identity.trailArn ?? `account:${identity.accountId}`];
    case "file":
      return [identity.s3Uri];
    case "integrity": {
      const chain = [identity.kind, identity.trailArn, identity.accountId, identity.region];
      if (identity.s3Uri) return [...chain, identity.s3Uri];
      if (identity.fromTime || identity.toTime) return [...chain, identity.fromTime?.toISOString() ?? "", identity.toTime?.toISOString() ?? ""];
      return [...chain, identity.message];
    }
  }
}

export function findingId(identity: FindingIdentity): string {
  const digest = createHash("sha256").update(JSON.stringify(identityParts(identity))).digest("hex");
  return `trailproof/${identity.type}/${digest.slice(0, 40)}`;
}
