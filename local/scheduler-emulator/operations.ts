/** The Scheduler API operations over the registry, returning the service's response bodies. */
import type { Clock } from '#shared/time/clock.ts';
import { scheduleArn, scheduleGroupArn } from './arns.ts';
import { conflictError, notFoundError, validationError } from './errors.ts';
import { IdempotencyCache } from './idempotency.ts';
import { nextOccurrence } from './occurrences.ts';
import { DEFAULT_GROUP, type Registry, scheduleKey } from './registry.ts';
import type { ScheduleDefinition, StoredGroup, StoredSchedule } from './types.ts';
import {
  parseClientToken,
  parseGroupBody,
  parseListGroupsQuery,
  parseListSchedulesQuery,
  parseName,
  parseScheduleBody,
} from './validation.ts';

export interface OperationsOptions {
  registry: Registry;
  clock: Clock;
  precisionMs: number;
}

const START_DATE_GRACE_MS = 5 * 60_000;
const DEFAULT_PAGE_SIZE = 100;

/** Timestamps travel as epoch seconds in restJson1. */
const epochSeconds = (iso: string) => Date.parse(iso) / 1000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const encodeToken = (after: string) => Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');

function decodeToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof decoded.after === 'string') return decoded.after;
  } catch {
    // Falls through to the service's answer for a token it did not issue.
  }
  throw validationError('Invalid NextToken.');
}

/** One page of items sorted by key, resuming after the key a NextToken names. */
function paginate<T>(items: T[], keyOf: (item: T) => string, maxResults: number | undefined, token?: string) {
  const after = decodeToken(token);
  const sorted = items.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const remaining = after === undefined ? sorted : sorted.filter((item) => keyOf(item) > after);
  const page = remaining.slice(0, maxResults ?? DEFAULT_PAGE_SIZE);
  const last = page.at(-1);
  const more = remaining.length > page.length && last !== undefined;
  return { page, nextToken: more ? encodeToken(keyOf(last)) : undefined };
}

function scheduleOutput(schedule: StoredSchedule) {
  return {
    Arn: schedule.arn,
    GroupName: schedule.groupName,
    Name: schedule.name,
    ScheduleExpression: schedule.scheduleExpression,
    ScheduleExpressionTimezone: schedule.scheduleExpressionTimezone,
    StartDate: schedule.startDate === undefined ? undefined : epochSeconds(schedule.startDate),
    EndDate: schedule.endDate === undefined ? undefined : epochSeconds(schedule.endDate),
    Description: schedule.description,
    State: schedule.state,
    KmsKeyArn: schedule.kmsKeyArn,
    CreationDate: epochSeconds(schedule.creationDate),
    LastModificationDate: epochSeconds(schedule.lastModificationDate),
    Target: schedule.target,
    FlexibleTimeWindow: schedule.flexibleTimeWindow,
    ActionAfterCompletion: schedule.actionAfterCompletion,
  };
}

function groupOutput(group: StoredGroup) {
  return {
    Arn: group.arn,
    Name: group.name,
    State: 'ACTIVE',
    CreationDate: epochSeconds(group.creationDate),
    LastModificationDate: epochSeconds(group.lastModificationDate),
  };
}

export class SchedulerOperations {
  private readonly idempotency = new IdempotencyCache();

  constructor(private readonly options: OperationsOptions) {}

  private get registry() {
    return this.options.registry;
  }

  private existingGroup(name: string): StoredGroup {
    const group = this.registry.group(name);
    if (!group) throw notFoundError(`Schedule group ${name} does not exist.`);
    return group;
  }

  private existingSchedule(group: string, name: string): StoredSchedule {
    this.existingGroup(group);
    const schedule = this.registry.schedule(group, name);
    if (!schedule) throw notFoundError(`Schedule ${name} does not exist.`);
    return schedule;
  }

  private checkStartDate(definition: Omit<ScheduleDefinition, 'name'>, nowMs: number): void {
    if (definition.startDate !== undefined && Date.parse(definition.startDate) < nowMs - START_DATE_GRACE_MS) {
      throw validationError('The StartDate you specify cannot be earlier than 5 minutes before the current time.');
    }
  }

  /** Builds the stored record; `previous` is the version an update replaces in full. */
  private record(definition: ScheduleDefinition, previous: StoredSchedule | undefined): StoredSchedule {
    const nowMs = this.options.clock().getTime();
    const creationDate = previous?.creationDate ?? new Date(nowMs).toISOString();
    const next = nextOccurrence(definition, null, {
      creationMs: Date.parse(creationDate),
      nowMs,
      precisionMs: this.options.precisionMs,
    });
    return {
      ...definition,
      arn: scheduleArn(definition.groupName, definition.name),
      creationDate,
      lastModificationDate: new Date(nowMs).toISOString(),
      revision: (previous?.revision ?? 0) + 1,
      nextFireAt: iso(next),
    };
  }

