-- AlterTable
ALTER TABLE "exceptions" ADD COLUMN     "file_actual_hash" TEXT,
ADD COLUMN     "file_status" "FileStatus";

-- Exceptions for a file proposed before this column existed: the file's flagged verdict they were proposed from (the
-- latest at or before their creation, matched by the export id as lib/db/exceptions-repository.ts locateFlaggedFile
-- does). One with no such verdict keeps NULL and covers nothing any more: better shown again than silently hiding.
UPDATE "exceptions" e SET ("file_status", "file_actual_hash") = (
    SELECT fv."status", CASE WHEN fv."status" = 'invalid' THEN fv."actual_hash" END FROM "file_verdicts" fv
    WHERE fv."status" <> 'valid' AND fv."checked_at" <= e."created_at"
      AND 'trailproof/file/' || left(encode(sha256(convert_to('["s3://' || fv."s3_bucket" || '/' || fv."s3_key" || '"]', 'UTF8')), 'hex'), 40) = e."finding_id"
    ORDER BY fv."checked_at" DESC LIMIT 1)
WHERE e."scope" = 'finding' AND e."finding_id" LIKE 'trailproof/file/%';
