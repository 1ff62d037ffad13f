// `Pipit: Select Model`: the catalog (downloaded or not, what fits this machine marked), the models for Explain
// Selection, local GGUF files chosen before, and "Browse…". Choosing writes `pipit.modelPath` (a chat model:
// `pipit.chatModelPath`) to the user's settings; the engine switches models on its own (a generation in flight
// finishes on the old one).
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { CATALOG, entryTitle, formatBytes } from '../../catalog/catalog';
import { CHAT_MODELS } from '../../catalog/chatModels';
import { fitOf, ramBudget, recommendModel } from '../../catalog/machineFit';
import type { CatalogEntry, ChatModel, MachineInfo } from '../../catalog/types';
import { isOffered } from '../../catalog/verifiedDownload';
import { downloadWithConsent, type ModelUi } from './downloadWithConsent';
import { setModelPath } from './setModelPath';
import { useCatalogEntry, type ModelChoiceDeps } from './useCatalogEntry';

export type ModelPickItem = vscode.QuickPickItem &
  (
    | { kind?: undefined; action: 'catalog'; entry: CatalogEntry }
    | { kind?: undefined; action: 'chat'; model: ChatModel }
    | { kind?: undefined; action: 'local'; path: string }
    | { kind?: undefined; action: 'browse' }
    | { kind: vscode.QuickPickItemKind.Separator; action?: undefined }
  );

/** Shows the items and returns the chosen one; tests pass their own to look at the list and pick. */
export type ModelPicker = (items: ModelPickItem[]) => Thenable<ModelPickItem | undefined>;

export interface SelectModelDeps extends ModelChoiceDeps {
  machine: () => MachineInfo;
}

/** What the command takes from the real-VS-Code tests: a picker, and the dialogs answered in a person's place. */
export interface ModelCommandSeams {
  pick?: ModelPicker;
  ui?: ModelUi;
}

function modelPickItems(deps: SelectModelDeps): ModelPickItem[] {
  const machine = deps.machine();
  const recommended = recommendModel(machine).entry;
  const current = deps.currentPath();
  const catalog: ModelPickItem[] = CATALOG.map((entry) => {
    const downloaded = deps.library.isDownloaded(entry);
    const fit = fitOf(entry, machine);
    const inUse = downloaded && current === deps.library.pathOf(entry);
    const offered = isOffered(entry.url);
    const facts = [
      downloaded ? 'downloaded' : offered ? `${entry.sizeConfirmed ? '' : '~'}${formatBytes(entry.sizeBytes)} download` : 'not offered for download (not pinned to a commit)',
      fit === 'no' ? `needs ${formatBytes(entry.memoryBytes)} memory: too much for this machine` : 'fits this machine',
      entry.licence,
    ];
    return {
      action: 'catalog' as const,
      entry,
      label: `${downloaded ? '$(check)' : '$(cloud-download)'} ${entryTitle(entry)}`,
      description: [entry === recommended ? 'recommended' : undefined, inUse ? 'in use' : undefined, ...facts].filter(Boolean).join(' · '),
      detail: [entry.sha256 || !offered ? undefined : 'Checked against the SHA-256 the hub declares', `Explains with ${entry.chat?.label ?? 'the same model'}`]
        .filter(Boolean)
        .join(' · '),
    };
  });
  const chatPath = deps.currentChatPath();
  const chat: ModelPickItem[] = CHAT_MODELS.map((model) => {
    const downloaded = deps.library.isDownloaded(model);
    return {
      action: 'chat' as const,
      model,
      label: `${downloaded ? '$(check)' : '$(cloud-download)'} ${model.label}`,
      description: [
        downloaded && chatPath === deps.library.pathOf(model) ? 'in use for Explain' : undefined,
        downloaded ? 'downloaded' : `${formatBytes(model.sizeBytes)} download`,
        // Beside the code model: the engine holds both.
        ramBudget(machine) >= model.memoryBytes ? 'fits this machine' : `needs ${formatBytes(model.memoryBytes)} memory: too much for this machine`,
        model.licence,
      ]
        .filter(Boolean)
        .join(' · '),
      detail: model.general ? 'A general small language model: explains in plain prose' : 'The instruct sibling of a code model above',
    };
  });
  const local: ModelPickItem[] = deps.library.known().map((path) => ({
    action: 'local' as const,
    path,
    label: `$(file) ${basename(path)}`,
    description: [path === current ? 'in use' : undefined, existsSync(path) ? undefined : 'missing'].filter(Boolean).join(' · '),
    detail: path,
  }));
  return [
    { kind: vscode.QuickPickItemKind.Separator, label: 'Catalog' },
    ...catalog,
    { kind: vscode.QuickPickItemKind.Separator, label: 'For Explain Selection' },
    ...chat,
    ...(local.length ? [{ kind: vscode.QuickPickItemKind.Separator, label: 'On this machine' } as ModelPickItem, ...local] : []),
    { kind: vscode.QuickPickItemKind.Separator, label: '' },
    { action: 'browse', label: '$(folder-opened) Browse…', description: 'any GGUF file on this machine' },
  ];
}

const showPicker: ModelPicker = (items) =>
  vscode.window.showQuickPick(items, { title: 'Pipit: Select Model', placeHolder: 'A code model for inline suggestions', matchOnDescription: true });

/** Runs the whole choice; resolves with the path now set, or undefined when nothing changed. */
export async function selectModel(deps: SelectModelDeps, pick: ModelPicker = showPicker): Promise<string | undefined> {
  const picked = await pick(modelPickItems(deps));
  if (!picked?.action) return undefined;
  if (picked.action === 'catalog') return useCatalogEntry(picked.entry, deps);
  if (picked.action === 'chat') return useChatModel(picked.model, deps);
  if (picked.action === 'local') {
    if (!existsSync(picked.path)) {
      await deps.library.forget(picked.path);
      void vscode.window.showWarningMessage(`Pipit: ${picked.path} is no longer there; it was removed from the list.`);
      return undefined;
    }
    return useLocalFile(picked.path, deps);
  }
  return browseForModel(deps);
}

/** Sets a chat model for Explain Selection (downloaded first, after consent); resolves with its path once set. */
async function useChatModel(model: ChatModel, deps: SelectModelDeps): Promise<string | undefined> {
  const path = deps.library.isDownloaded(model) ? deps.library.pathOf(model) : await downloadWithConsent(model, deps);
  if (!path) return undefined;
  await setModelPath(path, deps.env, 'chatModelPath');
  return path;
}

export async function browseForModel(deps: SelectModelDeps): Promise<string | undefined> {
  const chosen = await vscode.window.showOpenDialog({
    title: 'Pipit: choose a GGUF code model',
    canSelectMany: false,
    openLabel: 'Use This Model',
    filters: { 'GGUF models': ['gguf'] },
  });
  const path = chosen?.[0]?.fsPath;
  return path ? useLocalFile(path, deps) : undefined;
}

async function useLocalFile(path: string, deps: SelectModelDeps): Promise<string> {
  await deps.library.remember(path);
  await setModelPath(path, deps.env);
  return path;
}
