-- AlterTable
ALTER TABLE "exceptions" ADD COLUMN     "file_last_modified" TIMESTAMP(3);

-- File exceptions take the LastModified of the flagged verdict they were proposed from (as their ETag, in
-- 20261206015343_exception_file_etag).
UPDATE "exceptions" e SET "file_last_modified" = (
    SELECT fv."last_modified" FROM "file_verdicts" fv
    WHERE fv."status" = e."file_status" AND fv."checked_at" <= e."created_at"
      AND 'trailproof/file/' || left(encode(sha256(convert_to('["s3://' || fv."s3_bucket" || '/' || fv."s3_key" || '"]', 'UTF8')), 'hex'), 40) = e."finding_id"
    ORDER BY fv."checked_at" DESC LIMIT 1)
WHERE e."scope" = 'finding' AND e."file_status" IS NOT NULL;
