import { limitBlockByIndent } from '../../../../src/completion/filters/limitBlockByIndent';
import { itRunsGoldenCases } from '../golden';

describe('filter: limitBlockByIndent', () => {
  itRunsGoldenCases('limitBlockByIndent', limitBlockByIndent);
});
