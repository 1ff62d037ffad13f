import { cutSuffixRepeat } from '../../../../src/completion/filters/cutSuffixRepeat';
import { itRunsGoldenCases } from '../golden';

describe('filter: cutSuffixRepeat', () => {
  itRunsGoldenCases('cutSuffixRepeat', cutSuffixRepeat);
});
