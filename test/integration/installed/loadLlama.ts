// Child process started by installed.test.ts, like the engine worker: loads node-llama-cpp from the extension folder
// given as argument (never from the repository's node_modules) and its CPU binary, then prints what it loaded.
// A script file, not `node -e`: node-llama-cpp tests its binary in a fork that inherits execArgv, and -e would
// make that fork run the eval text again.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as LlamaCppModule from 'node-llama-cpp' with { 'resolution-mode': 'import' };

async function main(extensionPath: string): Promise<void> {
  const entry = createRequire(join(extensionPath, 'package.json')).resolve('node-llama-cpp');
  const { getLlama } = (await import(pathToFileURL(entry).href)) as typeof LlamaCppModule;
  // build 'never': a missing or broken prebuilt binary must fail here, not start a from-source build.
  const llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, progressLogs: false });
  console.log(JSON.stringify({ entry, gpu: llama.gpu, buildType: llama.buildType }));
  await llama.dispose();
}

main(process.argv[2] ?? '').catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
