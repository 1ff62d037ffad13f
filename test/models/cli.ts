// `node out/test/models/cli.js [--scripted "text"]... [--proxy NAME]... [--dir DIR]`: ensures the test models and
// prints their paths as one JSON object on stdout (for the integration harness and the benchmark).
import { type ShapeProxy, ensureScriptedModel, ensureShapeProxy, ensureTestModels } from './testModels';

async function main(args: string[]): Promise<void> {
  const scripts: string[] = [];
  const proxies: ShapeProxy[] = [];
  let dir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if ((flag === '--scripted' || flag === '--proxy' || flag === '--dir') && value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--scripted') scripts.push(value!);
    else if (flag === '--proxy') proxies.push(value as ShapeProxy);
    else if (flag === '--dir') dir = value;
    else throw new Error(`unknown argument ${flag}; usage: cli.js [--scripted "text"]... [--proxy NAME]... [--dir DIR]`);
    i++;
  }
  const models = await ensureTestModels(dir);
  const scripted: Record<string, string> = {};
  for (const script of scripts) scripted[script] = await ensureScriptedModel(script, dir);
  const proxy: Record<string, string> = {};
  for (const name of proxies) proxy[name] = await ensureShapeProxy(name, dir);
  process.stdout.write(`${JSON.stringify({ ...models, scripted, proxy }, null, 2)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
