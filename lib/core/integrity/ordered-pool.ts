// Runs up to `limit` tasks at once and yields their results in input order, so log files can be downloaded and
// hashed in parallel while the report still lists them exactly as awscli does. With limit 1 it is sequential.

export async function* mapInOrder<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const pending: Promise<R>[] = [];
  let next = 0;
  const launch = () => {
    while (pending.length < Math.max(1, limit) && next < items.length) {
      const running = task(items[next]!);
      running.catch(() => undefined); // a later task may fail while we still wait for an earlier one
      pending.push(running);
      next += 1;
    }
  };
  launch();
  while (pending.length > 0) {
    const result = await pending.shift()!;
    launch();
    yield result;
  }
}
