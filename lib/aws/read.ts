import type { CallError, Read } from "@/lib/core/checks/snapshot";

// Every collector call goes through here: a failure becomes data (which call, which account, what AWS said) that
// the checks report as an error result, instead of an exception that would end the scan for everyone.

export function toCallError(call: string, error: unknown, accountId?: string): CallError {
  const err = error as { name?: string; Code?: string; code?: string; message?: string };
  const code = err.Code ?? err.name ?? err.code ?? "Error";
  return { call, code, message: (err.message ?? String(error)).split("\n")[0] ?? "", ...(accountId ? { accountId } : {}) };
}

export async function read<T>(call: string, accountId: string | undefined, fetch: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await fetch() };
  } catch (error) {
    return { ok: false, error: toCallError(call, error, accountId) };
  }
}

/** For calls where one specific error means "nothing configured" rather than failure. */
export async function readOrAbsent<T>(call: string, accountId: string | undefined, absentCodes: string[], fetch: () => Promise<T>): Promise<Read<T | null>> {
  const result = await read<T | null>(call, accountId, fetch);
  if (!result.ok && absentCodes.includes(result.error.code)) return { ok: true, value: null };
  return result;
}

/** AWS returns timestamps as Dates; an emulator sometimes as "". Either way: ISO text or null. */
export function isoOrNull(value: Date | string | undefined | null): string | null {
  if (value === undefined || value === null || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
