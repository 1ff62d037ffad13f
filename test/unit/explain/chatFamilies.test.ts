// Explain with the small chat models people run (Phi-3-mini, Gemma 2B-it, TinyLlama-1.1B-Chat, Mistral-7B-Instruct,
// Qwen2.5-Instruct), through the whole pipeline: ExplainSession builds the conversation, the engine's ModelHost (in
// this process; see hostChatEngine.ts) lays it out with the chat template from the model's GGUF and runs it. Each
// test model carries its family's published template and real vocabulary (test/models/chatFamilies.ts) and is
// scripted to write an answer and then the family's end-of-turn token, and the answer again if not stopped there.
// The golden files hold what each template renders for Explain's conversation (system, code, answer, follow-up);
// the test checks them against the template itself and the engine's prompt against them, token for token.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ChatMessage } from '../../../src/engine/types';
import { ExplainSession } from '../../../src/explain/ExplainSession';
import { EXPLAIN_FORMAT } from '../../../src/explain/promptFormat';
import type { HostMessage } from '../../../src/explain/protocol';
import type { ExplainTarget } from '../../../src/explain/types';
import { loadLlamaCpp, type Llama, type LlamaModel } from '../../../src/engine/worker/llamaCpp';
import { ModelHost } from '../../../src/engine/worker/ModelHost';
import { CHAT_FAMILIES, CHAT_FAMILY_SPECS, type ChatFamily } from '../../models/chatFamilies';
import { ensureScriptedChatModel } from '../../models/testModels';
import { HostChatEngine } from './hostChatEngine';

// The Jinja engine node-llama-cpp itself uses (an ES module): the reference rendering of each template.
type Jinja = typeof import('@huggingface/jinja', { with: { 'resolution-mode': 'import' } });
const loadJinja = () => import('@huggingface/jinja') as Promise<Jinja>;

const ANSWER = 'It returns the sum of both prices.';
const QUESTION = 'What if one price is missing?';
const TARGET: ExplainTarget = {
  kind: 'function',
  name: 'total',
  filePath: 'src/cart.ts',
  languageId: 'typescript',
  range: { startLine: 0, endLine: 2 },
  code: 'function total(a: Item, b: Item): number {\n  return a.price + b.price;\n}',
};

/**
 * Where the system text goes in a template that has no place for it (Gemma and Mistral raise on a system message,
 * Phi-3-mini's drops it): into the first user turn, as node-llama-cpp's chat wrapper for the template puts it.
 */
const SYSTEM_IN_FIRST_USER_TURN: Partial<Record<ChatFamily, (system: string, user: string) => string>> = {
  'phi-3': (system, user) => `### System message\n\n${system}\n\n----\n\n${user}`,
  mistral: (system, user) => `### System message\n\n${system}\n\n----\n\n${user}`,
  gemma: (system, user) => `${system}\n\n---\n\n${user}`,
};

/** The messages as the template receives them: the system text merged into the first user turn where it must be. */
function templateMessages(family: ChatFamily, messages: readonly ChatMessage[]): ChatMessage[] {
  const merge = SYSTEM_IN_FIRST_USER_TURN[family];
  if (!merge || messages[0]?.role !== 'system') return [...messages];
  const [system, user, ...rest] = messages;
  return [{ role: 'user', content: merge(system!.content, user!.content) }, ...rest];
}

function goldenPath(family: ChatFamily): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return join(dir, 'test', 'unit', 'explain', 'golden', 'chat', `${family}.txt`);
}

describe('explain: the chat families people run (real node-llama-cpp, scripted test models)', function () {
  this.timeout(180_000);
  let llama: Llama;
  before(async () => {
    const llamaCpp = await loadLlamaCpp();
    llama = await llamaCpp.getLlama({ gpu: false, build: 'never', skipDownload: true, logLevel: llamaCpp.LlamaLogLevel.error });
  });
  after(() => llama?.dispose());

  for (const family of CHAT_FAMILIES) {
    const spec = CHAT_FAMILY_SPECS[family];
    it(`${spec.model}: the prompt is the template's, the system text where it allows, the answer ends at ${spec.endOfTurn}`, async () => {
      const modelPath = await ensureScriptedChatModel(family, ANSWER);
      const host = new ModelHost({ loadLlamaCpp, log: () => undefined });
      let vocab: LlamaModel | undefined;
      try {
        await host.load({ modelPath, contextSize: 2048 });
        assert.equal(host.info?.chatMode, 'chat-template');
        const engine = new HostChatEngine(host);
        const posted: HostMessage[] = [];
        const session = new ExplainSession({ engine, post: (message) => posted.push(message), throttleMs: 0 });
        await session.explain(TARGET, { enclosing: [], imports: ['import type { Item } from "./item";'] });
        await session.ask(QUESTION);

        // Both answers stop at the end-of-turn token: without the stop, the model writes the answer again.
        const ends = posted.filter((message): message is Extract<HostMessage, { type: 'turnEnd' }> => message.type === 'turnEnd');
        assert.deepEqual(ends.map((end) => end.stats.stopReason), ['eos', 'eos']);
        assert.equal(session.answerOf(0), ANSWER);
        assert.equal(session.answerOf(1), ANSWER);

        // The follow-up's conversation, rendered by the family's own template: the golden file.
        const request = engine.requests.at(-1)!;
        assert.deepEqual(request.messages.map((message) => message.role), ['system', 'user', 'assistant', 'user']);
        vocab = await llama.loadModel({ modelPath, vocabOnly: true });
        const metadata = vocab.fileInfo.metadata as { tokenizer?: { chat_template?: string } };
        const { Template } = await loadJinja();
        const rendered = new Template(metadata.tokenizer!.chat_template!).render({
          messages: templateMessages(family, request.messages),
          bos_token: vocab.tokens.bosString ?? '',
          eos_token: vocab.tokens.eosString ?? '',
          add_generation_prompt: true,
        });
        if (process.env.PIPIT_WRITE_GOLDEN) writeFileSync(goldenPath(family), rendered);
        const golden = readFileSync(goldenPath(family), 'utf8');
        assert.equal(rendered, golden, `the ${family} template renders the golden file`);
        if (SYSTEM_IN_FIRST_USER_TURN[family]) {
          const firstUserTurn = golden.indexOf(EXPLAIN_FORMAT.system);
          assert.ok(firstUserTurn > 0 && firstUserTurn < golden.indexOf('Explain this TypeScript function'), 'system text opens the first user turn');
          assert.doesNotMatch(golden, /<\|system\|>|<start_of_turn>system/, 'no system turn');
        }

        // What the engine evaluates is that text, token for token (control tokens included).
        const prompt = host.chatSession!.fit(request).prompt;
        assert.deepEqual(prompt.tokens, vocab.tokenize(golden, true), 'the engine prompt is the template text, tokenized');
      } finally {
        await vocab?.dispose();
        await host.dispose();
      }
    });
  }
});
