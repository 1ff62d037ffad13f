// Runs a mocha entry (a CommonJS file exporting run()) inside code-server's extension host, the way
// @vscode/test-electron does with VS Code desktop: the workbench is opened with a `payload` naming the extension
// under development and the tests, and reports the end of the run through window.codeAutomationExit(code).
import { launchChromium } from './browser';
import { startCodeServer } from './codeServer';
import type { Tools } from './tools';

export interface CodeServerTestRun {
  tools: Tools;
  /**
   * Folder of the extension to load from source. The workbench runs extension tests only in a window that has one:
   * to test an installed extension (VSIX), give an empty one (test/integration/installed/probe).
   */
  extensionDevelopmentPath: string;
  /** Absolute path of the compiled entry exporting run(). */
  extensionTestsPath: string;
  workspace: string;
  env?: NodeJS.ProcessEnv;
  installVsix?: string[];
  timeoutMs: number;
  /** Receives each line the tests print (mocha's report). */
  output?: (line: string) => void;
}

/** Marks the lines of the tests' report among the workbench's console messages (see test/integration/runMocha.ts). */
const OUTPUT_TAG = '[pipit-test] ';
const verbose = process.env.PIPIT_HARNESS_VERBOSE === '1';

/** Resolves to the run's exit code: 0 when every test passed; 1 for failures, a timeout or a crash. */
export async function runTestsInCodeServer(run: CodeServerTestRun): Promise<number> {
  const output = run.output ?? ((line: string) => console.log(line));
  const env = {
    ...run.env,
    PIPIT_TEST_OUTPUT_TAG: OUTPUT_TAG,
    PIPIT_TEST_COLOR: process.stdout.isTTY ? '1' : '0',
  };
  const server = await startCodeServer({ tools: run.tools, env, installVsix: run.installVsix });
  const browser = await launchChromium(run.tools).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  try {
    const page = await browser.browser.newPage();
    let exit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    // The workbench logs a lot (failed gallery look-ups of open-vsx.org, 404 for vsda...): only the tests' own lines
    // are printed; the rest is kept to be shown if the run fails.
    const noise: string[] = [];
    let reported = false;
    page.on('console', (message) => {
      const text = message.text();
      const at = text.indexOf(OUTPUT_TAG);
      if (at >= 0) {
        reported = true;
        output(text.slice(at + OUTPUT_TAG.length));
      } else if (verbose) {
        output(`[workbench ${message.type()}] ${text}`);
      } else {
        noise.push(`[workbench ${message.type()}] ${text}`);
        if (noise.length > 200) noise.shift();
      }
    });
    page.on('pageerror', (error) => noise.push(`[page error] ${error.message}`));
    await page.goto(
      server.workbenchUrl(run.workspace, {
        extensionDevelopmentPath: run.extensionDevelopmentPath,
        extensionTestsPath: run.extensionTestsPath,
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        output(`[harness] the tests did not finish within ${run.timeoutMs / 1000} s`);
        resolve(1);
      }, run.timeoutMs);
    });
    const code = await Promise.race([exitCode, timeout]);
    clearTimeout(timer);
    if (code !== 0 && reported) {
      output('[harness] PIPIT_HARNESS_VERBOSE=1 shows the workbench console too');
    } else if (code !== 0) {
      // The tests never ran or never reported: what the workbench and the server said is the only clue.
      output(`[harness] last workbench console messages:\n${noise.slice(-30).join('\n')}`);
      output(`[harness] end of the code-server log:\n${tail(server.readLog(), 30)}`);
    }
    return code;
  } finally {
    await browser.close();
    await server.stop();
  }
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}
