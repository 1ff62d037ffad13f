// When a resting cursor's place is read ahead (CompletionPipeline.warm, driven by the editor glue).

/**
 * How long the cursor must rest at a new place before its prompt is read. Keys come every 100 to 200 ms while typing,
 * so 250 ms without a key or a move means the user is looking; reading then costs nothing anyone waits for, and a
 * read the next move makes useless is stopped within one engine step.
 */
export const REST_MS = 250;
