// Child-process entry that times loading dist/extension.js and calling its activate(), with a STUB `vscode` module
// (VS Code cannot run here): every vscode API is a no-op proxy, so this measures Pipit's own module evaluation and
// object-graph construction, not VS Code's work behind the API calls. Prints one JSON line.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..');

/** A callable, constructible object whose every property is another such stub (and settable). */
function stub(name: string): unknown {
  const children = new Map<PropertyKey, unknown>();
  const target = function () {} as unknown as Record<PropertyKey, unknown>;
  return new Proxy(target, {
    get(self, property) {
      if (property === 'then') return undefined;
      if (property === Symbol.toPrimitive) return () => `[stub ${name}]`;
      if (property === 'prototype') return self.prototype;
      if (!children.has(property)) children.set(property, stub(`${name}.${String(property)}`));
      return children.get(property);
    },
    set(_self, property, value) {
      children.set(property, value);
      return true;
    },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`) as object,
  });
}

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Loader };
const originalLoad = loader._load;
// esbuild's `import * as vscode` copies the module's own keys, so the stub lists every name the bundle uses.
const bundle = join(root, 'dist', 'extension.js');
const names = new Set([...readFileSync(bundle, 'utf8').matchAll(/\bvscode\d*\.([A-Za-z_]\w*)/g)].map((match) => match[1]!));
const vscodeStub = Object.fromEntries([...names].map((name) => [name, stub(`vscode.${name}`)]));
loader._load = function (request, parent, isMain) {
  return request === 'vscode' ? vscodeStub : originalLoad.call(this, request, parent, isMain);
};

const packageJSON = require(join(root, 'package.json')) as unknown;
const context = new Proxy(
  {
    subscriptions: [] as Array<{ dispose(): unknown }>,
    extensionPath: root,
    extensionUri: stub('extensionUri'),
    asAbsolutePath: (path: string) => join(root, path),
    extension: { packageJSON },
  } as Record<PropertyKey, unknown>,
  { get: (self, property) => (Object.hasOwn(self, property) ? self[property as string] : stub(`context.${String(property)}`)) },
);

const started = performance.now();
const extension = require(bundle) as { activate(context: unknown): unknown };
const loaded = performance.now();
let error: string | undefined;
try {
  extension.activate(context);
} catch (caught) {
  error = caught instanceof Error ? caught.message : String(caught);
}
const activated = performance.now();
for (const item of (context.subscriptions as Array<{ dispose(): unknown }>).reverse()) {
  try {
    item.dispose();
  } catch {
    // Stubbed disposables.
  }
}
process.stdout.write(`${JSON.stringify({ requireMs: loaded - started, activateMs: activated - loaded, ...(error ? { error } : {}) })}\n`);
process.exit(0);
