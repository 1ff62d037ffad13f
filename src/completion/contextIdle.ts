// When new extra context may enter the prompt: only after the user paused this long (no key, no move). Keys come
// every 100 to 200 ms while typing, and VS Code's own request for the last key is answered within about a second on
// a small model; a pause past that is the user reading the suggestion or thinking, when the background read of the
// changed prompt costs nobody anything. Shorter, and the chunks would change while the user still types (each change
// re-reads the prompt after the first changed chunk); the bench's figures (docs/performance.md) are for this value.
export const CONTEXT_IDLE_MS = 1_000;

/** Longest wait for the language server at a pause (Continue races its context sources for 100 ms). */
export const DEFINITION_TIME_BOX_MS = 150;
