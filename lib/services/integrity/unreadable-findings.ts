import { keyPolicyStatement } from "@/lib/aws/audit-policy";
import { parseKmsDecryptDenial, type KmsDecryptDenial } from "@/lib/core/integrity/kms-denial";
import type { FindingRow } from "@/lib/db/validations-repository";

// A chain's unreadable files as findings. Files S3 refused because the reader may not use their KMS key all fail for
// one reason with one fix, so they make ONE finding per chain and key, naming the key and the role and giving the key
// policy statement to add (the one `trailproof access --format key-policy` prints); the files themselves stay
// `unreadable` verdicts. Any other unreadable file gets its own finding.

export interface UnreadableFile {
  key: string;
  error: string;
  kind: "digest" | "log";
}

export interface ChainPlace {
  accountId: string;
  region: string;
  bucket: string;
  /** The run's window: the finding is about all of it. */
  from: Date;
  to: Date;
}

/** JSON on one line, with spaces after separators so a page or a PDF can wrap it. */
function oneLine(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/\n\s*/g, " ");
}

export function kmsDeniedMessage(denial: KmsDecryptDenial, files: number): string {
  const fix = denial.roleName
    ? `; add this statement to the key's policy (trailproof access --format key-policy --trusted-account ${denial.accountId} --role-name ${denial.roleName}): ${oneLine(keyPolicyStatement(denial.accountId, denial.roleName))}`
    : "";
  return `could not read: kms:Decrypt denied on key ${denial.keyArn} for role ${denial.principalArn} (${files} file${files === 1 ? "" : "s"} of this chain unreadable; S3 said: ${denial.why})${fix}`;
}

export function unreadableFindings(files: readonly UnreadableFile[], place: ChainPlace): FindingRow[] {
  const where = { accountId: place.accountId, region: place.region };
  const denied = new Map<string, { denial: KmsDecryptDenial; keys: string[] }>();
  const others: FindingRow[] = [];
  for (const file of files) {
    const denial = parseKmsDecryptDenial(file.error);
    if (denial) {
      const group = `${denial.keyArn} ${denial.principalArn}`;
      const entry = denied.get(group) ?? { denial, keys: [] };
      entry.keys.push(file.key);
      denied.set(group, entry);
      continue;
    }
    others.push({
      ...where,
      kind: "unreadable",
      s3Uri: `s3://${place.bucket}/${file.key}`,
      message: file.kind === "digest"
        ? `this digest could not be read, so the log files it lists are vouched for by nothing: ${file.error}`
        : `this log file could not be read, so its hash was not checked: ${file.error}`,
    });
  }
  const kms = [...denied.values()].map(({ denial, keys }) => ({
    ...where,
    kind: "kms-denied",
    s3Uri: null,
    message: kmsDeniedMessage(denial, keys.length),
    fromTime: place.from,
    toTime: place.to,
    evidence: {
      keyArn: denial.keyArn,
      principalArn: denial.principalArn,
      files: keys.length,
      firstFile: `s3://${place.bucket}/${keys[0]}`,
      ...(denial.roleName ? { keyPolicyStatement: keyPolicyStatement(denial.accountId, denial.roleName) } : {}),
    },
  }));
  return [...kms, ...others];
}
