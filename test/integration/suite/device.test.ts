// Where the model runs, as a user reads it in a real extension host: the status tooltip and Check Engines name the
// device, and on a machine with no GPU (the suite does not name llvmpipe) they say the CPU runs it, and why.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import { deviceWords } from '../../../src/status/deviceWords';
import { until } from '../../harness/until';

describe('the device the model runs on', function () {
  this.timeout(120_000);
  let api: PipitApi;

  before(async () => {
    api = await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
  });
  after(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));

  it('is named in the status tooltip and in Check Engines, with the reason when it is the CPU', async () => {
    await vscode.commands.executeCommand('pipit.loadModel');
    await until(() => api.engineStatus.state === 'ready' && api.engineStatus.model?.device, 60_000, 'the model to load');
    const device = api.engineStatus.model!.device!;
    const line = deviceWords(device);
    if (device.backend === 'cpu') assert.match(line, /^Runs on the CPU: .+\.$/);
    else assert.ok(device.gpu?.name, JSON.stringify(device));
    await until(() => api.statusBar.tooltip.split('\n').includes(line), 5_000, `the tooltip to say "${line}"`);
    const report = await vscode.commands.executeCommand<string>('pipit.checkEngines');
    assert.ok(report.includes(line), report);
  });
});
