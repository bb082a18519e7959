/**
 * An in-memory CloudProvider for service tests; not a product feature. It keeps groups and their
 * rules per region, records every call, finds groups by their request tag only, enforces group and
 * rule quotas as Tencent Cloud does, and can be told to fail or to stall a call.
 */

import { randomToken } from '../../src/lib/random-token.js';
import { CloudRejectedError, type DomainError } from '../../src/service/errors.js';
import type { CloudProvider, CreateGroupCommand, GroupQuota, ListGroupsQuery } from '../../src/service/ports.js';
import type { Project, Region, Rule, SecurityGroup } from '../../src/service/types.js';

export type CloudMethod = keyof CloudProvider;

export interface CloudCall {
  method: CloudMethod;
  args: unknown[];
}

export const REQUEST_TAG = 'secgroup-request';

interface Failure {
  error: DomainError;
  /** The cloud did the work, then the answer was lost (a timeout after the fact). */
  afterEffect: boolean;
}

interface Hold {
  arrived: () => void;
  released: Promise<void>;
}

export interface HeldCall {
  /** Resolves when the call has reached the cloud. */
  arrived: Promise<void>;
  /** Lets the call go on. */
  release(): void;
}

interface StoredGroup {
  group: SecurityGroup;
  rules: Rule[];
}

export interface InMemoryCloudOptions {
  regions?: Region[];
  projects?: Project[];
  groupLimit?: number;
  rulesPerGroupLimit?: number;
}

export class InMemoryCloud implements CloudProvider {
  readonly calls: CloudCall[] = [];
  regions: Region[];
  projects: Project[];
  groupLimit: number;
  rulesPerGroupLimit: number;
  private readonly groups = new Map<string, StoredGroup>();
  private readonly failures = new Map<CloudMethod, Failure[]>();
  private readonly holds = new Map<CloudMethod, Hold[]>();

  constructor(options: InMemoryCloudOptions = {}) {
    this.regions = options.regions ?? [
      { id: 'ap-guangzhou', name: 'South China (Guangzhou)' },
      { id: 'ap-singapore', name: 'Southeast Asia (Singapore)' },
    ];
    this.projects = options.projects ?? [
      { id: '0', name: 'Default project' },
      { id: '1001', name: 'Payments' },
    ];
    this.groupLimit = options.groupLimit ?? 50;
    this.rulesPerGroupLimit = options.rulesPerGroupLimit ?? 100;
  }

