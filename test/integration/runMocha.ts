// Runs the mocha files of one folder inside the VS Code extension host. Used by every `run()` entry that a VS Code
// runner loads (test-electron's extensionTestsPath, or the code-server payload of the same name).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { FailureListReporter } from '../harness/failureListReporter';

export async function runMocha(folder: string): Promise<void> {
  // On code-server, the extension host's console reaches the harness through the browser console, mixed with the
  // workbench's own logs: each report line is formatted here into one string, tagged so the harness can pick it out.
  const tag = process.env.PIPIT_TEST_OUTPUT_TAG ?? '';
  (Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void }).consoleLog = (...args) =>
    console.log(tag + format(...args));
  const mocha = new Mocha({
    ui: 'bdd',
    color: process.env.PIPIT_TEST_COLOR === '1',
    timeout: Number(process.env.PIPIT_TEST_TIMEOUT_MS ?? 30_000),
    reporter: FailureListReporter,
    reporterOptions: { tier: process.env.PIPIT_FAILURE_TIER ?? 'extension host' },
  });
  const grep = process.env.PIPIT_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of testFiles(folder)) mocha.addFile(file);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} test(s) failed`);
}

function testFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => join(folder, name));
}
