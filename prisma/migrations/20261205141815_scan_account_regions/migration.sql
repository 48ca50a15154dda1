-- AlterTable
ALTER TABLE "scan_accounts" ADD COLUMN     "regions" TEXT[] DEFAULT ARRAY[]::TEXT[];
