// The GPU path of the installed VSIX: its own Vulkan build of llama.cpp loads the model on a Vulkan device (llvmpipe,
// Mesa's software device, named by GGML_VK_VISIBLE_DEVICES in vsixCheck.ts) and the status tooltip names the device.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import { llvmpipeInstalled, NO_LLVMPIPE } from '../../harness/llvmpipe';
import { until } from '../../harness/until';

describe('Pipit installed from its VSIX, on a Vulkan device', function () {
  this.timeout(180_000);
  let extension: vscode.Extension<PipitApi>;
  const config = () => vscode.workspace.getConfiguration('pipit');

  before(async function () {
    if (!llvmpipeInstalled()) {
      if (process.env.CI) throw new Error(NO_LLVMPIPE);
      console.log(`      skipped: ${NO_LLVMPIPE}`);
      this.skip();
    }
    extension = vscode.extensions.getExtension<PipitApi>('pipit.pipit')!;
    await extension.activate();
  });
  after(async () => {
    await config().update('modelPath', undefined, vscode.ConfigurationTarget.Global);
  });

  it('loads the model with the Vulkan build it ships, and the status tooltip names the device', async () => {
    assert.ok(existsSync(join(extension.extensionPath, 'node_modules/@node-llama-cpp/linux-x64-vulkan/bins/linux-x64-vulkan/llama-addon.node')));
    // An installed Pipit takes its model from the user's settings only (PIPIT_MODEL_PATH counts in development).
    const model = process.env.PIPIT_MODEL_PATH!;
    await config().update('modelPath', model, vscode.ConfigurationTarget.Global);
    const api = extension.exports;
    await until(() => api.statusBar.tooltip.includes(model.split('/').pop()!), 10_000, 'Pipit to take the model setting');
    await vscode.commands.executeCommand('pipit.loadModel');
    await until(() => api.engineStatus.state === 'ready' && api.engineStatus.model?.device !== undefined, 120_000, 'the model to load');
    const device = api.engineStatus.model!.device!;
    assert.equal(device.backend, 'vulkan', JSON.stringify(device));
    assert.equal(device.gpuLayers, device.totalLayers);
    const tooltip = api.statusBar.tooltip;
    assert.ok(tooltip.includes(`Runs on ${device.gpu!.name} (Vulkan): all ${device.totalLayers} layers.`), tooltip);
  });
});
