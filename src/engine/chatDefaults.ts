// Limits of one chat answer (Explain Selection) when the caller sets none, the same for every engine.
export const DEFAULT_CHAT_MAX_TOKENS = 512;
export const DEFAULT_CHAT_MAX_TIME_MS = 120_000;
