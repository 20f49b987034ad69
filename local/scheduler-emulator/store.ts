/** Durable storage of the emulator's state: a JSON file replaced atomically, or nothing at all. */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EmulatorState } from './types.ts';

export interface StateStore {
  load(): Promise<EmulatorState | undefined>;
  save(state: EmulatorState): Promise<void>;
}

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
  let queue: Promise<void> = Promise.resolve();
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
    save(state) {
      // The snapshot is taken now and writes run in call order, so the file always ends at the latest state.
      const text = `${JSON.stringify(state, null, 2)}\n`;
      const write = queue.then(() => writeAtomically(file, text));
      queue = write.catch(() => {});
      return write;
    },
  };
}
