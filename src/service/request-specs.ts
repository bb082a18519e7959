/** What each kind of request asks for (the `spec` of a ChangeRequest), and the shapes those specs hold. */
import type { Rule } from './types.js';

export interface CreateGroupSpec {
  kind: 'create-group';
  region: string;
  templateId: string;
  name: string;
  projectId: string;
  notes: string;
}

export interface AddRulesSpec {
  kind: 'add-rules';
  region: string;
  securityGroupId: string;
}

/**
 * Removes the rules a temporary request (the grant) added, at expiry or on "Remove now". Stored
 * already approved by the system, with an id derived from the grant's, so it exists once.
 */
export interface RemoveAccessSpec {
  kind: 'remove-access';
  region: string;
  securityGroupId: string;
  grantId: string;
}

/** Keeps a grant's rules longer: approved like the grant itself. */
export interface ExtendAccessSpec {
  kind: 'extend-access';
  region: string;
  securityGroupId: string;
  grantId: string;
  keep: KeepFor;
}

/** How long rules are kept: a number of hours from when they are applied, or until an instant. */
export type KeepFor = { hours: number } | { until: string };

/** Rules kept for a while only (temporary access): what was asked, and where their removal is. */
export interface TemporaryAccess {
  keep: KeepFor;
  /** When the rules are removed; set once they are applied (and moved by each extension). */
  rulesExpireAt?: string;
  /** The request removing them, once scheduled (at expiry, or on "Remove now"). */
  removalId?: string;
  /** Extensions applied, oldest first. */
  extensions?: string[];
}

/** A rule at its place in its direction's list (Tencent's PolicyIndex, from 0). */
export interface PlacedRule {
  index: number;
  rule: Rule;
  /** When the cloud last changed the rule (ISO 8601), where it says. */
  modifiedAt?: string;
}

/**
 * How one list of rules becomes another, per direction (each rule says its direction). Indexes
 * are places in the old list, positions places in the new one.
 */
export interface RuleDiff {
  added: { position: number; rule: Rule; modifiedAt?: string }[];
  removed: PlacedRule[];
  changed: { index: number; before: Rule; after: Rule; modifiedAt?: string }[];
}

/** The group's rules differ from what secgroup last applied to it: changed outside secgroup. */
export interface GroupDrift {
  /** The request that last changed the group, and when it finished. */
  lastAppliedBy: string;
  lastAppliedAt: string;
  /** From what that request left to what the group holds now. */
  diff: RuleDiff;
}

export interface EditRulesSpec {
  kind: 'edit-rules';
  region: string;
  securityGroupId: string;
  /** SecurityGroupPolicySet.Version the plan was made from; the change is refused if the group moved on. */
  baseVersion: string;
  /** The group's rules at that version, inbound then outbound, each direction in PolicyIndex order. */
  before: Rule[];
  /** From `before` to the request's rules. */
  diff: RuleDiff;
  /** Rules at that version that secgroup cannot show (address templates): never rewritten. */
  foreignRules: number;
  /** Set when the group had changed outside secgroup when the plan was made. */
  drift?: GroupDrift;
}

/** What uses a group (DescribeSecurityGroupAssociationStatistics, and other groups' rules). */
export interface GroupUsage {
  /** Resources bound to the group, by kind as the cloud names them (e.g. "CVM", "CLB", "CDB"). */
  resources: { kind: string; count: number }[];
  /** Other groups whose rules name this group as their peer. */
  referencingGroups: string[];
}

export interface DeleteGroupSpec {
  kind: 'delete-group';
  region: string;
  securityGroupId: string;
  groupName: string;
  /** What used the group when the plan was made; in use, each approval must accept it explicitly. */
  usage: GroupUsage;
}

export interface CloneGroupSpec {
  kind: 'clone-group';
  /** Where the copy is made. */
  region: string;
  sourceRegion: string;
  sourceGroupId: string;
  projectId: string;
  name: string;
  description: string;
  /** Groups in the target's project and region when the plan was made, when the cloud said. */
  targetQuota?: { count: number; limit: number };
}

export type RequestSpec =
  | CreateGroupSpec
  | AddRulesSpec
  | RemoveAccessSpec
  | ExtendAccessSpec
  | EditRulesSpec
  | DeleteGroupSpec
  | CloneGroupSpec;
