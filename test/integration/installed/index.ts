// Entry for the VSIX check: the suites here run against Pipit installed from the packaged VSIX (no development path).
import { runMocha } from '../runMocha';

export function run(): Promise<void> {
  return runMocha(__dirname);
}
