/**
 * The shared service layer's public surface. Every front end (Slack today; a CLI or web page
 * later) calls only these methods, with opaque actor ids.
 */
import type { RequestView, Viewer } from './policy/visibility.js';
import type {
  ChangeRequest,
  Direction,
  GroupDrift,
  GroupUsage,
  PlacedRule,
  Project,
  Region,
  RequestOrigin,
  Rule,
  SecurityGroup,
  Template,
} from './types.js';

export type { RequestOutline, RequestView, Viewer } from './policy/visibility.js';

/** Raw create-group input as a form gives it; validated by the service's schemas. */
export interface CreateGroupInput {
  region: string;
  templateId: string;
  name: string;
  projectId: string;
  notes: string;
  /** Temporary access (see KeepForInput); absent: permanent. */
  keep?: KeepForInput;
}

/** One rule as a form gives it: strings, validated into a domain Rule. */
export interface RuleInput {
  direction: string;
  protocol: string;
  port: string;
  /** IPv4 CIDR, IPv6 CIDR, or sg-xxxxxxxx. */
  peer: string;
  action: string;
  description: string;
}

export interface AddRulesInput {
  region: string;
  securityGroupId: string;
  rules: RuleInput[];
  /** Temporary access (see KeepForInput); absent: permanent. */
  keep?: KeepForInput;
}

/**
 * "Keep for" as a form gives it: `permanent`, `1h`, `4h`, `24h`, or `until` with `until` an
 * instant (ISO 8601, or epoch seconds as a date and time picker gives them).
 */
export interface KeepForInput {
  keepFor: string;
  until?: string;
}

/** One temporary grant whose rules are still in place, as the temporary-access list shows it. */
export interface ActiveAccess {
  grant: ChangeRequest;
  rulesExpireAt: string;
  /** Milliseconds left (0 when due and about to be removed). */
  leftMs: number;
}

/** A group, as a person names it. */
export interface GroupRef {
  region: string;
  securityGroupId: string;
}

/** The rules a group should have (both directions, each in evaluation order), from a form. */
export interface EditRulesInput extends GroupRef {
  /** The policy-set Version the form showed (GroupState.version): the group must still be at it. */
  baseVersion?: string;
  rules: RuleInput[];
  /** Temporary access for the rules the edit adds (an edit that only adds); absent: permanent. */
  keep?: KeepForInput;
}

export interface CloneGroupInput extends GroupRef {
  targetRegion: string;
  projectId: string;
  name: string;
  description: string;
}

/** A group's rules now: what an edit form starts from, and what `show` tells. */
export interface GroupState {
  region: string;
  securityGroupId: string;
  /** SecurityGroupPolicySet.Version. */
  version: string;
  /** Inbound then outbound, each in evaluation order. */
  rules: PlacedRule[];
  /** Rules secgroup cannot show or edit (address or service templates), as the cloud describes them. */
  foreign: string[];
  /** Set when the rules differ from what secgroup last applied. */
  drift?: GroupDrift;
}

/** How a front end hands in a submission. */
export interface Submission {
  /** Where it was asked. A request that continues another (`followsUp`) must be asked where that one was. */
  origin?: RequestOrigin;
  /**
   * One per form the front end received (for Slack, the view id): the same submission delivered
   * again returns the request it stored instead of storing another.
   */
  submissionKey?: string;
  /** The request this one continues (rules for the group it created). */
  followsUp?: string;
}

export type RequestListener = (request: ChangeRequest) => void | Promise<void>;

export interface ActionOptions {
  /**
   * Called once the action is stored, before any cloud call and before the change listeners run,
   * so a front end can answer the person as soon as what they did can no longer be lost. Its
   * failure is logged, not thrown.
   */
  onStored?: () => unknown;
  /**
   * Where the action came from (for Slack, the click's channel and workspace). Given, it must be
   * where the request was asked, or the action is refused (WrongPlaceError) before anything else.
   */
  from?: RequestOrigin;
  /** Approving the deletion of a group that is in use: the approver accepts that explicitly. */
  acceptInUse?: boolean;
}

