// Keystroke to ghost text in a real VS Code (code-server in headless Chromium), as a user types: a line of a real
// file (mocha's lib/runner.js) typed in word bursts, 60 ms a key, into an editor that auto-closes brackets, and each
// pause timed from the last key until the editor draws ghost text. The plain-Node bench types into a buffer; this is
// the figure a user gets, with everything between the key and the screen (the workbench, the extension host, VS
// Code's own debounce, rendering) included. Pipit's log gives the engine's share of each request beside it.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { delay } from '../harness/codeServer';
import { createExtensionHostProbe } from '../harness/extensionHostProbe';
import { REPO_ROOT, startUiDriver } from '../harness/uiDriver';
import { percentiles, quantile, type Percentiles } from './metrics';

const SOURCE = join(REPO_ROOT, 'node_modules', 'mocha', 'lib', 'runner.js');
const FILE = 'runner.js';
/** A person typing a word: the issue's replay (and llama.vscode's users) type about 16 keys a second in a burst. */
const KEY_DELAY_MS = 60;

export interface EditorLatencyOptions {
  /** Run's name in the report, e.g. "maxTokens 16". */
  label: string;
  modelPath: string;
  /** User settings on top of the test profile's (the product's defaults when empty). */
  settings: Record<string, unknown>;
  /** Pauses to time (word bursts). */
  pauses: number;
  /** A pause with no ghost text after this long counts as none shown. */
  waitMs: number;
  log: (line: string) => void;
}

export interface PauseTiming {
  /** What was typed in the burst before the pause. */
  burst: string;
  /** Last key to ghost text on screen, ms; null when none showed within waitMs. */
  ms: number | null;
  /** Pipit's request lines logged during the pause: why a pause showed nothing, or what it cost. */
  requests: string[];
}

export interface EditorLatencyResult {
  label: string;
  settings: Record<string, unknown>;
  pauses: PauseTiming[];
  /** Over the pauses that showed ghost text. */
  latencyMs: Percentiles & { p90: number | null };
  shown: number;
  /**
   * Round trips into the extension host (a probe extension's command) every 250 ms while typing: how the editor
   * itself responds while the engine works beside it.
   */
  roundTripMs: Percentiles;
  /** From Pipit's log over the same pauses: the engine's time to first token and the whole request. */
  engine: { requests: number; ttftMs: Percentiles; totalMs: Percentiles; promptEvaluated: Percentiles };
}

/** Word bursts from the file's own code: each burst a word and the space after it, as a person types a line. */
export function wordBursts(source: string, count: number, fromLine: number): string[][] {
  const lines = source.split('\n').slice(fromLine).map((line) => line.trim());
  const picked: string[][] = [];
  let total = 0;
  for (const line of lines) {
    // Lines a person writes in a function body; comments and braces alone are skipped.
    if (line.length < 12 || line.startsWith('//') || line.startsWith('*') || line.startsWith('/*')) continue;
    const words = line.split(/(?<= )/);
    picked.push(words);
    total += words.length;
    if (total >= count) break;
  }
  return picked;
}

/** Pipit's request lines logged after `from` characters of its log: ttft, total and evaluated prompt tokens. */
export function engineFigures(log: string): EditorLatencyResult['engine'] {
  const lines = [...log.matchAll(/ request (?:automatic|explicit) \S+ .*engine=([1-9]\d*) evaluated=(\d+) reused=\d+(?: ttft=(\d+)ms)? total=(\d+)ms/g)];
  const ttft = lines.flatMap((match) => (match[3] === undefined ? [] : [Number(match[3])]));
  return {
    requests: lines.length,
    ttftMs: percentiles(ttft),
    totalMs: percentiles(lines.map((match) => Number(match[4]))),
    promptEvaluated: percentiles(lines.map((match) => Number(match[2]))),
  };
}

