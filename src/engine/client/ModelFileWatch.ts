// Notices when the model file changes on disk (replaced by a new download, deleted, put back), so the engine reads
// it again instead of running on a copy of a file that is no longer there. It watches the file's folder: a file
// replaced by a rename is a new file, which a watch on the old one would never report.
import { unwatchFile, watch, watchFile } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Starts watching a folder for the entry `name`; the listener hears the name of each entry that changed. */
export type WatchFolder = (folder: string, listener: (filename: string | null) => void, name: string) => { close(): void };

/**
 * Watches with inotify (`fs.watch`), or, when the system has no watch left to give (ENOSPC, EMFILE: editors,
 * language servers and file watchers share one per-user limit, 128 instances by default on Linux), polls the file's
 * status instead, so a replaced model is still noticed.
 */
export function folderWatcher(startWatch: typeof watch = watch, pollMs = 1000): WatchFolder {
  return (folder, listener, name) => {
    try {
      const watcher = startWatch(folder, { persistent: false }, (_event, filename) => listener(filename === null ? null : String(filename)));
      // The folder itself going away ends the watch; the next load says the file is missing.
      watcher.on('error', () => watcher.close());
      return watcher;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
      const file = join(folder, name);
      const changed = () => listener(name);
      watchFile(file, { persistent: false, interval: pollMs }, changed);
      return { close: () => unwatchFile(file, changed) };
    }
  };
}

export class ModelFileWatch {
  private path: string | undefined;
  private watcher: { close(): void } | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** How many changes were seen: part of the suggestion cache's key, so no answer of the old file is served. */
  changes = 0;

  constructor(
    private readonly onChange: (path: string) => void,
    private readonly watch: WatchFolder = folderWatcher(),
    /** A copy or a download writes a file in many steps: it is read again once it has been quiet this long. */
    private readonly settleMs = 500,
  ) {}

  /** Watches `path` from now on (the model the settings name), and no other file. */
  follow(path: string | undefined): void {
    if (path === this.path) return;
    this.stop();
    this.path = path;
    if (!path) return;
    const name = basename(path);
    try {
      this.watcher = this.watch(
        dirname(path),
        (filename) => {
          if (filename === name) this.schedule(path);
        },
        name,
      );
    } catch {
      // A folder that does not exist cannot be watched; loading the model says the file is missing.
    }
  }

  dispose(): void {
    this.stop();
    this.path = undefined;
  }

  private schedule(path: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.path !== path) return;
      this.changes++;
      this.onChange(path);
    }, this.settleMs);
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
  }
}
