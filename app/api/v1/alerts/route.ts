import { listHandler, options, readOnly } from "@/lib/http/api-v1";

export const dynamic = "force-dynamic";

export const GET = listHandler("alerts");
export { readOnly as POST, readOnly as PUT, readOnly as PATCH, readOnly as DELETE, options as OPTIONS };
