-- AlterTable
ALTER TABLE "trails" ADD COLUMN     "bucket_account_id" VARCHAR(12);