export interface ChangeRequestService {
  /** Validates (InvalidInputError with field issues), plans rules from the template, stores `pending`. */
  submitCreateGroup(input: CreateGroupInput, actorId: string, submission?: Submission): Promise<ChangeRequest>;
  submitAddRules(input: AddRulesInput, actorId: string, submission?: Submission): Promise<ChangeRequest>;
  /** Plans an edit as a diff from the group's rules now (InvalidInputError, or VersionConflictError when `baseVersion` is stale). */
  submitEditRules(input: EditRulesInput, actorId: string, submission?: Submission): Promise<ChangeRequest>;
  /** Plans deleting a group, with what uses it. */
  submitDeleteGroup(input: GroupRef, actorId: string, submission?: Submission): Promise<ChangeRequest>;
  /** Plans a copy of a group in another region and/or project, with its rules and the target's quota. */
  submitCloneGroup(input: CloneGroupInput, actorId: string, submission?: Submission): Promise<ChangeRequest>;
  /**
   * An edit that failed because the group changed since its plan, planned again: the same intended
   * change made on the group's rules now, as a new request following it.
   */
  replan(id: string, actorId: string, submission?: Submission): Promise<ChangeRequest>;
  /** The group's rules now with their Version, and whether they drifted from what secgroup last applied. */
  groupState(input: GroupRef): Promise<GroupState>;
  /** What uses the group now (what a delete form tells before the request is made). */
  groupUsage(input: GroupRef): Promise<GroupUsage>;
  /**
   * Records one approval. When the request has all the approvals it needs it becomes `approved`
   * and is executed before this returns (the result is then `done` or `failed`).
   */
  approve(id: string, actorId: string, options?: ActionOptions): Promise<ChangeRequest>;
  /** Throws why `actorId` may not reject the request now (who and where they are first, then its state). */
  checkMayReject(id: string, actorId: string, options?: Pick<ActionOptions, 'from'>): Promise<void>;
  /**
   * The request, when a request continuing it (rules for the group it created) may be asked from
   * where the action came from; WrongPlaceError otherwise.
   */
  checkMayFollowUp(id: string, options?: Pick<ActionOptions, 'from'>): Promise<ChangeRequest>;
  reject(id: string, actorId: string, reason: string, options?: ActionOptions): Promise<ChangeRequest>;
  cancel(id: string, actorId: string, options?: ActionOptions): Promise<ChangeRequest>;
  /** failed → executing → done | failed; approvers only. */
  retry(id: string, actorId: string, options?: ActionOptions): Promise<ChangeRequest>;
  get(id: string): Promise<ChangeRequest>;
  history(options: { limit: number; cursor?: string }): Promise<{ items: ChangeRequest[]; nextCursor?: string }>;
  /** The request as `viewer` may see it (policy/visibility.ts); NotFoundError when they may see nothing of it. */
  viewRequest(id: string, viewer: Viewer): Promise<RequestView>;
  /** Recent requests as `viewer` may see each; those they may see nothing of are left out. */
  viewHistory(
    viewer: Viewer,
    options: { limit: number; cursor?: string },
  ): Promise<{ items: Exclude<RequestView, { visibility: 'none' }>[]; nextCursor?: string }>;
  /**
   * Asks to keep a temporary request's rules longer: a new `extend-access` request, approved like
   * the grant was. The requester or an approver, from where the grant was asked.
   */
  submitExtension(
    grantId: string,
    keep: KeepForInput,
    actorId: string,
    submission?: Submission,
  ): Promise<ChangeRequest>;
  /**
   * "Remove now": removes a temporary request's rules at once, without approval (the requester or
   * an approver, from where it was asked). Returns the removal request, once it has run.
   */
  removeAccessNow(grantId: string, actorId: string, options?: ActionOptions): Promise<ChangeRequest>;
  /**
   * Removes the rules of temporary requests whose time is up; returns their removals as they are
   * once finished (here, or by another process at the same moment).
   */
  removeExpiredAccess(): Promise<ChangeRequest[]>;
  /** Temporary rules still in place, soonest to expire first, those `viewer` may see in full. */
  viewActiveAccess(viewer: Viewer): Promise<ActiveAccess[]>;
  /** Moves overdue pending requests to `expired`; returns them. */
  expireDue(): Promise<ChangeRequest[]>;
  /** Finishes requests left `approved` or `executing` by a stopped process (once its lease lapsed). */
  recover(): Promise<ChangeRequest[]>;
  /** Called after every stored change, per request in order; never holds up the change itself. */
  onChange(listener: RequestListener): void;
  /** Resolves once this process's executions and change notifications in flight are done. */
  settled(): Promise<void>;
  /**
   * Shutting down: gives the executions in flight up to `timeoutMs` to finish, then hands the
   * leases of those still running over so another process takes them over at once; claims
   * nothing more. Resolves with the ids handed over.
   */
  drain(timeoutMs: number): Promise<string[]>;
}

/** A group found by its id (CatalogService.findGroup), with what people ask about it. */
export interface FoundGroup {
  found: true;
  /** Its region is `group.region`. */
  group: SecurityGroup;
  /** The project's name as the catalog knows it, else "project <id>". */
  projectName: string;
  rules: Rule[];
  ruleCounts: Record<Direction, number>;
  /** The request of this app that created the group. */
  createdBy?: string;
}

export interface GroupNotFound {
  found: false;
  /** Regions that answered that they have no such group. */
  searched: string[];
  /** Regions that could not be asked (the cloud failed there). */
  unreachable: string[];
}

export type GroupLookup = FoundGroup | GroupNotFound;

/** A template as a form shows it once chosen: what it opens, how risky that is, who must approve. */
export interface TemplatePreview {
  template: Template;
  /** What the risk checks find in its rules (as on the request's card), each said once. */
  risks: string[];
  /** Approvals a request made from it needs. */
  approvalsRequired: number;
}

export interface CatalogService {
  templates(): Template[];
  template(id: string): Template | undefined;
  previewTemplate(id: string): TemplatePreview | undefined;
  /** Never waits for the cloud: cached list, else the manifest's defaults; refreshes in the background. */
  regions(): Promise<Region[]>;
  /** Never waits for the cloud: cached list, else just the Default project; refreshes in the background. */
  projects(): Promise<Project[]>;
  /**
   * Fetches the region and project lists now, whatever their age (at start-up, or when someone
   * asks); resolves with which of them the cloud gave.
   */
  refreshLists(): Promise<{ regions: boolean; projects: boolean }>;
  defaultRegion(): string;
  /** One page of a region's groups, in the cloud's order, with how many there are in all. */
  listGroups(
    region: string,
    page: { offset: number; limit: number },
  ): Promise<{ groups: SecurityGroup[]; total: number }>;
  groupRules(region: string, groupId: string): Promise<Rule[]>;
  /**
   * A group by its id: in `region` only when given; else in the region it was last found in, or
   * of the request that created or changed it, else searched for in every known region (a few at
   * a time). InvalidInputError when `groupId` is not a group id or `region` is unknown.
   */
  findGroup(groupId: string, region?: string): Promise<GroupLookup>;
}
