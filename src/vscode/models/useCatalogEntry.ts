// Choosing a catalog code model: one consent for it and its chat pair (the instruct model Explain Selection uses),
// both downloads with progress, then `pipit.modelPath` and `pipit.chatModelPath` set. Declining the pair keeps the code
// model and says what Explain will use instead.
import { basename } from 'node:path';
import type { CatalogEntry, ChatModel } from '../../catalog/types';
import { download, planDownload, uiOf, type DownloadUiDeps, type PlannedDownload } from './downloadWithConsent';
import { setModelPath } from './setModelPath';

export interface ModelChoiceDeps extends DownloadUiDeps {
  /** The model path in use now (setting or environment), to mark it. */
  currentPath: () => string | undefined;
  /** The chat model Explain uses now (setting or environment), if any. */
  currentChatPath: () => string | undefined;
}

const CODE_ONLY = 'Code Model Only';

/** Resolves with the code model's path once it is set, or undefined when nothing changed. */
export async function useCatalogEntry(entry: CatalogEntry, deps: ModelChoiceDeps): Promise<string | undefined> {
  const { library } = deps;
  const pair = entry.chat && deps.currentChatPath() !== library.pathOf(entry.chat) ? entry.chat : undefined;
  const codeMissing = !library.isDownloaded(entry);
  if (!codeMissing && !pair) return setCode(library.pathOf(entry), deps);

  const wanted = [...(codeMissing ? [entry] : []), ...(pair && !library.isDownloaded(pair) ? [pair] : [])];
  const planned = wanted.map((file) => planDownload(file, deps));
  if (codeMissing && !planned[0]) return undefined;
  const [codePlan, chatPlan] = codeMissing ? [planned[0], planned[1]] : [undefined, planned[0]];
  // A pair that cannot be downloaded (not pinned) is not offered; the code model still is.
  const offeredPair = pair && (library.isDownloaded(pair) || chatPlan) ? pair : undefined;
  if (!codeMissing && !offeredPair) return setCode(library.pathOf(entry), deps);
  const downloads = [codePlan, offeredPair ? chatPlan : undefined].filter((plan): plan is PlannedDownload => plan !== undefined);

  const primary = downloads.length === 2 ? 'Download Both' : downloads.length === 1 ? 'Download' : 'Use Both';
  const actions = offeredPair ? [primary, CODE_ONLY] : [primary];
  const choice = await uiOf(deps).confirm(consentMessage(entry, offeredPair, downloads), consentDetail(downloads, deps.library.modelsDir), actions);
  if (choice === undefined) return undefined;

  const codePath = codePlan ? await download(codePlan, deps) : library.pathOf(entry);
  if (!codePath) return undefined;
  await setCode(codePath, deps);
  if (choice === CODE_ONLY || !offeredPair) {
    if (offeredPair) tellExplainFallback(deps, codePath);
    return codePath;
  }
  const chatPath = library.isDownloaded(offeredPair) ? library.pathOf(offeredPair) : await download(chatPlan!, deps);
  if (!chatPath) {
    tellExplainFallback(deps, codePath);
    return codePath;
  }
  await setModelPath(chatPath, deps.env, 'chatModelPath');
  return codePath;
}

function setCode(path: string, deps: ModelChoiceDeps): Promise<string> {
  return setModelPath(path, deps.env).then(() => path);
}

function consentMessage(entry: CatalogEntry, pair: ChatModel | undefined, downloads: readonly PlannedDownload[]): string {
  const code = downloads.find((plan) => plan.file === entry)?.title;
  const chat = pair ? (downloads.find((plan) => plan.file === pair)?.title ?? `${pair.label} (downloaded)`) : undefined;
  if (!chat) return `Download ${code}?`;
  return code
    ? `Download ${code} for suggestions and its chat pair ${chat} for Explain Selection?`
    : `Use ${chat} for Explain Selection with ${entry.label}?`;
}

function consentDetail(downloads: readonly PlannedDownload[], modelsDir: string): string {
  const files = downloads.map((plan) => `${plan.title}\n${plan.facts}`);
  return [...files, `To: ${modelsDir}`].join('\n\n');
}

/** Says which model Explain Selection answers with when the pair is not used. */
function tellExplainFallback(deps: ModelChoiceDeps, codePath: string): void {
  const chat = deps.currentChatPath();
  const instead = chat
    ? `${basename(chat)}, the chat model already set (pipit.chatModelPath)`
    : `the code model ${basename(codePath)}, which is not tuned for chat: explanations may be poor`;
  uiOf(deps).tell(`Pipit: Explain Selection will use ${instead}. Choose a model for Explain in "Pipit: Select Model" at any time.`);
}
