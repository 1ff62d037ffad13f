// Entry the VS Code runners load in the extension host (extensionTestsPath): the suites under ./suite.
import { join } from 'node:path';
import { runMocha } from './runMocha';

export function run(): Promise<void> {
  return runMocha(join(__dirname, 'suite'));
}
