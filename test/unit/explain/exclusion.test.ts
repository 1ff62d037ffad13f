import * as assert from 'node:assert/strict';
import { checkExclusion, exclusionMessage } from '../../../src/explain/exclusion';

describe('explain: exclusion', () => {
  const refused = (path: string, globs: string[] = []) => checkExclusion([path], globs).excluded;

  it('refuses secrets files wherever they are, with or without a folder', () => {
    for (const path of ['.env', 'app/.env', '.env.production', 'certs/server.pem', 'tls/private.key', 'id_rsa', '.ssh/id_rsa.pub', 'secrets/db.ts', 'config/.secrets/token.json']) {
      assert.ok(refused(path), `${path} should be refused`);
    }
  });

  it('checks absolute and Windows paths as well as workspace-relative ones', () => {
    assert.ok(refused('/home/ana/project/.env'));
    assert.ok(refused('C:\\Users\\ana\\project\\secrets\\keys.ts'));
  });

  it('allows ordinary source files, including ones whose names merely contain "env" or "key"', () => {
    for (const path of ['src/cart.ts', 'src/env.ts', 'src/keyboard.ts', 'docs/secrets.md', '.envrc.example.ts']) {
      assert.equal(refused(path), false, `${path} should be allowed`);
    }
  });

  it("applies the user's pipit.exclude globs, which also match dot-files", () => {
    assert.ok(refused('vendor/lib.js', ['vendor/**']));
    assert.ok(refused('src/.internal/x.ts', ['**/.internal/**']));
    assert.equal(refused('src/lib.js', ['vendor/**']), false);
  });

  it('says which pattern refused the file and what to do', () => {
    const verdict = checkExclusion(['config/app.key'], []);
    assert.equal(verdict.pattern, '**/*.key');
    assert.match(exclusionMessage('config/app.key', verdict.pattern!), /secrets file/);
    assert.match(exclusionMessage('vendor/lib.js', 'vendor/**'), /pipit\.exclude/);
  });
});
