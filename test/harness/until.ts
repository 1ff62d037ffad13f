// Polling for the tests of a real VS Code, where what a user would see arrives in its own time.

/** Calls `read` every 100 ms until it returns something truthy, and returns that; throws after `timeoutMs`. */
export async function until<T>(read: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
