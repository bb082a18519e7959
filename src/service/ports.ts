/**
 * The ports the service needs, in domain types. src/cloud and src/store implement them;
 * the service never imports those folders.
 */
import type {
  ChangeRequest,
  Direction,
  GroupUsage,
  Project,
  Region,
  RequestKind,
  RequestStatus,
  Rule,
  SecurityGroup,
} from './types.js';

export interface CreateGroupCommand {
  region: string;
  name: string;
  description: string;
  projectId: string;
  rules: Rule[];
  /** Written as the tag `secgroup-request` so a restarted process can find the group. */
  requestId: string;
}

export interface GroupQuota {
  /** Groups allowed in the region (per project), and how many exist. */
  groupLimit: number;
  groupCount: number;
  /** Rules allowed in one group, per direction (Tencent: 100 inbound and 100 outbound). */
  rulesPerGroupLimit: number;
}

export interface ListGroupsQuery {
  region: string;
  offset?: number;
  limit?: number;
}

/** One rule as the cloud holds it: its place in its direction's list, and when it last changed. */
export interface PolicyEntry {
  /** Tencent's PolicyIndex: the rule's position (from 0) in its direction, in evaluation order. */
  index: number;
  rule: Rule;
  /** When the cloud last changed this rule (ISO 8601), where it reports it. */
  modifiedAt?: string;
}

/** A rule the app cannot represent (an address or service template): kept, never rewritten. */
export interface ForeignPolicy {
  direction: Direction;
  index: number;
  /** What the cloud says of it, for people: e.g. "TCP 22 from address template ipm-1a2b3c4d". */
  summary: string;
}

/** A group's rules at one version of its policy set. */
export interface PolicySet {
  /** SecurityGroupPolicySet.Version: every change of the group's rules makes a new one. */
  version: string;
  /** Both directions, each in its own PolicyIndex order. */
  entries: PolicyEntry[];
  /** Rules the app cannot represent; a whole-set reset would drop them. */
  foreign: ForeignPolicy[];
}

export type { GroupUsage } from './types.js';

export interface CloneGroupCommand {
  sourceRegion: string;
  sourceGroupId: string;
  targetRegion: string;
  name: string;
  description: string;
  projectId: string;
  /** Tagged `secgroup-request` on the copy, so a restarted process finds it instead of cloning again. */
  requestId: string;
}

/**
 * Every write that takes `expectedVersion` sends it as SecurityGroupPolicySet.Version (resetPolicies
 * excepted, see there): the cloud refuses the change (VersionConflictError) when the group's rules
 * changed since that version.
 * Such writes are never repeated by the provider after an ambiguous failure (timeout, lost
 * answer): it throws CloudUnavailableError with `mayHaveApplied`, and the caller reads back.
 */
export interface CloudProvider {
  createGroupWithRules(cmd: CreateGroupCommand): Promise<SecurityGroup>;
  /** Appends rules to an existing group (the provider splits by direction). */
  addRules(region: string, groupId: string, rules: Rule[]): Promise<void>;
  describeRules(region: string, groupId: string): Promise<Rule[]>;
  /** The group's rules with its policy-set Version; NotFoundError when there is no such group. */
  readPolicies(region: string, groupId: string): Promise<PolicySet>;
  /** The group's attributes; undefined when the region has no such group. */
  describeGroup(region: string, groupId: string): Promise<SecurityGroup | undefined>;
  /** CreateSecurityGroupPolicies: appends rules of one direction. */
  addPolicies(region: string, groupId: string, expectedVersion: string, rules: Rule[]): Promise<void>;
  /** DeleteSecurityGroupPolicies: removes the rules at these indexes of one direction. */
  deletePolicies(
    region: string,
    groupId: string,
    expectedVersion: string,
    direction: Direction,
    indexes: number[],
  ): Promise<void>;
  /** ReplaceSecurityGroupPolicies: rewrites the rules at these indexes of one direction in place. */
  replacePolicies(region: string, groupId: string, expectedVersion: string, entries: PolicyEntry[]): Promise<void>;
  /**
   * ModifySecurityGroupPolicies: the group's whole rule set becomes `rules`, in one call. Tencent
   * takes both directions at once, so `rules` has both directions or none (clearing the group);
   * otherwise InvalidInputError. That call has no version check of its own, so `expectedVersion` is
   * compared with a read just before it: a change in between is not caught.
   */
  resetPolicies(region: string, groupId: string, expectedVersion: string, rules: Rule[]): Promise<void>;
  deleteGroup(region: string, groupId: string): Promise<void>;
  groupUsage(region: string, groupId: string): Promise<GroupUsage>;
  cloneGroup(cmd: CloneGroupCommand): Promise<SecurityGroup>;
  listGroups(query: ListGroupsQuery): Promise<{ groups: SecurityGroup[]; total: number }>;
  /** The group tagged with this request id, if the cloud has one. */
  findGroupByRequestTag(region: string, requestId: string): Promise<SecurityGroup | undefined>;
  /** With a project: the count is that project's (Tencent's group quota is per region per project). */
  getQuota(region: string, projectId?: string): Promise<GroupQuota>;
  listRegions(): Promise<Region[]>;
  listProjects(): Promise<Project[]>;
}

