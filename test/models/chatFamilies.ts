// The chat families Explain is tested with, as their test models carry them: each family's published chat template
// (the Jinja text of the model's own tokenizer_config.json on Hugging Face) beside the real vocabulary it was written
// for, from llama.cpp's vocab-only GGUFs (vocabSource.ts). Where llama.cpp ships no vocabulary of the family, a
// stand-in is named as one.
import { type GgufMetadata, kv } from './gguf';
import type { VocabName } from './vocabSource';
import { qwen25CoderTokenizer, readTokenizer, stringArray, TokenType } from './vocabularies';

export type ChatFamily = 'phi-3' | 'gemma' | 'tinyllama' | 'mistral' | 'qwen2.5';
export const CHAT_FAMILIES: readonly ChatFamily[] = ['phi-3', 'gemma', 'tinyllama', 'mistral', 'qwen2.5'];

export interface ChatFamilySpec {
  /** The model people run, whose template this is. */
  model: string;
  /** The llama.cpp vocab file the vocabulary is made from. */
  vocab: VocabName;
  /** The vocabulary with `tokenizer.chat_template` set to the family's template. */
  tokenizer(vocabFile: string): GgufMetadata;
  /** The token that ends the model's turn (the token an answer stops at). */
  endOfTurn: string;
}

/**
 * google/gemma-2-2b-it's template (Gemma's instruct layout), as llama.cpp keeps it in
 * models/templates/google-gemma-2-2b-it.jinja, fetched from the model's tokenizer_config.json by its
 * scripts/get_chat_template.py. It raises on a system message.
 */
export const GEMMA_IT_TEMPLATE =
  "{{ bos_token }}{% if messages[0]['role'] == 'system' %}"
  + "{{ raise_exception('System role not supported') }}{% endif %}{% for message in messages %}"
  + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
  + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"
  + "{% endif %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}"
  + "{% set role = message['role'] %}{% endif %}"
  + "{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}"
  + "{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}";

/**
 * TinyLlama/TinyLlama-1.1B-Chat-v1.0's template (Zephyr's layout), the "chat_template" of
 * huggingface.co/TinyLlama/TinyLlama-1.1B-Chat-v1.0/blob/main/tokenizer_config.json as runtimes quote it from the
 * model's GGUF header.
 */
export const TINYLLAMA_CHAT_TEMPLATE =
  "{% for message in messages %}\n{% if message['role'] == 'user' %}\n"
  + "{{ '<|user|>\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'system' %}\n"
  + "{{ '<|system|>\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'assistant' %}\n"
  + "{{ '<|assistant|>\n'  + message['content'] + eos_token }}\n{% endif %}\n"
  + "{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}";

/**
 * mistralai/Mistral-7B-Instruct-v0.2's template as published with the model (llama.cpp tests/test-chat-template.cpp,
 * "mistralai/Mistral-7B-Instruct-v0.2 (NOTE: Old pre-v1 without a system prompt)"). It raises on a system message.
 */
export const MISTRAL_INSTRUCT_TEMPLATE =
  "{{ bos_token }}{% for message in messages %}"
  + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
  + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"
  + "{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}"
  + "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% else %}"
  + "{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}";

/**
 * Qwen/Qwen2.5-7B-Instruct's template (llama.cpp models/templates/Qwen-Qwen2.5-7B-Instruct.jinja, from its
 * tokenizer_config.json); the Qwen2.5 and Qwen2.5-Coder instruct models ship the same one.
 */
export const QWEN25_INSTRUCT_TEMPLATE = [
  "{%- if tools %}",
  "    {{- '<|im_start|>system\\n' }}",
  "    {%- if messages[0]['role'] == 'system' %}",
  "        {{- messages[0]['content'] }}",
  "    {%- else %}",
  "        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}",
  "    {%- endif %}",
  "    {{- \"\\n\\n# Tools\\n\\nYou may call one or more functions to assist with the user query.\\n\\nYou are provided with function signatures within <tools></tools> XML tags:\\n<tools>\" }}",
  "    {%- for tool in tools %}",
  "        {{- \"\\n\" }}",
  "        {{- tool | tojson }}",
  "    {%- endfor %}",
  "    {{- \"\\n</tools>\\n\\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\\n<tool_call>\\n{\\\"name\\\": <function-name>, \\\"arguments\\\": <args-json-object>}\\n</tool_call><|im_end|>\\n\" }}",
  "{%- else %}",
  "    {%- if messages[0]['role'] == 'system' %}",
  "        {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}",
  "    {%- else %}",
  "        {{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}",
  "    {%- endif %}",
  "{%- endif %}",
  "{%- for message in messages %}",
  "    {%- if (message.role == \"user\") or (message.role == \"system\" and not loop.first) or (message.role == \"assistant\" and not message.tool_calls) %}",
  "        {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}",
  "    {%- elif message.role == \"assistant\" %}",
  "        {{- '<|im_start|>' + message.role }}",
  "        {%- if message.content %}",
  "            {{- '\\n' + message.content }}",
  "        {%- endif %}",
  "        {%- for tool_call in message.tool_calls %}",
  "            {%- if tool_call.function is defined %}",
  "                {%- set tool_call = tool_call.function %}",
  "            {%- endif %}",
  "            {{- '\\n<tool_call>\\n{\"name\": \"' }}",
  "            {{- tool_call.name }}",
  "            {{- '\", \"arguments\": ' }}",
  "            {{- tool_call.arguments | tojson }}",
  "            {{- '}\\n</tool_call>' }}",
  "        {%- endfor %}",
  "        {{- '<|im_end|>\\n' }}",
  "    {%- elif message.role == \"tool\" %}",
  "        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != \"tool\") %}",
  "            {{- '<|im_start|>user' }}",
  "        {%- endif %}",
  "        {{- '\\n<tool_response>\\n' }}",
  "        {{- message.content }}",
  "        {{- '\\n</tool_response>' }}",
  "        {%- if loop.last or (messages[loop.index0 + 1].role != \"tool\") %}",
  "            {{- '<|im_end|>\\n' }}",
  "        {%- endif %}",
  "    {%- endif %}",
  "{%- endfor %}",
  "{%- if add_generation_prompt %}",
  "    {{- '<|im_start|>assistant\\n' }}",
  "{%- endif %}",
  "",
].join('\n');