export async function measureEditorLatency(options: EditorLatencyOptions): Promise<EditorLatencyResult> {
  if (!existsSync(SOURCE)) throw new Error(`${SOURCE} is missing: run npm ci (mocha is a dev dependency)`);
  const probe = createExtensionHostProbe();
  const ui = await startUiDriver({ extensionDevelopmentPath: probe.folder, env: { ...probe.env, PIPIT_MODEL_PATH: options.modelPath }, settings: options.settings }).catch((error: unknown) => {
    probe.dispose();
    throw error;
  });
  const roundTrips: number[] = [];
  let typing = true;
  let probing: Promise<void> = Promise.resolve();
  try {
    copyFileSync(SOURCE, join(ui.workspace, FILE));
    const source = readFileSync(SOURCE, 'utf8');
    // Inside a function about a third of the way down: a new line after the opening of a method.
    const lines = source.split('\n');
    const opening = lines.findIndex((line, index) => index > lines.length / 3 && /^Runner\.prototype\.\w+ = function/.test(line));
    if (opening < 0) throw new Error(`no Runner.prototype method found in ${SOURCE}`);
    await ui.openFile(FILE);
    await ui.goTo(opening + 1);
    await ui.press('End');
    await ui.press('Enter');
    // Warm up as a user's session has: the engine started, the model loaded and this place's prompt read. The first
    // suggestion of a session is not what a keystroke costs.
    // The first request may run out of pipit.maxTimeMs while reading the cold prompt (the reading goes on in the
    // background): ask again until the suggestion shows.
    const warm = Date.now();
    let warmed = false;
    while (!warmed && Date.now() - warm < 120_000) {
      await ui.runCommand('editor.action.inlineSuggest.trigger');
      warmed = await ui.waitForGhostText({ timeoutMs: 5_000 }).then(() => true, () => false);
    }
    if (!warmed) options.log(`${options.label}: no ghost text within 120 s of warming up`);
    await ui.press('Escape');
    const logFrom = ui.pipitLog().length;
    probing = (async () => {
      while (typing) {
        roundTrips.push((await probe.pipit()).ms);
        await delay(250);
      }
    })();

    const pauses: PauseTiming[] = [];
    let pauseLogFrom = logFrom;
    for (const words of wordBursts(source, options.pauses, opening + 2)) {
      for (const word of words) {
        if (pauses.length >= options.pauses) break;
        pauseLogFrom = ui.pipitLog().length;
        await ui.page.keyboard.type(word, { delay: KEY_DELAY_MS });
        const typed = Date.now();
        let ms: number | null = null;
        while (Date.now() - typed < options.waitMs) {
          if ((await ui.ghostText()).trim() !== '') {
            ms = Date.now() - typed;
            break;
          }
          await delay(5);
        }
        // A person reads the suggestion (or sees none) before the next word.
        await delay(ms === null ? 200 : 400);
        const log = ui.pipitLog();
        const requests = log.slice(pauseLogFrom).split('\n').filter((line) => line.includes(' request ')).map((line) => line.slice(line.indexOf('request ')));
        pauseLogFrom = log.length;
        pauses.push({ burst: word, ms, requests });
        options.log(`${options.label}: ${JSON.stringify(word)} ${ms === null ? 'none' : `${ms} ms`} | ${requests.join(' | ')}`);
      }
      if (pauses.length >= options.pauses) break;
      await ui.press('Enter');
    }
    typing = false;
    await probing;
    const shownMs = pauses.flatMap((pause) => (pause.ms === null ? [] : [pause.ms]));
    return {
      label: options.label,
      settings: options.settings,
      pauses,
      latencyMs: { ...percentiles(shownMs), p90: quantile(shownMs, 0.9) },
      shown: shownMs.length,
      roundTripMs: percentiles(roundTrips),
      engine: engineFigures(ui.pipitLog().slice(logFrom)),
    };
  } finally {
    typing = false;
    await probing.catch(() => undefined);
    await ui.close();
    probe.dispose();
  }
}

/** The report's table: one column per run. */
export function formatEditorLatency(results: readonly EditorLatencyResult[]): string {
  const ms = (value: number | null) => (value === null ? '-' : `${Math.round(value)}`);
  const rows: [string, (result: EditorLatencyResult) => string][] = [
    ['pauses / ghost text shown', (r) => `${r.pauses.length} / ${r.shown}`],
    ['last key → ghost text, p50 / p90 / p95 ms', (r) => `${ms(r.latencyMs.p50)} / ${ms(r.latencyMs.p90)} / ${ms(r.latencyMs.p95)}`],
    ['extension host round trip while typing, p50 / p95 ms', (r) => `${ms(r.roundTripMs.p50)} / ${ms(r.roundTripMs.p95)}`],
    ['engine requests (from Pipit\'s log)', (r) => `${r.engine.requests}`],
    ['engine: time to first token, p50 / p95 ms', (r) => `${ms(r.engine.ttftMs.p50)} / ${ms(r.engine.ttftMs.p95)}`],
    ['engine: whole request, p50 / p95 ms', (r) => `${ms(r.engine.totalMs.p50)} / ${ms(r.engine.totalMs.p95)}`],
    ['engine: prompt tokens evaluated, p50 / p95', (r) => `${ms(r.engine.promptEvaluated.p50)} / ${ms(r.engine.promptEvaluated.p95)}`],
  ];
  const header = `| real VS Code (code-server) | ${results.map((r) => r.label).join(' | ')} |`;
  const rule = `|---|${results.map(() => '---').join('|')}|`;
  return [header, rule, ...rows.map(([name, cell]) => `| ${name} | ${results.map(cell).join(' | ')} |`)].join('\n');
}
