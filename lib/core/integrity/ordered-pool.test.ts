import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "vitest";
import { mapInOrder } from "@/lib/core/integrity/ordered-pool";

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

test.each([
  { label: "sequential", limit: 1, maxRunning: 1 },
  { label: "three at a time", limit: 3, maxRunning: 3 },
  { label: "a limit of zero still runs one", limit: 0, maxRunning: 1 },
])("$label: results in input order, whatever finishes first", async ({ limit, maxRunning }) => {
  let running = 0;
  let peak = 0;
  const delays = [30, 5, 20, 1, 10];
  const results = await collect(
    mapInOrder(delays, limit, async (delay) => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(delay);
      running -= 1;
      return delay;
    }),
  );
  expect(results).toEqual(delays);
  expect(peak).toBe(maxRunning);
});

test("a failure surfaces at its turn, and a later failure does not go unhandled", async () => {
  const seen: number[] = [];
  const run = async () => {
    for await (const value of mapInOrder([1, 2, 3], 3, async (n) => {
      if (n >= 2) throw new Error(`task ${n} failed`);
      return n;
    })) {
      seen.push(value);
    }
  };
  await expect(run()).rejects.toThrow("task 2 failed");
  expect(seen).toEqual([1]);
});
