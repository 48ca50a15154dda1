-- AlterTable
ALTER TABLE "exceptions" ADD COLUMN     "file_etag" TEXT;

-- File exceptions take the ETag of the flagged verdict they were proposed from, as 20261206001651_exception_file_state
-- took its status (the latest at or before their creation, in that status). Without one, an INVALID file's exception
-- covers nothing any more.
UPDATE "exceptions" e SET "file_etag" = (
    SELECT fv."etag" FROM "file_verdicts" fv
    WHERE fv."status" = e."file_status" AND fv."checked_at" <= e."created_at"
      AND 'trailproof/file/' || left(encode(sha256(convert_to('["s3://' || fv."s3_bucket" || '/' || fv."s3_key" || '"]', 'UTF8')), 'hex'), 40) = e."finding_id"
    ORDER BY fv."checked_at" DESC LIMIT 1)
WHERE e."scope" = 'finding' AND e."file_status" IS NOT NULL;
