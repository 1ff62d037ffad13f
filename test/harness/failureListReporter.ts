// mocha's spec report, plus one line per failed test appended to the file named by PIPIT_FAILURE_LIST. A CI log is
// often read only from its end, and the end of `npm test` is the phase timings: the integration runner and .ci/run
// print this list there, so a failure is named even when mocha's own report has scrolled out of view.
import { appendFileSync } from 'node:fs';
import Mocha from 'mocha';

/** Reads PIPIT_FAILURE_LIST when each test fails, so a runner that sets it after loading this module is honoured. */
function failureListFile(): string | undefined {
  return process.env.PIPIT_FAILURE_LIST || undefined;
}

/** One line: where the failure happened and the first line of its message, short enough for a log's tail. */
function failureLine(tier: string, title: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n').find((line) => line.trim() !== '') ?? '(no message)';
  const short = first.length > 240 ? `${first.slice(0, 237)}...` : first;
  return `${tier}: ${title} -- ${short.trim()}`;
}

export class FailureListReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    // The tier names the run in the list (unit, suite, e2e...): --reporter-option tier=NAME, or PIPIT_FAILURE_TIER.
    const given = (options?.reporterOptions as { tier?: unknown } | undefined)?.tier;
    const tier = typeof given === 'string' ? given : (process.env.PIPIT_FAILURE_TIER ?? 'mocha');
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test: Mocha.Test, error: unknown) => {
      const file = failureListFile();
      if (file) appendFileSync(file, failureLine(tier, test.fullTitle(), error) + '\n');
    });
  }
}
