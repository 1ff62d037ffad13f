import { keepIndentStyle } from '../../../../src/completion/filters/keepIndentStyle';
import { itRunsGoldenCases } from '../golden';

describe('filter: keepIndentStyle', () => {
  itRunsGoldenCases('keepIndentStyle', keepIndentStyle);
});
