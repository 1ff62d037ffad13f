import { dropEmpty } from '../../../../src/completion/filters/dropEmpty';
import { itRunsGoldenCases } from '../golden';

describe('filter: dropEmpty', () => {
  itRunsGoldenCases('dropEmpty', dropEmpty);
});
