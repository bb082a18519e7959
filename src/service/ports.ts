import type { ChangeRequest, Project, Region, Rule, SecurityGroup } from './types.js';

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

export interface CloudProvider {
  createGroupWithRules(cmd: CreateGroupCommand): Promise<SecurityGroup>;
  /** Appends rules to an existing group (the provider splits by direction). */
  addRules(region: string, groupId: string, rules: Rule[]): Promise<void>;
  describeRules(region: string, groupId: string): Promise<Rule[]>;
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
  /** Newest first. */
  list(options: { limit: number; cursor?: string }): Promise<RequestPage>;
  /** Requests in one of these states (restart recovery, expiry sweeps), oldest first. */
  listByStatus(statuses: ChangeRequest['status'][]): Promise<ChangeRequest[]>;
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
