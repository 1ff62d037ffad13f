// The one exclusion module: secrets never enter a prompt, by the same rule for completion, extra context, copied
// text and Explain.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CopiedTextTracker } from '../../../src/completion/copiedText';
import {
  createExclusionCheck,
  exclusionMessage,
  settingsExclusion,
  exclusionChecks,
  withWorkspaceRelativePatterns,
} from '../../../src/completion/exclusion';
import { ExtraContextRing } from '../../../src/completion/ExtraContextRing';
import { estimateTokens } from '../../../src/completion/tokens';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** Secrets, one per rule, as the editor names them: workspace-relative, nested, absolute, Windows. */
const SECRETS = [
  '.env',
  'app/.env',
  '.env.production',
  '.envrc',
  'services/api/.envrc',
  'certs/server.pem',
  'tls/private.key',
  'id_rsa',
  '.ssh/id_rsa.pub',
  '.ssh/id_ed25519',
  'secrets/db.ts',
  'config/.secrets/token.json',
  '.npmrc',
  'packages/web/.npmrc',
  '.netrc',
  '.pypirc',
  '.git-credentials',
  '.aws/credentials',
  'home/.aws/credentials',
  '.docker/config.json',
  '.kube/config',
  'deploy/kubeconfig',
  'deploy/prod.kubeconfig',
  'deploy/kubeconfig.yaml',
  'certs/client.p12',
  'certs/client.pfx',
  'android/release.keystore',
  'android/upload.jks',
  'infra/prod.tfvars',
  'infra/prod.auto.tfvars',
  'infra/secrets.tfvars.json',
  '/home/ana/.aws/credentials',
  '/home/ana/project/.env',
  'C:\\Users\\ana\\project\\secrets\\keys.ts',
  'C:\\Users\\ana\\.npmrc',
  './.netrc',
  './.env',
  './/.env',
  '//server/share/project/.env',
];

const ORDINARY = [
  'src/index.ts',
  'src/env.ts',
  'src/keyboard.ts',
  'docs/secrets.md',
  '.envrc.example.ts',
  'README.md',
  'environment.ts',
  '.eslintrc.js',
  'src/kubeconfig.ts',
  'src/npmrc.ts',
  'docker/config.ts',
  'aws/credentials.md',
  'terraform/main.tf',
];

describe('exclusion (one module for every way code enters a prompt)', () => {
  it('always excludes secrets and credential files, dotfiles included, wherever they are and however the path is written', () => {
    const check = createExclusionCheck([]);
    for (const path of SECRETS) assert.equal(check(path).excluded, true, path);
  });

  it('lets ordinary files through, including ones whose names merely look like secrets', () => {
    const check = createExclusionCheck([]);
    for (const path of ORDINARY) assert.equal(check(path).excluded, false, path);
  });

  it('excludes what the user listed, with Windows separators and absolute globs too, and ignores blank patterns', () => {
    const isExcluded = settingsExclusion(() => ({ exclude: ['**/*.generated.ts', 'vendor/**', '**/.internal/**', '/opt/shared/**'] }));
    assert.equal(isExcluded('src/api.generated.ts'), true);
    assert.equal(isExcluded('vendor/lib/a.js'), true);
    assert.equal(isExcluded('src\\deep\\x.generated.ts'), true);
    assert.equal(isExcluded('src/.internal/x.ts'), true);
    assert.equal(isExcluded('/opt/shared/lib.ts'), true, 'an absolute glob matches a file outside the workspace');
    assert.equal(isExcluded('src/lib.js'), false);
    assert.equal(settingsExclusion(() => ({ exclude: ['', '  '] }))('src/index.ts'), false);
  });

  it('applies an absolute glob inside a workspace folder to the workspace-relative path too', () => {
    const patterns = withWorkspaceRelativePatterns(['/home/ana/app/vendor/**', '**/*.gen.ts'], ['/home/ana/app']);
    assert.deepEqual(patterns, ['/home/ana/app/vendor/**', '**/*.gen.ts', 'vendor/**']);
    assert.equal(settingsExclusion(() => ({ exclude: patterns }))('vendor/lib.js'), true);
    assert.deepEqual(withWorkspaceRelativePatterns(['C:\\work\\app\\gen\\**'], ['C:\\work\\app']), ['C:\\work\\app\\gen\\**', 'gen/**']);
    assert.deepEqual(withWorkspaceRelativePatterns(['vendor/**'], ['/home/ana/app']), ['vendor/**']);
  });

  it('gives the same verdict to completion, extra context, copied text and Explain, for every path', () => {
    const settings = () => ({ exclude: ['vendor/**'] });
    const completion = settingsExclusion(settings);
    const explain = exclusionChecks()(settings().exclude);
    const ring = new ExtraContextRing({ isExcluded: completion, estimate: estimateTokens });
    const copied = new CopiedTextTracker({ isExcluded: completion });
    for (const [index, path] of [...SECRETS, ...ORDINARY, 'vendor/lib.js'].entries()) {
      const text = `const value${index} = ${index};`;
      const excluded = completion(path);
      assert.equal(explain(path).excluded, excluded, `Explain disagrees on ${path}`);
      assert.equal(ring.add(path, text), !excluded, `extra context disagrees on ${path}`);
      copied.noteSelections(path, [text]);
      assert.equal(copied.copiedFrom(text) !== undefined, !excluded, `copied text disagrees on ${path}`);
    }
  });

  it('is the only place paths are matched against exclusion globs', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
      );
    const matchers = sources(join(ROOT, 'src'))
      .filter((file) => /from ['"]picomatch['"]|require\(['"]picomatch['"]\)/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file).split('\\').join('/'));
    assert.deepEqual(matchers, ['src/completion/exclusion.ts']);
  });

  it('says which pattern refused a file and what to do', () => {
    const verdict = createExclusionCheck([])('config/app.key');
    assert.equal(verdict.pattern, '**/*.key');
    assert.match(exclusionMessage('config/app.key', verdict.pattern!), /secrets file/);
    assert.match(exclusionMessage('vendor/lib.js', 'vendor/**'), /pipit\.exclude/);
  });
});
