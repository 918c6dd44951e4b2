/**
 * Polls `probe` until it resolves (Redis is back for this client, a condition holds); rethrows its
 * last error after `timeoutMs`. Never sleeps blindly: `intervalMs` 0 polls on every turn of the loop.
 */
export async function eventually(
  probe: () => Promise<unknown>,
  { timeoutMs = 10_000, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await probe();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) =>
        intervalMs === 0 ? setImmediate(resolve) : setTimeout(resolve, intervalMs),
      );
    }
  }
}
