/**
 * An in-memory CloudProvider for service tests; not a product feature. It keeps groups and their
 * rules per region, with a version that every rule change bumps, records every call, finds groups
 * by their request tag only, enforces group and rule quotas as Tencent Cloud does, refuses a
 * versioned write at a stale version, and can be told to fail or to stall a call.
 */

import { randomToken } from '../../src/lib/random-token.js';
import { CloudRejectedError, type DomainError, VersionConflictError } from '../../src/service/errors.js';
import type {
  CloneGroupCommand,
  CloudProvider,
  CreateGroupCommand,
  GroupQuota,
  GroupUsage,
  ListGroupsQuery,
  PolicyEntry,
  PolicySet,
} from '../../src/service/ports.js';
import {
  DIRECTIONS,
  type Direction,
  type Project,
  type Region,
  type Rule,
  type SecurityGroup,
} from '../../src/service/types.js';

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
  /** Tencent's SecurityGroupPolicySet.Version: bumped by every change of the rules. */
  version: number;
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
  seedGroup(
    region: string,
    fields: { name?: string; projectId?: string; tags?: Record<string, string>; rules?: Rule[] } = {},
  ) {
    return this.addGroup(
      region,
      fields.name ?? 'seeded',
      '',
      fields.projectId ?? '0',
      fields.tags ?? {},
      fields.rules ?? [],
    );
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
    const tags = { [REQUEST_TAG]: cmd.requestId };
    const group = this.addGroup(cmd.region, cmd.name, cmd.description, cmd.projectId, tags, cmd.rules);
    return this.leave(failure, group);
  }

  async cloneGroup(cmd: CloneGroupCommand): Promise<SecurityGroup> {
    const failure = await this.enter('cloneGroup', [cmd]);
    const source = this.groupIn(cmd.sourceRegion, cmd.sourceGroupId);
    this.requireRegion(cmd.targetRegion);
    const tags = { [REQUEST_TAG]: cmd.requestId };
    const group = this.addGroup(cmd.targetRegion, cmd.name, cmd.description, cmd.projectId, tags, source.rules);
    return this.leave(failure, group);
  }

  async deleteGroup(region: string, groupId: string): Promise<void> {
    const failure = await this.enter('deleteGroup', [region, groupId]);
    this.groupIn(region, groupId);
    this.groups.delete(groupId);
    return this.leave(failure, undefined);
  }

  async describeGroup(region: string, groupId: string): Promise<SecurityGroup | undefined> {
    const failure = await this.enter('describeGroup', [region, groupId]);
    return this.leave(
      failure,
      this.groupsIn(region).find((g) => g.id === groupId),
    );
  }

  /** No resources are bound in memory; the referencing groups are those whose rules name this one. */
  async groupUsage(region: string, groupId: string): Promise<GroupUsage> {
    const failure = await this.enter('groupUsage', [region, groupId]);
    this.groupIn(region, groupId);
    const referencingGroups = [...this.groups.values()]
      .filter((g) => g.rules.some((r) => r.peer.kind === 'security-group' && r.peer.groupId === groupId))
      .map((g) => g.group.id);
    return this.leave(failure, { resources: [], referencingGroups });
  }

  async readPolicies(region: string, groupId: string): Promise<PolicySet> {
    const failure = await this.enter('readPolicies', [region, groupId]);
    const stored = this.groupIn(region, groupId);
    const entries = DIRECTIONS.flatMap((d) =>
      stored.rules.filter((r) => r.direction === d).map((rule, index) => ({ index, rule })),
    );
    return this.leave(failure, structuredClone({ version: String(stored.version), entries, foreign: [] }));
  }

  async addPolicies(region: string, groupId: string, expectedVersion: string, rules: Rule[]): Promise<void> {
    const failure = await this.enter('addPolicies', [region, groupId, expectedVersion, rules]);
    const stored = this.atVersion(region, groupId, expectedVersion);
    this.requireRuleRoom(stored.rules.length + rules.length);
    this.change(stored, [...stored.rules, ...structuredClone(rules)]);
    return this.leave(failure, undefined);
  }

  async deletePolicies(
    region: string,
    groupId: string,
    expectedVersion: string,
    direction: Direction,
    indexes: number[],
  ) {
    const failure = await this.enter('deletePolicies', [region, groupId, expectedVersion, direction, indexes]);
    const stored = this.atVersion(region, groupId, expectedVersion);
    const gone = new Set(indexes.map((i) => this.position(stored, direction, i)));
    this.change(
      stored,
      stored.rules.filter((_, p) => !gone.has(p)),
    );
    return this.leave(failure, undefined);
  }

  async replacePolicies(region: string, groupId: string, expectedVersion: string, entries: PolicyEntry[]) {
    const failure = await this.enter('replacePolicies', [region, groupId, expectedVersion, entries]);
    const stored = this.atVersion(region, groupId, expectedVersion);
    const next = [...stored.rules];
    for (const e of entries) next[this.position(stored, e.rule.direction, e.index)] = structuredClone(e.rule);
    this.change(stored, next);
    return this.leave(failure, undefined);
  }

  async resetPolicies(region: string, groupId: string, expectedVersion: string, rules: Rule[]): Promise<void> {
    const failure = await this.enter('resetPolicies', [region, groupId, expectedVersion, rules]);
    const stored = this.atVersion(region, groupId, expectedVersion);
    this.requireRuleRoom(rules.length);
    this.change(stored, structuredClone(rules));
    return this.leave(failure, undefined);
  }

  async addRules(region: string, groupId: string, rules: Rule[]): Promise<void> {
    const failure = await this.enter('addRules', [region, groupId, rules]);
    const stored = this.groupIn(region, groupId);
    this.requireRuleRoom(stored.rules.length + rules.length);
    this.change(stored, [...stored.rules, ...structuredClone(rules)]);
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

  /** With a project, counts that project's groups, as Tencent's per-project group quota does. */
  async getQuota(region: string, projectId?: string): Promise<GroupQuota> {
    const failure = await this.enter('getQuota', projectId === undefined ? [region] : [region, projectId]);
    this.requireRegion(region);
    const groups = this.groupsIn(region).filter((g) => projectId === undefined || g.projectId === projectId);
    return this.leave(failure, {
      groupLimit: this.groupLimit,
      groupCount: groups.length,
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
      createdTime: '2026-03-02T01:00:00.000Z',
      tags,
    };
    this.groups.set(group.id, { group, rules: structuredClone(rules), version: rules.length > 0 ? 1 : 0 });
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

  private change(stored: StoredGroup, rules: Rule[]): void {
    stored.rules = rules;
    stored.version += 1;
  }

  private atVersion(region: string, groupId: string, expectedVersion: string): StoredGroup {
    const stored = this.groupIn(region, groupId);
    if (String(stored.version) !== expectedVersion) {
      throw new VersionConflictError(groupId, expectedVersion, 'UnsupportedOperation.VersionMismatch');
    }
    return stored;
  }

  /** Where the direction's rule at PolicyIndex `index` sits in the group's rule list. */
  private position(stored: StoredGroup, direction: Direction, index: number): number {
    const positions = stored.rules.flatMap((r, p) => (r.direction === direction ? [p] : []));
    const position = positions[index];
    if (position === undefined) throw new CloudRejectedError('InvalidParameterValue.Range', 'PolicyIndex out of range');
    return position;
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
