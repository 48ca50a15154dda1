const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Run, trail and export ids are UUIDs: anything else from a URL or the command line is refused before a query. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