export interface RequestPage {
  items: ChangeRequest[];
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

export interface RequestStore {
  get(id: string): Promise<ChangeRequest | undefined>;
  /**
   * Stores a new request; false when its id is taken, or its submission key (one per form a
   * front end submitted: a replayed submission carries the same key) already stored a request.
   */
  insert(request: ChangeRequest, options?: { submissionKey?: string }): Promise<boolean>;
  /** The request a submission key stored. */
  findBySubmission(key: string): Promise<ChangeRequest | undefined>;
  /**
   * Compare-and-set: writes `next` only if the stored request still has `expectedVersion`.
   * Must hold across processes sharing the database, not only inside one.
   */
  replace(next: ChangeRequest, expectedVersion: number): Promise<boolean>;
  /** Heartbeat: moves the end of `owner`'s lease on an executing request; false once it is not the owner's. */
  renewLease(id: string, owner: string, expiresAt: string): Promise<boolean>;
  /**
   * Hands `owner`'s lease over: its end becomes `at` (now), by compare-and-set on the owner, so
   * another process may take the request over at once; false when `owner` no longer holds it.
   */
  releaseLease(id: string, owner: string, at: string): Promise<boolean>;
  /** Newest first. */
  list(options: { limit: number; cursor?: string }): Promise<RequestPage>;
  /** Requests about this group (the one each changes, or made), newest first, at most `limit` (≤100). */
  listByGroup(groupId: string, limit: number): Promise<ChangeRequest[]>;
  /** Requests in one of these states (restart recovery, expiry sweeps), oldest first. */
  listByStatus(statuses: ChangeRequest['status'][]): Promise<ChangeRequest[]>;
  /**
   * Done requests whose temporary rules are in place and not yet being removed, soonest to expire
   * first; with `dueBy`, only those expiring by then.
   */
  listTemporary(options: { dueBy?: string }): Promise<ChangeRequest[]>;
}

/** A shared cache of lists fetched from the cloud, with when each was stored. */
export interface CacheStore {
  cacheGet<T>(key: string): Promise<{ value: T; storedAt: number } | undefined>;
  cacheSet<T>(key: string, value: T, ttlMs: number): Promise<void>;
}

/** Who may approve. Ids are opaque to the service; the front end resolves groups of users. */
export interface ApproverDirectory {
  isApprover(actorId: string): Promise<boolean>;
  /** Ids to mention when asking for approval. */
  approverIds(): Promise<string[]>;
}

/** What the service reports for monitoring, in its own terms; the composition root counts it. */
export interface ServiceMetrics {
  /** A stored change of a request (`from` null: submitted). */
  requestChanged(kind: RequestKind, from: RequestStatus | null, to: RequestStatus): void;
  approvalGiven(kind: RequestKind): void;
  /** The cloud work of an execution ended with this outcome, after `seconds`. */
  executionFinished(kind: RequestKind, outcome: 'done' | 'failed', seconds: number): void;
  /** This process took over an execution another left (its lease lapsed or was handed over). */
  executionTakenOver(kind: RequestKind): void;
}
