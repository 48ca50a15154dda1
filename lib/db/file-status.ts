import type { FileStatus } from "@/lib/db/generated/enums";

/**
 * File statuses a page or report lists as problems, worst first (the enum's declared order): INVALID, missing, and
 * unreadable (the stored run could not read the object, so nothing vouches for it).
 */
export const FLAGGED_FILE_STATUSES: FileStatus[] = ["invalid", "missing", "unreadable"];