export const CHAT_FAMILY_SPECS: Record<ChatFamily, ChatFamilySpec> = {
  // llama.cpp's phi-3 vocab file was converted from microsoft/Phi-3-mini-4k-instruct and carries that model's own
  // template (tokenizer_config.json, which drops system messages): used as it is.
  'phi-3': { model: 'Phi-3-mini-4k-instruct', vocab: 'phi-3', tokenizer: readTokenizer, endOfTurn: '<|end|>' },
  gemma: { model: 'Gemma 2B-it', vocab: 'gemma-4', tokenizer: gemmaItStandInTokenizer, endOfTurn: '<end_of_turn>' },
  // TinyLlama uses LLaMA 2's tokenizer, which is llama.cpp's llama-spm vocabulary.
  tinyllama: { model: 'TinyLlama-1.1B-Chat-v1.0', vocab: 'llama-spm', tokenizer: withTemplate(TINYLLAMA_CHAT_TEMPLATE), endOfTurn: '</s>' },
  // Mistral 7B v0.2's own SentencePiece vocabulary is not in llama.cpp; LLaMA's has the same size, layout and
  // special tokens (<s>, </s>, a dummy leading space), so it stands in.
  mistral: { model: 'Mistral-7B-Instruct-v0.2', vocab: 'llama-spm', tokenizer: withTemplate(MISTRAL_INSTRUCT_TEMPLATE), endOfTurn: '</s>' },
  'qwen2.5': {
    model: 'Qwen2.5(-Coder)-Instruct',
    vocab: 'qwen2',
    tokenizer: (file) => withTemplate(QWEN25_INSTRUCT_TEMPLATE)(file, qwen25CoderTokenizer(file)),
    endOfTurn: '<|im_end|>',
  },
};

function withTemplate(template: string): (vocabFile: string, tokenizer?: GgufMetadata) => GgufMetadata {
  return (vocabFile, tokenizer = readTokenizer(vocabFile)) => {
    tokenizer.set('tokenizer.chat_template', kv.str(template));
    return tokenizer;
  };
}

/**
 * A stand-in for Gemma 2B-it's vocabulary, which llama.cpp does not ship: Gemma 4's tokenizer (same family), whose
 * turn tokens `<|turn>` and `<turn|>` are renamed to the Gemma 1/2 names `<start_of_turn>` and `<end_of_turn>` (at
 * ids 105/106 rather than Gemma 2's 106/107, which a prompt's text does not show), with Gemma 2B-it's template.
 */
export function gemmaItStandInTokenizer(gemma4VocabFile: string): GgufMetadata {
  const tokenizer = readTokenizer(gemma4VocabFile);
  const tokens = [...stringArray(tokenizer, 'tokenizer.ggml.tokens')];
  const types = [...(tokenizer.get('tokenizer.ggml.token_type')!.value as number[])];
  for (const [id, from, to] of [[105, '<|turn>', '<start_of_turn>'], [106, '<turn|>', '<end_of_turn>']] as const) {
    if (tokens[id] !== from) throw new Error(`${gemma4VocabFile}: id ${id} is ${tokens[id]}, not ${from}`);
    tokens[id] = to;
    types[id] = TokenType.control;
  }
  tokenizer.set('tokenizer.ggml.tokens', kv.strings(tokens));
  tokenizer.set('tokenizer.ggml.token_type', kv.i32s(types));
  return withTemplate(GEMMA_IT_TEMPLATE)(gemma4VocabFile, tokenizer);
}
