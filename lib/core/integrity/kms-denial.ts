// S3 answers GetObject of an SSE-KMS object with AccessDenied when the reader may not use the object's key, naming
// the caller and the key: "User: arn:aws:sts::A:assumed-role/ROLE/SESSION is not authorized to perform: kms:Decrypt
// on resource: arn:aws:kms:R:K:key/ID because no resource-based policy allows the kms:Decrypt action" (or "no
// identity-based policy", or "with an explicit deny in …"). Recognising it lets a stored run say once per chain and
// key what to fix, instead of one unexplained unreadable file per log.

export interface KmsDecryptDenial {
  keyArn: string;
  /** The role the caller acted as (an assumed role's IAM role ARN), else the caller's ARN as S3 gave it. */
  principalArn: string;
  accountId: string;
  /** The IAM role's name when the caller was an assumed role. */
  roleName: string | null;
  /** What S3 said was missing or in the way, e.g. "because no resource-based policy allows the kms:Decrypt action". */
  why: string;
}

const DENIAL = /User: (arn:aws[\w-]*:(?:sts|iam)::(\d{12}):(\S+)) is not authorized to perform: kms:Decrypt on resource: (arn:aws[\w-]*:kms:[\w-]+:\d{12}:key\/[\w-]+) ((?:because|with) [^\n]*?)\.?$/m;

export function parseKmsDecryptDenial(error: string): KmsDecryptDenial | null {
  const m = DENIAL.exec(error);
  if (!m) return null;
  const [, callerArn, accountId, resource, keyArn, why] = m as unknown as [string, string, string, string, string, string];
  const assumed = /^assumed-role\/([\w+=,.@-]+)\//.exec(resource);
  const partition = callerArn.split(":")[1];
  return {
    keyArn,
    principalArn: assumed ? `arn:${partition}:iam::${accountId}:role/${assumed[1]}` : callerArn,
    accountId,
    roleName: assumed ? assumed[1]! : null,
    why,
  };
}