  /** The next `times` calls to `method` fail with `error`. */
  failNext(method: CloudMethod, error: DomainError, options: { times?: number; afterEffect?: boolean } = {}): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < (options.times ?? 1); i++) queue.push({ error, afterEffect: options.afterEffect ?? false });
    this.failures.set(method, queue);
  }

  /** The next call to `method` waits until released, like a process stopped mid-call. */
  holdNext(method: CloudMethod): HeldCall {
    let arrived = () => {};
    let release = () => {};
    const arrivedPromise = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const queue = this.holds.get(method) ?? [];
    queue.push({ arrived, released });
    this.holds.set(method, queue);
    return { arrived: arrivedPromise, release };
  }

  callsTo(method: CloudMethod): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** A group that exists already, e.g. made by an earlier process or by hand in the console. */
  seedGroup(region: string, fields: { name?: string; tags?: Record<string, string>; rules?: Rule[] } = {}) {
    return this.addGroup(region, fields.name ?? 'seeded', '', '0', fields.tags ?? {}, fields.rules ?? []);
  }

  groupsIn(region: string): SecurityGroup[] {
    return [...this.groups.values()].filter((g) => g.group.region === region).map((g) => structuredClone(g.group));
  }

  rulesOf(groupId: string): Rule[] {
    return structuredClone(this.groups.get(groupId)?.rules ?? []);
  }

  async createGroupWithRules(cmd: CreateGroupCommand): Promise<SecurityGroup> {
    const failure = await this.enter('createGroupWithRules', [cmd]);
    this.requireRegion(cmd.region);
    if ([...cmd.name].length > 60) throw new CloudRejectedError('InvalidParameterValue.TooLong', 'GroupName too long');
    if (this.groupsIn(cmd.region).length >= this.groupLimit) {
      throw new CloudRejectedError('LimitExceeded', 'security group quota exceeded', 'cloud-req-quota');
    }
    this.requireRuleRoom(cmd.rules.length);
    const group = this.addGroup(cmd.region, cmd.name, cmd.description, cmd.projectId, {
      [REQUEST_TAG]: cmd.requestId,
    });
    this.store(group.id).rules.push(...structuredClone(cmd.rules));
    return this.leave(failure, structuredClone(group));
  }

  async addRules(region: string, groupId: string, rules: Rule[]): Promise<void> {
    const failure = await this.enter('addRules', [region, groupId, rules]);
    const stored = this.groupIn(region, groupId);
    this.requireRuleRoom(stored.rules.length + rules.length);
    stored.rules.push(...structuredClone(rules));
    return this.leave(failure, undefined);
  }

  async describeRules(region: string, groupId: string): Promise<Rule[]> {
    const failure = await this.enter('describeRules', [region, groupId]);
    return this.leave(failure, structuredClone(this.groupIn(region, groupId).rules));
  }

  async listGroups(query: ListGroupsQuery): Promise<{ groups: SecurityGroup[]; total: number }> {
    const failure = await this.enter('listGroups', [query]);
    this.requireRegion(query.region);
    const all = this.groupsIn(query.region);
    const offset = query.offset ?? 0;
    return this.leave(failure, { groups: all.slice(offset, offset + (query.limit ?? 20)), total: all.length });
  }

  async findGroupByRequestTag(region: string, requestId: string): Promise<SecurityGroup | undefined> {
    const failure = await this.enter('findGroupByRequestTag', [region, requestId]);
    const found = this.groupsIn(region).find((g) => g.tags[REQUEST_TAG] === requestId);
    return this.leave(failure, found);
  }

  async getQuota(region: string): Promise<GroupQuota> {
    const failure = await this.enter('getQuota', [region]);
    this.requireRegion(region);
    return this.leave(failure, {
      groupLimit: this.groupLimit,
      groupCount: this.groupsIn(region).length,
      rulesPerGroupLimit: this.rulesPerGroupLimit,
    });
  }

  async listRegions(): Promise<Region[]> {
    const failure = await this.enter('listRegions', []);
    return this.leave(failure, structuredClone(this.regions));
  }

  async listProjects(): Promise<Project[]> {
    const failure = await this.enter('listProjects', []);
    return this.leave(failure, structuredClone(this.projects));
  }

  /** Records the call, waits if held, and throws a failure meant to come before the effect. */
  private async enter(method: CloudMethod, args: unknown[]): Promise<Failure | undefined> {
    this.calls.push({ method, args: structuredClone(args) });
    const hold = this.holds.get(method)?.shift();
    if (hold) {
      hold.arrived();
      await hold.released;
    }
    const failure = this.failures.get(method)?.shift();
    if (failure && !failure.afterEffect) throw failure.error;
    return failure;
  }

  private leave<T>(failure: Failure | undefined, value: T): T {
    if (failure) throw failure.error;
    return value;
  }

  private addGroup(
    region: string,
    name: string,
    description: string,
    projectId: string,
    tags: Record<string, string>,
    rules: Rule[] = [],
  ): SecurityGroup {
    const group: SecurityGroup = {
      id: `sg-${randomToken(8)}`,
      name,
      description,
      projectId,
      region,
      createdTime: '2026-03-02 09:00:00',
      tags,
    };
    this.groups.set(group.id, { group, rules: structuredClone(rules) });
    return structuredClone(group);
  }

  private store(groupId: string): StoredGroup {
    const stored = this.groups.get(groupId);
    if (!stored) throw new CloudRejectedError('ResourceNotFound', `${groupId} does not exist`);
    return stored;
  }

  private groupIn(region: string, groupId: string): StoredGroup {
    const stored = this.store(groupId);
    if (stored.group.region !== region) throw new CloudRejectedError('ResourceNotFound', `${groupId} does not exist`);
    return stored;
  }

  private requireRegion(region: string): void {
    if (!this.regions.some((r) => r.id === region)) {
      throw new CloudRejectedError('UnsupportedRegion', `${region} is not supported`);
    }
  }

  private requireRuleRoom(count: number): void {
    if (count > this.rulesPerGroupLimit) {
      throw new CloudRejectedError('LimitExceeded', 'security group policy quota exceeded');
    }
  }
}
