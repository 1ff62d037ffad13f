import * as assert from 'node:assert/strict';
import { singleLine } from '../../../../src/completion/filters/singleLine';
import { contextOf, itRunsGoldenCases } from '../golden';

describe('filter: singleLine', () => {
  itRunsGoldenCases('singleLine', singleLine);

  it('cuts at a Windows line break too', () => {
    assert.equal(singleLine('a();\r\nb();', contextOf('x║', { mode: 'single' })), 'a();');
  });
});
