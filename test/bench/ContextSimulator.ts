// The bench's `--context` mode: what ContextRefresher does in VS Code, with the language server simulated from the
// replayed file's own symbols. At every pause (CONTEXT_IDLE_MS without a keystroke) the definitions of the symbols
// near the cursor are gathered through the real gatherDefinitions (identifiers, cache by document version, snippets),
// from an index of the declarations in the file's original text presented as another file (`defs/<path>`, since the
// current file's own chunks never enter its prompt); then the pipeline commits and reads the new context. It measures
// the time spent gathering and how often the chunks change, and marks the keystroke after each change.
import type { CompletionPipeline } from '../../src/completion/CompletionPipeline';
import { CONTEXT_IDLE_MS } from '../../src/completion/contextIdle';
import { DefinitionCache } from '../../src/completion/definitions';
import { gatherDefinitions, type DefinitionLookup } from '../../src/completion/gatherDefinitions';
import type { PromptContext } from '../../src/completion/PromptContext';
import { linesOf } from '../unit/completion/textOf';
import { estimateTokens } from '../../src/completion/tokens';
import type { CompletionInput } from '../../src/completion/types';
import type { SessionFile } from './types';

/** Declarations a language server would point at, in the bench's languages (TypeScript, JavaScript, Python). */
const DECLARATION = /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|class|interface|type|enum|const|let|var|def)\s+([A-Za-z_$][\w$]*)/;

export interface ContextFigures {
  pauses: number;
  /** Times the prompt's chunks changed (and were read in the background): at pauses, or when a busy one's request ended. */
  changes: number;
  /** Pauses that found a request running: their chunks changed when it ended, unless a key came first. */
  busy: number;
  /** Time spent gathering context at each pause (identifiers, cache, simulated server, snippets, selection), ms. */
  gatherMs: number[];
  /** Keystrokes (ids) that came first after a change of the chunks. */
  afterChange: Set<number>;
}

export class ContextSimulator {
  private readonly counts = { pauses: 0, busy: 0, gatherMs: [] as number[], afterChange: new Set<number>() };
  private timer: NodeJS.Timeout | undefined;
  /** The pipeline's count of chunk changes at the last keystroke. */
  private seenChanges = 0;
  private readonly cache = new DefinitionCache();
  private lookup: DefinitionLookup = { find: async () => [] };
  /** The document as typed at the pause being gathered for. */
  private typed: CompletionInput['document'] | undefined;

  constructor(
    private readonly pipeline: CompletionPipeline,
    private readonly context: PromptContext,
  ) {}

  get figures(): ContextFigures {
    return { ...this.counts, changes: this.pipeline.counters.contextChanges };
  }

  /** A session starts on `file`: its declarations stand in for what a language server knows. */
  open(file: SessionFile): void {
    const original = linesOf(file.text);
    const index = new Map<string, number>();
    for (let line = 0; line < original.lineCount; line++) {
      const name = DECLARATION.exec(original.lineAt(line))?.[1];
      if (name && !index.has(name)) index.set(name, line);
    }
    const filePath = `defs/${file.relativePath}`;
    this.lookup = {
      find: async (identifier) => {
        const line = index.get(identifier.name);
        // Declared on the line it is used on: a language server would point at the current file itself.
        if (line === undefined || this.typed?.lineAt(identifier.line).trim() === original.lineAt(line).trim()) return [];
        return [{ filePath, startLine: line, read: () => original }];
      },
    };
  }

  /**
   * A keystroke: the pause timer starts again. The first keystroke after the chunks changed is marked, even one that
   * came while the changed prompt was still being read (it pays the rest of that reading).
   */
  keystroke(id: number | undefined, input: () => CompletionInput): void {
    const changes = this.pipeline.counters.contextChanges;
    if (changes > this.seenChanges && id !== undefined) this.counts.afterChange.add(id);
    this.seenChanges = changes;
    this.rest(input);
  }

  rest(input: () => CompletionInput): void {
    clearTimeout(this.timer);
    this.pipeline.cancelRefresh();
    this.timer = setTimeout(() => void this.pause(input()), CONTEXT_IDLE_MS);
  }

  private async pause(input: CompletionInput): Promise<void> {
    this.counts.pauses++;
    this.typed = input.document;
    const started = performance.now();
    const gathered = await gatherDefinitions({
      document: input.document,
      position: input.position,
      uri: input.uri,
      version: input.version,
      currentPath: input.relativePath,
      lookup: this.lookup,
      cache: this.cache,
      estimate: estimateTokens,
      isExcluded: () => false,
      now: Date.now(),
      timeBoxMs: 150,
    });
    this.context.offerDefinitions(gathered.chunks);
    this.counts.gatherMs.push(performance.now() - started);
    if ((await this.pipeline.refreshContext(input)) === 'busy') this.counts.busy++;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
