/** Reads `read` every `intervalMs` until `done` holds or `timeoutMs` has passed; returns the last value read either way. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 120_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
