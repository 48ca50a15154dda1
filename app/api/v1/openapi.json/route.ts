import { options, readOnly } from "@/lib/http/api-v1";
import { openApiDocument } from "@/lib/services/api/openapi";

export const dynamic = "force-dynamic";

// Public, like any API description: it names the lists and their fields, no data.
export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "cache-control": "no-store" } });
}
export { readOnly as POST, readOnly as PUT, readOnly as PATCH, readOnly as DELETE, options as OPTIONS };
