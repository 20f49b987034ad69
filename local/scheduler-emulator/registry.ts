/** The emulator's live state (groups, schedules, dead letters), persisted through a store on every change. */
import { scheduleGroupArn } from './arns.ts';
import type { StateStore } from './store.ts';
import type { DeadLetter, EmulatorState, StoredGroup, StoredSchedule } from './types.ts';

export const DEFAULT_GROUP = 'default';

export const scheduleKey = (group: string, name: string) => `${group}/${name}`;

export class Registry {
  private readonly groups = new Map<string, StoredGroup>();
  private readonly schedules = new Map<string, StoredSchedule>();
  private letters: DeadLetter[] = [];
  private lastSave: Promise<void> = Promise.resolve();

  private constructor(private readonly store: StateStore) {}

  /** Loads the stored state, or starts with only the `default` group, which exists from the start in AWS. */
  static async open(store: StateStore, now: Date): Promise<Registry> {
    const registry = new Registry(store);
    const state = await store.load();
    for (const group of state?.groups ?? []) registry.groups.set(group.name, group);
    for (const schedule of state?.schedules ?? []) {
      registry.schedules.set(scheduleKey(schedule.groupName, schedule.name), schedule);
    }
    registry.letters = state?.deadLetters ?? [];
    if (!registry.groups.has(DEFAULT_GROUP)) {
      const at = now.toISOString();
      registry.groups.set(DEFAULT_GROUP, {
        name: DEFAULT_GROUP,
        arn: scheduleGroupArn(DEFAULT_GROUP),
        creationDate: at,
        lastModificationDate: at,
        tags: [],
      });
      if (state) await registry.persist();
    }
    return registry;
  }

  group(name: string): StoredGroup | undefined {
    return this.groups.get(name);
  }

  groupList(): StoredGroup[] {
    return [...this.groups.values()];
  }

  putGroup(group: StoredGroup): void {
    this.groups.set(group.name, group);
  }

  /** Removes a group with its schedules, as deleting a group does in AWS. */
  removeGroup(name: string): void {
    this.groups.delete(name);
    for (const schedule of this.scheduleList()) {
      if (schedule.groupName === name) this.schedules.delete(scheduleKey(schedule.groupName, schedule.name));
    }
  }

  schedule(group: string, name: string): StoredSchedule | undefined {
    return this.schedules.get(scheduleKey(group, name));
  }

  scheduleList(): StoredSchedule[] {
    return [...this.schedules.values()];
  }

  putSchedule(schedule: StoredSchedule): void {
    this.schedules.set(scheduleKey(schedule.groupName, schedule.name), schedule);
  }

  removeSchedule(group: string, name: string): void {
    this.schedules.delete(scheduleKey(group, name));
  }

  deadLetters(): DeadLetter[] {
    return this.letters;
  }

  addDeadLetter(letter: DeadLetter): void {
    this.letters.push(letter);
  }

  clearDeadLetters(): number {
    const cleared = this.letters.length;
    this.letters = [];
    return cleared;
  }

  snapshot(): EmulatorState {
    return structuredClone({
      version: 1,
      groups: this.groupList(),
      schedules: this.scheduleList(),
      deadLetters: this.letters,
    });
  }

  persist(): Promise<void> {
    this.lastSave = this.store.save(() => this.snapshot());
    return this.lastSave;
  }

  /** Waits for the latest write, so a closed emulator leaves a complete file behind. */
  async flush(): Promise<void> {
    await this.lastSave.catch(() => {});
  }
}
