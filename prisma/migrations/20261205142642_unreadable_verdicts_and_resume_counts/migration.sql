-- AlterEnum
-- Before 'valid': statuses are declared worst-first (invalid, missing, unreadable, valid), and min()/ORDER BY rely on it.
ALTER TYPE "FileStatus" ADD VALUE 'unreadable' BEFORE 'valid';

-- AlterTable
ALTER TABLE "scan_runs" ADD COLUMN     "resume_count" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "validation_runs" ADD COLUMN     "resume_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "unreadable_count" INTEGER NOT NULL DEFAULT 0;
