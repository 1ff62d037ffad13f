// The model the real-VS-Code tiers run: a scripted "bigram" test model (test/models) that answers every
// fill-in-the-middle request with E2E_SCRIPT, so a test can assert the exact ghost text. Its tokens are all
// distinct, as a bigram model needs; two lines, so it also exercises multi-line suggestions.
import { ensureScriptedModel } from '../models/testModels';

export const E2E_SCRIPT = 'console.log(a);\n  return b;';
/** What the llama-server of the routing test answers, so a test can tell which engine answered. */
export const SERVER_SCRIPT = 'void a;\n  return b;';

/** Makes sure the model exists and points PIPIT_MODEL_PATH at it, unless the caller chose a model already. */
export async function useScriptedTestModel(): Promise<string> {
  const path = process.env.PIPIT_MODEL_PATH || (await ensureScriptedModel(E2E_SCRIPT));
  process.env.PIPIT_MODEL_PATH = path;
  // The routing test's server model too: the extension host should not have to write it.
  process.env.PIPIT_TEST_SERVER_MODEL = await ensureScriptedModel(SERVER_SCRIPT);
  return path;
}
