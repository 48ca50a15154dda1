import type { Bucket, CallError, PublicAccessBlockFlags, Read } from "@/lib/core/checks/snapshot";

// S3 applies the most restrictive combination of the bucket's and the bucket owner's account-level public access
// block, so a flag is effective when either level sets it. A level we could not read leaves a flag unknown unless the
// other level already sets it: unknown is an error for the checks, never a fail.

export const PUBLIC_ACCESS_BLOCK_FLAGS = {
  BlockPublicAcls: "blockPublicAcls",
  IgnorePublicAcls: "ignorePublicAcls",
  BlockPublicPolicy: "blockPublicPolicy",
  RestrictPublicBuckets: "restrictPublicBuckets",
} as const satisfies Record<string, keyof PublicAccessBlockFlags>;

/** The S3 API name of a flag, e.g. "RestrictPublicBuckets". */
export type PublicAccessBlockFlag = keyof typeof PUBLIC_ACCESS_BLOCK_FLAGS;
export type BlockLevel = "bucket" | "account";

export type FlagState =
  | { value: true; levels: BlockLevel[] }
  | { value: false }
  | { value: "unknown"; what: string; error: CallError };

function levelsOf(bucket: Bucket): { level: BlockLevel; what: string; read: Read<PublicAccessBlockFlags | null> }[] {
  return [
    {
      level: "bucket",
      what: `the bucket-level public access block of ${bucket.name}`,
      read: bucket.bucketPublicAccessBlock,
    },
    {
      level: "account",
      what: `the account-level public access block of bucket owner ${bucket.ownerAccountId ?? "(unknown account)"}`,
      read: bucket.accountPublicAccessBlock,
    },
  ];
}

export function effectiveFlag(bucket: Bucket, flag: PublicAccessBlockFlag): FlagState {
  const key = PUBLIC_ACCESS_BLOCK_FLAGS[flag];
  const levels = levelsOf(bucket);
  const on = levels.filter(({ read }) => read.ok && read.value?.[key] === true).map(({ level }) => level);
  if (on.length > 0) return { value: true, levels: on };
  for (const { what, read } of levels) {
    if (!read.ok) return { value: "unknown", what, error: read.error };
  }
  return { value: false };
}

export function effectiveFlags(bucket: Bucket): Record<PublicAccessBlockFlag, FlagState> {
  const flags = Object.keys(PUBLIC_ACCESS_BLOCK_FLAGS) as PublicAccessBlockFlag[];
  return Object.fromEntries(flags.map((flag) => [flag, effectiveFlag(bucket, flag)])) as Record<
    PublicAccessBlockFlag,
    FlagState
  >;
}

function levelEvidence(read: Read<PublicAccessBlockFlags | null>): unknown {
  if (!read.ok) return { unreadable: `${read.error.call} ${read.error.code}` };
  if (read.value === null) return null; // NoSuchPublicAccessBlockConfiguration
  const flags = read.value;
  return Object.fromEntries(Object.entries(PUBLIC_ACCESS_BLOCK_FLAGS).map(([api, key]) => [api, flags[key]]));
}

/** Both levels as S3 returns them (null: no configuration at that level), under the calls that return them. */
export function publicAccessBlockEvidence(bucket: Bucket): Record<string, unknown> {
  return {
    "s3:GetPublicAccessBlock.PublicAccessBlockConfiguration": levelEvidence(bucket.bucketPublicAccessBlock),
    "s3control:GetPublicAccessBlock.PublicAccessBlockConfiguration": levelEvidence(bucket.accountPublicAccessBlock),
  };
}

export function describeLevels(levels: BlockLevel[]): string {
  return levels.length === 2 ? "the bucket and account levels" : `the ${levels[0] ?? "bucket"} level`;
}
