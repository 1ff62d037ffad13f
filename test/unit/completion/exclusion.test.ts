import * as assert from 'node:assert/strict';
import { createExclusionMatcher } from '../../../src/completion/exclusion';

describe('exclusion globs', () => {
  const isExcluded = createExclusionMatcher(['**/*.generated.ts', 'vendor/**']);

  it('always excludes secrets, dotfiles included, at the root or nested', () => {
    for (const path of ['.env', '.env.local', 'config/.env', 'certs/server.pem', 'keys/deploy.key', '.ssh/id_rsa', 'id_ed25519.pub', 'app/secrets/db.json']) {
      assert.equal(isExcluded(path), true, path);
    }
  });

  it('excludes what the user listed, with Windows separators too', () => {
    assert.equal(isExcluded('src/api.generated.ts'), true);
    assert.equal(isExcluded('vendor/lib/a.js'), true);
    assert.equal(isExcluded('src\\deep\\x.generated.ts'), true);
  });

  it('lets ordinary files through', () => {
    for (const path of ['src/index.ts', '.eslintrc.js', 'README.md', 'environment.ts']) assert.equal(isExcluded(path), false, path);
  });

  it('ignores blank patterns instead of excluding everything', () => {
    assert.equal(createExclusionMatcher(['', '  '])('src/index.ts'), false);
  });
});
