/** Durable storage of the emulator's state: a JSON file replaced atomically, or nothing at all. */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EmulatorState } from './types.ts';

export interface StateStore {
  load(): Promise<EmulatorState | undefined>;
  /** Saves the state the snapshot returns when the write happens; changes made meanwhile ride along. */
  save(snapshot: () => EmulatorState): Promise<void>;
}

// Nothing to keep, so no snapshot is taken: copying every schedule on each change would cost O(n).
export const memoryStore = (): StateStore => ({
  load: async () => undefined,
  save: async () => {},
});

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      // Flushed before the rename, so a crash leaves either the old file or the whole new one.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function jsonFileStore(file: string): StateStore {
  let inFlight: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  let latest: () => EmulatorState = () => {
    throw new Error('nothing to save yet');
  };
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const state = JSON.parse(text) as EmulatorState;
      if (state?.version !== 1 || !Array.isArray(state.schedules) || !Array.isArray(state.groups)) {
        throw new Error(`${file} is not a scheduler emulator data file`);
      }
      return { ...state, deadLetters: state.deadLetters ?? [] };
    },
    save(snapshot) {
      latest = snapshot;
      // One write in flight and at most one queued: a burst of changes costs two writes, not one each,
      // and every caller's change is in a write that has finished when its promise resolves.
      if (queued) return queued;
      const write = async () => {
        queued = undefined;
        await writeAtomically(file, `${JSON.stringify(latest(), null, 2)}\n`);
      };
      queued = inFlight.catch(() => {}).then(write);
      inFlight = queued;
      return queued;
    },
  };
}
