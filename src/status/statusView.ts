// What the status bar says: a pure function of Pipit's state, so the wording is tested without VS Code.

export type EngineState =
  | { kind: 'noModel' }
  | { kind: 'idle'; model: string }
  | { kind: 'loading'; model: string }
  | { kind: 'ready'; model: string }
  | { kind: 'thinking'; model: string }
  | { kind: 'error'; message: string };

export interface StatusInput {
  enabled: boolean;
  /** Epoch ms until which suggestions are snoozed; Infinity = until restart. */
  snoozedUntil?: number;
  engine: EngineState;
  /** Why the last request showed nothing, in words, if it showed nothing. */
  lastSkip?: string;
  lastLatencyMs?: number;
  /** Said once per model: the model has no FIM tokens, so code after the cursor is ignored. */
  prefixOnly?: boolean;
  /** How suggestions were adapted to a slow machine, if they were. */
  adaptNote?: string;
  /** The device the loaded model runs on, in words (deviceWords.ts). */
  device?: string;
}

export interface StatusView {
  text: string;
  tooltip: string;
  warning: boolean;
}

export function statusView(input: StatusInput, now: number): StatusView {
  const lines: string[] = [];
  let text: string;
  let warning = false;
  const snoozed = input.snoozedUntil !== undefined && input.snoozedUntil > now;
  if (!input.enabled) {
    text = '$(circle-slash) Pipit';
    lines.push('Inline suggestions are off.');
  } else if (snoozed) {
    text = '$(bell-slash) Pipit';
    lines.push(
      input.snoozedUntil === Infinity
        ? 'Snoozed until VS Code restarts.'
        : `Snoozed for ${Math.ceil((input.snoozedUntil! - now) / 60_000)} more min.`,
    );
  } else {
    const engine = input.engine;
    switch (engine.kind) {
      case 'noModel':
        text = '$(circle-outline) Pipit';
        lines.push('No model chosen: set pipit.modelPath to a GGUF code model.');
        warning = true;
        break;
      case 'idle':
        text = '$(circle-outline) Pipit';
        lines.push(`${engine.model}: loads on the next suggestion.`);
        break;
      case 'loading':
        text = '$(loading~spin) Pipit';
        lines.push(`Loading ${engine.model}…`);
        break;
      case 'ready':
        text = '$(check) Pipit';
        lines.push(`Ready: ${engine.model}.`);
        break;
      case 'thinking':
        text = '$(sync~spin) Pipit';
        lines.push(`Thinking: ${engine.model}.`);
        break;
      case 'error':
        text = '$(error) Pipit';
        lines.push(engine.message);
        warning = true;
        break;
    }
  }
  if (input.device) lines.push(input.device);
  if (input.lastLatencyMs !== undefined) lines.push(`Last suggestion: ${Math.round(input.lastLatencyMs)} ms.`);
  if (input.lastSkip) lines.push(`No suggestion last time: ${input.lastSkip}.`);
  if (input.adaptNote) lines.push(input.adaptNote);
  if (input.prefixOnly) lines.push('This model cannot fill in the middle: suggestions ignore the code after the cursor.');
  return { text, tooltip: lines.join('\n'), warning };
}
