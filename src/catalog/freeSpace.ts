// Free disk space where a model will be stored, from `fs.statfs` (Node 18.15+). Injected into the downloader so a
// test can simulate a full disk.
import { statfs } from 'node:fs/promises';

export type FreeSpace = (directory: string) => Promise<number>;

export const statfsFreeSpace: FreeSpace = async (directory) => {
  const stats = await statfs(directory);
  // bavail, not bfree: blocks reserved for root are not ours to fill.
  return stats.bavail * stats.bsize;
};
