// Polling for the tests of a real VS Code, where what a user would see arrives in its own time.

/**
 * Calls `read` every 100 ms until it returns something truthy, and returns that; throws after `timeoutMs`. `what`
 * names what was awaited; given as a function it is read when the wait fails, so that it tells the state then (a
 * string built before the wait can only tell the state before it).
 */
export async function until<T>(
  read: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  what: string | (() => string),
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
