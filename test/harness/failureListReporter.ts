// mocha's spec report, plus one line per failed test appended to the file named by PIPIT_FAILURE_LIST. A CI log is
// often read only from its end, and the end of `npm test` is the phase timings: the integration runner and .ci/run
// print this list there, so a failure is named even when mocha's own report has scrolled out of view.
import { appendFileSync } from 'node:fs';
import Mocha from 'mocha';

/**
 * One line: where the failure happened and its message, newlines shown as " | ". Long enough for a test that puts
 * its diagnosis in the message (the Explain e2e test adds the panel's text and Pipit's log), short enough for a tail.
 */
function failureLine(tier: string, title: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).trim() || '(no message)';
  const flat = message.split('\n').map((line) => line.trim()).filter((line) => line !== '').join(' | ');
  const short = flat.length > 1500 ? `${flat.slice(0, 1497)}...` : flat;
  return `${tier}: ${title} -- ${short}`;
}

export class FailureListReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    // The tier names the run in the list (unit, suite, e2e...): --reporter-option tier=NAME, or PIPIT_FAILURE_TIER.
    const given = (options?.reporterOptions as { tier?: unknown } | undefined)?.tier;
    const tier = typeof given === 'string' ? given : (process.env.PIPIT_FAILURE_TIER ?? 'mocha');
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test: Mocha.Test, error: unknown) => {
      // Read at each failure, so a runner that sets it after loading this module is honoured.
      const file = process.env.PIPIT_FAILURE_LIST;
      if (file) appendFileSync(file, failureLine(tier, test.fullTitle(), error) + '\n');
    });
  }
}
