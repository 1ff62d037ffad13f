// The stats of this machine: recent request records, generation samples and the acceptance count, bounded in
// memory, with a plain-JSON form the glue keeps in globalState (never synced, never sent anywhere).
import { Emitter } from '../common/Emitter';
import type { IDisposable } from '../common/lifecycle';
import type { RequestRecord } from '../completion/types';
import { measuredSpeed, type MeasuredSpeed } from './adaptSettings';
import { summarize, type StatsSummary } from './summarize';
import { toStatsRecord, type GenerationSample, type StatsRecord } from './types';

export const MAX_RECORDS = 2000;
const MAX_SAMPLES = 500;

export interface StatsSnapshot {
  version: 1;
  records: StatsRecord[];
  samples: GenerationSample[];
  accepted: number;
}

export class StatsStore implements IDisposable {
  private records: StatsRecord[] = [];
  private samples: GenerationSample[] = [];
  private acceptedCount = 0;
  private readonly changed = new Emitter<void>();
  /** Fires after every change; listeners debounce (records arrive once per keystroke). */
  readonly onDidChange = this.changed.event;

  constructor(saved?: unknown) {
    const snapshot = parseSnapshot(saved);
    if (snapshot) {
      this.records = snapshot.records.slice(-MAX_RECORDS);
      this.samples = snapshot.samples.slice(-MAX_SAMPLES);
      this.acceptedCount = snapshot.accepted;
    }
  }

  addRecord(record: RequestRecord): void {
    this.records.push(toStatsRecord(record));
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
    this.changed.fire();
  }

  addSample(sample: GenerationSample): void {
    this.samples.push(sample);
    if (this.samples.length > MAX_SAMPLES) this.samples.splice(0, this.samples.length - MAX_SAMPLES);
    this.changed.fire();
  }

  /** One suggestion accepted (the `pipit.accepted` command ran). */
  accepted(): void {
    this.acceptedCount++;
    this.changed.fire();
  }

  reset(): void {
    this.records = [];
    this.samples = [];
    this.acceptedCount = 0;
    this.changed.fire();
  }

  summary(): StatsSummary {
    return summarize(this.records, this.samples, this.acceptedCount);
  }

  speed(): MeasuredSpeed | undefined {
    return measuredSpeed(this.samples);
  }

  toJSON(): StatsSnapshot {
    return { version: 1, records: [...this.records], samples: [...this.samples], accepted: this.acceptedCount };
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Accepts only a well-formed snapshot: a damaged or older globalState value starts the stats afresh. */
function parseSnapshot(value: unknown): StatsSnapshot | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const snapshot = value as Partial<StatsSnapshot>;
  if (snapshot.version !== 1 || !Array.isArray(snapshot.records) || !Array.isArray(snapshot.samples)) return undefined;
  const accepted = typeof snapshot.accepted === 'number' && snapshot.accepted >= 0 ? snapshot.accepted : 0;
  const records = snapshot.records.filter((record): record is StatsRecord => typeof record?.at === 'number' && typeof record.totalMs === 'number' && typeof record.outcome === 'string');
  const samples = snapshot.samples.filter((sample): sample is GenerationSample => typeof sample?.generatedTokens === 'number' && typeof sample.decodeMs === 'number');
  return { version: 1, records, samples, accepted };
}
