// What a model's name gives away. Chat-tuned models fill in the middle poorly; completion wants a base code model.

/** `qwen2.5-coder:7b-instruct`, `Qwen2.5-Coder-1.5B-Instruct-Q8_0.gguf`, `codegemma-7b-it`, `...-chat`. */
export function looksChatTuned(model: string): boolean {
  const name = model.split(/[\\/]/).pop() ?? model;
  return /(^|[^a-z])(instruct|chat|it)([^a-z]|$)/i.test(name) && !/(^|[^a-z])base([^a-z]|$)/i.test(name);
}

export function chatTunedAdvice(model: string): string {
  return (
    `"${model}" looks chat-tuned (instruct/chat/it): such models complete code poorly. Use a base code model for ` +
    'suggestions (for example Qwen2.5-Coder base) and keep the chat model for Explain Selection.'
  );
}

/** File name of a model path, or the name as given. */
export function modelDisplayName(model: string): string {
  return model.split(/[\\/]/).pop() || model;
}
