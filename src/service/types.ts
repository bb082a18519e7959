/** Domain types shared by every layer. Plain data: no Slack, no SDK, no storage types. */

import type { RequestSpec, RuleDiff, TemporaryAccess } from './request-specs.js';

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const PROTOCOLS = ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'ALL'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const ACTIONS = ['ACCEPT', 'DROP'] as const;
export type RuleAction = (typeof ACTIONS)[number];

/** The other end of a rule: a CIDR block or another security group. */
export type Peer =
  | { kind: 'ipv4'; cidr: string }
  | { kind: 'ipv6'; cidr: string }
  | { kind: 'security-group'; groupId: string };

export interface Rule {
  direction: Direction;
  protocol: Protocol;
  /** "ALL", "22", "80,443" or "8000-8010", exactly as Tencent Cloud takes it. */
  port: string;
  peer: Peer;
  action: RuleAction;
  description: string;
}

export interface Template {
  id: string;
  name: string;
  description: string;
  notes?: string;
  riskNote?: string;
  approvalsRequired: number;
  rules: Rule[];
}

export interface Region {
  id: string;
  name: string;
}

export interface Project {
  /** Numeric string; "0" is the Default project. */
  id: string;
  name: string;
}

/** Project 0: it always exists, and the cloud does not always list it. */
export const DEFAULT_PROJECT: Readonly<Project> = Object.freeze({ id: '0', name: 'Default project' });

export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  projectId: string;
  region: string;
  /** When it was created: an ISO 8601 instant, or "" when the cloud did not say. */
  createdTime: string;
  tags: Record<string, string>;
}

export interface RiskFinding {
  /** Index into the request's rules. */
  ruleIndex: number;
  severity: 'warning';
  /** Short human text, e.g. "SSH (22) open to the internet". */
  message: string;
}

export const REQUEST_STATUSES = [
  'pending',
  'approved',
  'executing',
  'done',
  'failed',
  'rejected',
  'expired',
  'cancelled',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type RequestKind =
  | 'create-group'
  | 'add-rules'
  | 'remove-access'
  | 'extend-access'
  | 'edit-rules'
  | 'delete-group'
  | 'clone-group';

/** What each kind of request asks for, in its own file: re-exported so every layer imports types here. */
export type * from './request-specs.js';

/** One entry of the audit trail. `from` is null for the creation entry. */
export interface HistoryEntry {
  from: RequestStatus | null;
  to: RequestStatus;
  actorId: string;
  at: string;
  reason?: string;
}

export interface Approval {
  actorId: string;
  at: string;
  /** The approver accepted deleting a group that is in use. */
  acceptedInUse?: boolean;
}

export interface CloudFailure {
  code: string;
  message: string;
  requestId?: string;
  /** The group changed since the plan (version_conflict): from the plan's rules to the group's now. */
  changedSincePlan?: RuleDiff;
  /** A multi-call change that could not be fully undone: what is live on the group now, in words. */
  live?: string;
  /**
   * Whether trying the same request again may succeed (throttling, timeouts, a busy resource);
   * false when the cloud refused the change as asked, which only a changed request fixes. Absent
   * on failures stored before it was recorded: Retry stays offered for those.
   */
  retryable?: boolean;
}

/** How much of the cloud's quota the group's region and rules use, read after a change. */
export interface QuotaUse {
  /** Rules a group may hold in each direction. */
  rulesPerDirectionLimit: number;
  /** Groups in the request's project and region, and how many are allowed there. */
  groups?: { count: number; limit: number };
}

export interface ExecutionResult {
  securityGroupId: string;
  /** The group's rules as read back from the cloud after the change. */
  rules: Rule[];
  completedAt: string;
  /** Absent when the cloud did not answer the quota question (the change itself stands). */
  quota?: QuotaUse;
  /** The group no longer exists (a delete-group request). */
  groupDeleted?: boolean;
}

/**
 * Where a request was asked: an opaque reference to a conversation in a front end (for Slack, a
 * channel and the workspace it belongs to). Who may act on a request, and where it is shown, is
 * judged against it; how it is shown is the front end's own business.
 */
export interface RequestOrigin {
  conversationId: string;
  workspaceId?: string;
}

/**
 * A process's claim on executing a request. Another process (restart recovery, a second
 * replica) takes the request over only once the claim has lapsed, so a change in flight is never
 * started twice.
 */
export interface ExecutionLease {
  /** Opaque id of the claiming process. */
  owner: string;
  expiresAt: string;
}

export interface ChangeRequest {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
  spec: RequestSpec;
  rules: Rule[];
  risks: RiskFinding[];
  requesterId: string;
  approvalsRequired: number;
  approvals: Approval[];
  createdAt: string;
  expiresAt: string;
  history: HistoryEntry[];
  origin?: RequestOrigin;
  /** The request this one continues (rules for the group it created), shown beside it. */
  followsUp?: string;
  /** Set when the rules are to be removed again after a while. */
  temporary?: TemporaryAccess;
  /**
   * A removal's first look at the group, stored before it deletes anything: the rules that were
   * not there any more (changed or removed outside secgroup), so a take-over after a crash tells
   * them apart from the rules it removed itself.
   */
  removal?: { notFound: Rule[] };
  result?: ExecutionResult;
  failure?: CloudFailure;
  /** Set while `executing`. */
  lease?: ExecutionLease;
  /** Bumped by every write; the store's compare-and-set checks it. */
  version: number;
}
