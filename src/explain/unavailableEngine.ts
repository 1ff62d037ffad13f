// A stand-in ChatEngine for builds whose engine cannot chat yet: the panel then says so instead of failing oddly.
import type { ChatEngine } from './types';

export function unavailableChatEngine(reason = 'the local engine cannot explain code yet in this build'): ChatEngine {
  return {
    chat: () => Promise.reject(new Error(reason)),
  };
}