  createSchedule(rawName: string, body: unknown): Promise<{ ScheduleArn: string }> {
    const name = parseName(rawName, 'name');
    const request = parseScheduleBody(body);
    return this.idempotency.run('CreateSchedule', request.clientToken, { name, body }, async () => {
      const definition = { ...request.definition, name };
      this.existingGroup(definition.groupName);
      if (this.registry.schedule(definition.groupName, name)) throw conflictError(`Schedule ${name} already exists.`);
      this.checkStartDate(definition, this.options.clock().getTime());
      const schedule = this.record(definition, undefined);
      this.registry.putSchedule(schedule);
      await this.registry.persist();
      return { ScheduleArn: schedule.arn };
    });
  }

  updateSchedule(rawName: string, body: unknown): Promise<{ ScheduleArn: string }> {
    const name = parseName(rawName, 'name');
    const request = parseScheduleBody(body);
    return this.idempotency.run('UpdateSchedule', request.clientToken, { name, body }, async () => {
      const definition = { ...request.definition, name };
      const previous = this.existingSchedule(definition.groupName, name);
      this.checkStartDate(definition, this.options.clock().getTime());
      const schedule = this.record(definition, previous);
      this.registry.putSchedule(schedule);
      await this.registry.persist();
      return { ScheduleArn: schedule.arn };
    });
  }

  getSchedule(rawName: string, rawGroup: string | undefined) {
    const name = parseName(rawName, 'name');
    const group = rawGroup === undefined ? DEFAULT_GROUP : parseName(rawGroup, 'groupName');
    return scheduleOutput(this.existingSchedule(group, name));
  }

  deleteSchedule(rawName: string, rawGroup: string | undefined, rawToken: string | undefined) {
    const name = parseName(rawName, 'name');
    const group = rawGroup === undefined ? DEFAULT_GROUP : parseName(rawGroup, 'groupName');
    const token = parseClientToken(rawToken);
    return this.idempotency.run('DeleteSchedule', token, { name, group }, async () => {
      this.existingSchedule(group, name);
      this.registry.removeSchedule(group, name);
      await this.registry.persist();
      return {};
    });
  }

  listSchedules(query: Record<string, string>) {
    const filters = parseListSchedulesQuery(query);
    const matching = this.registry
      .scheduleList()
      .filter((schedule) => filters.ScheduleGroup === undefined || schedule.groupName === filters.ScheduleGroup)
      .filter((schedule) => filters.NamePrefix === undefined || schedule.name.startsWith(filters.NamePrefix))
      .filter((schedule) => filters.State === undefined || schedule.state === filters.State);
    const { page, nextToken } = paginate(
      matching,
      (schedule) => scheduleKey(schedule.groupName, schedule.name),
      filters.MaxResults,
      filters.NextToken,
    );
    return {
      Schedules: page.map((schedule) => ({
        Arn: schedule.arn,
        Name: schedule.name,
        GroupName: schedule.groupName,
        State: schedule.state,
        CreationDate: epochSeconds(schedule.creationDate),
        LastModificationDate: epochSeconds(schedule.lastModificationDate),
        Target: { Arn: schedule.target.Arn },
      })),
      NextToken: nextToken,
    };
  }

  createScheduleGroup(rawName: string, body: unknown): Promise<{ ScheduleGroupArn: string }> {
    const name = parseName(rawName, 'name');
    const request = parseGroupBody(body);
    return this.idempotency.run('CreateScheduleGroup', request.ClientToken, { name, body }, async () => {
      if (this.registry.group(name)) throw conflictError(`Schedule group ${name} already exists.`);
      const now = this.options.clock().toISOString();
      const group: StoredGroup = {
        name,
        arn: scheduleGroupArn(name),
        creationDate: now,
        lastModificationDate: now,
        tags: request.Tags ?? [],
      };
      this.registry.putGroup(group);
      await this.registry.persist();
      return { ScheduleGroupArn: group.arn };
    });
  }

  getScheduleGroup(rawName: string) {
    return groupOutput(this.existingGroup(parseName(rawName, 'name')));
  }

  deleteScheduleGroup(rawName: string, rawToken: string | undefined) {
    const name = parseName(rawName, 'name');
    const token = parseClientToken(rawToken);
    return this.idempotency.run('DeleteScheduleGroup', token, { name }, async () => {
      if (name === DEFAULT_GROUP) throw validationError('The default schedule group cannot be deleted.');
      this.existingGroup(name);
      this.registry.removeGroup(name);
      await this.registry.persist();
      return {};
    });
  }

  listScheduleGroups(query: Record<string, string>) {
    const filters = parseListGroupsQuery(query);
    const matching = this.registry
      .groupList()
      .filter((group) => filters.NamePrefix === undefined || group.name.startsWith(filters.NamePrefix));
    const { page, nextToken } = paginate(matching, (group) => group.name, filters.MaxResults, filters.NextToken);
    return { ScheduleGroups: page.map(groupOutput), NextToken: nextToken };
  }
}
