import { dropRepetition } from '../../../../src/completion/filters/dropRepetition';
import { itRunsGoldenCases } from '../golden';

describe('filter: dropRepetition', () => {
  itRunsGoldenCases('dropRepetition', dropRepetition);
});
