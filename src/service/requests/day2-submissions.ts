/**
 * Submitting changes to groups that exist (day 2): edit the rules, delete the group, clone it. Each
 * validates its input, reads what the plan depends on from the cloud (the policy set and its
 * Version, what uses the group, the target's quota), plans, and stores the request `pending`.
 */
import type { Log } from '../../lib/log.js';
import type { CatalogService, ChangeRequestService, EditRulesInput, Submission } from '../api.js';
import {
  AlreadyDecidedError,
  InvalidInputError,
  NotFoundError,
  QuotaExceededError,
  VersionConflictError,
} from '../errors.js';
import { approvalsNeeded } from '../policy/approval-policy.js';
import { assessRisk } from '../policy/risk-checks.js';
import type { CloudProvider, GroupQuota, PolicySet } from '../ports.js';
import {
  asTencentKeepsIt,
  diffRules,
  directionsChanged,
  isEmptyDiff,
  newRuleIndexes,
  rebaseDiff,
} from '../rules/rule-diff.js';
import type { ChangeRequest, Rule } from '../types.js';
import { valueOrThrow } from '../validation.js';
import { validateCloneGroupInput, validateEditRulesInput, validateGroupRef } from './day2-input.js';
import { createGroupRecords, rulesOfSet } from './group-state.js';
import type { InsertNew, NewRequest } from './new-requests.js';
import { requireActor } from './new-requests.js';
import type { StoredBefore } from './submission-replays.js';

/** Below Slack's answer deadline, with the submission's own work beside it. */
const QUOTA_WAIT_MS = 1_500;

type Day2Submissions = Pick<
  ChangeRequestService,
  'submitEditRules' | 'submitDeleteGroup' | 'submitCloneGroup' | 'replan' | 'groupState' | 'groupUsage'
>;

export interface Day2Deps {
  cloud: CloudProvider;
  catalog: CatalogService;
  store: Parameters<typeof createGroupRecords>[0]['store'];
  log: Log;
  insertNew: InsertNew;
  storedBefore: StoredBefore;
  checkMayFollowUp: ChangeRequestService['checkMayFollowUp'];
  quotaWaitMs?: number;
  /** "Keep for" on an edit, judged by the access policy (temporary/keep-input.ts). */
  keepEdit?: (plan: NewRequest, keep: EditRulesInput['keep']) => NewRequest;
}

export function createDay2Submissions(deps: Day2Deps): Day2Submissions {
  const { cloud, catalog, log, insertNew, storedBefore, checkMayFollowUp } = deps;
  const records = createGroupRecords(deps);

  /** The quota of the target, or undefined when the cloud does not say in time (the clone call still checks). */
  async function quotaInTime(region: string, projectId: string): Promise<GroupQuota | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), deps.quotaWaitMs ?? QUOTA_WAIT_MS);
    });
    const lookup = cloud.getQuota(region, projectId);
    try {
      return await Promise.race([lookup, late]);
    } catch (err) {
      log.warn(`the quota of ${region} could not be read: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    } finally {
      clearTimeout(timer);
      lookup.catch(() => {});
    }
  }

  /**
   * An edit from the group's rules at `set` to `after`: the diff; the risks of what the group will
   * allow afterwards, found by the rules the change adds or rewrites, judged together with the
   * rules it keeps; approvals, the strictest of the risk's and the group's template's.
   */
  async function planEdit(
    group: { region: string; securityGroupId: string },
    wanted: Rule[],
    set: PolicySet,
  ): Promise<NewRequest> {
    const before = rulesOfSet(set);
    const after = wanted.map(asTencentKeepsIt);
    const diff = diffRules(before, after);
    if (isEmptyDiff(diff)) {
      throw new InvalidInputError([
        { field: 'rules', message: 'These are the rules the group has now; add, change or remove at least one.' },
      ]);
    }
    const withForeign = directionsChanged(diff).filter((d) => set.foreign.some((f) => f.direction === d));
    const [blocked] = withForeign;
    if (blocked) {
      const which = set.foreign.filter((f) => f.direction === blocked).map((f) => f.summary);
      throw new InvalidInputError([
        {
          field: `rules.${blocked}`,
          message: `The ${blocked} rules include ${which.length} secgroup cannot show (${which.slice(0, 3).join('; ')}); change the ${blocked} rules in the Tencent Cloud console.`,
        },
      ]);
    }
    const changedAt = newRuleIndexes(before, after);
    const kept = after.filter((_r, i) => !changedAt.includes(i));
    const risks = assessRisk(
      changedAt.map((i) => after[i] as Rule),
      { existing: kept },
    ).map((finding) => ({ ...finding, ruleIndex: changedAt[finding.ruleIndex] ?? finding.ruleIndex }));
    const [drift, template] = await Promise.all([
      records.drift(group.securityGroupId, set),
      records.templateApprovals(group.securityGroupId),
    ]);
    return {
      kind: 'edit-rules',
      spec: {
        kind: 'edit-rules',
        region: group.region,
        securityGroupId: group.securityGroupId,
        baseVersion: set.version,
        before,
        diff,
        foreignRules: set.foreign.length,
        ...(drift ? { drift } : {}),
      },
      rules: after,
      risks,
      approvalsRequired: approvalsNeeded('edit-rules', risks, template),
    };
  }

  /** A replayed submission returns what it stored; a follow-up is asked where its request was. */
  async function begin(actorId: string, submission: Submission): Promise<ChangeRequest | undefined> {
    requireActor(actorId);
    const replayed = await storedBefore(submission);
    if (replayed) return replayed;
    if (submission.followsUp) await checkMayFollowUp(submission.followsUp, { from: submission.origin });
    return undefined;
  }

  return {
    async submitEditRules(input, actorId, submission = {}) {
      const replayed = await begin(actorId, submission);
      if (replayed) return replayed;
      const valid = valueOrThrow(validateEditRulesInput(input, await catalog.regions()));
      const set = await cloud.readPolicies(valid.region, valid.securityGroupId);
      if (valid.baseVersion !== undefined && valid.baseVersion !== set.version) {
        throw new VersionConflictError(
          valid.securityGroupId,
          valid.baseVersion,
          `its rules changed (now version ${set.version}) while the form was open; open it again`,
        );
      }
      const plan = await planEdit(valid, valid.rules, set);
      return insertNew(deps.keepEdit ? deps.keepEdit(plan, input.keep) : plan, actorId, submission);
    },

    async submitDeleteGroup(input, actorId, submission = {}) {
      const replayed = await begin(actorId, submission);
      if (replayed) return replayed;
      const { region, securityGroupId } = valueOrThrow(validateGroupRef(input, await catalog.regions()));
      const group = await cloud.describeGroup(region, securityGroupId);
      if (!group) throw new NotFoundError('security group', securityGroupId);
      const [usage, rules, template] = await Promise.all([
        cloud.groupUsage(region, securityGroupId),
        cloud.describeRules(region, securityGroupId),
        records.templateApprovals(securityGroupId),
      ]);
      const fields: NewRequest = {
        kind: 'delete-group',
        spec: { kind: 'delete-group', region, securityGroupId, groupName: group.name, usage },
        rules,
        risks: [],
        approvalsRequired: approvalsNeeded('delete-group', [], template),
      };
      return insertNew(fields, actorId, submission);
    },

    async submitCloneGroup(input, actorId, submission = {}) {
      const replayed = await begin(actorId, submission);
      if (replayed) return replayed;
      const [regions, projects] = await Promise.all([catalog.regions(), catalog.projects()]);
      const valid = valueOrThrow(validateCloneGroupInput(input, { regions, projects }));
      const set = await cloud.readPolicies(valid.region, valid.securityGroupId);
      const rules = rulesOfSet(set);
      const naming = rules.filter((r) => r.peer.kind === 'security-group').length + set.foreign.length;
      if (valid.targetRegion !== valid.region && naming > 0) {
        // Groups and templates are regional: Tencent refuses such a copy (UnsupportedOperation.RemoteRegionSgHasReferencedSg).
        throw new InvalidInputError([
          {
            field: 'targetRegion',
            message: `${naming} of its rules name another security group or a template, which exist only in ${valid.region}; clone it within ${valid.region}, or remove those rules first.`,
          },
        ]);
      }
      const quota = await quotaInTime(valid.targetRegion, valid.projectId);
      if (quota && quota.groupCount >= quota.groupLimit) {
        throw new QuotaExceededError(
          `project ${valid.projectId} in ${valid.targetRegion} already has ${quota.groupCount} of ${quota.groupLimit} security groups`,
        );
      }
      const risks = assessRisk(rules);
      const fields: NewRequest = {
        kind: 'clone-group',
        spec: {
          kind: 'clone-group',
          region: valid.targetRegion,
          sourceRegion: valid.region,
          sourceGroupId: valid.securityGroupId,
          projectId: valid.projectId,
          name: valid.name,
          description: valid.description || `Copy of ${valid.securityGroupId}`,
          ...(quota ? { targetQuota: { count: quota.groupCount, limit: quota.groupLimit } } : {}),
        },
        rules,
        risks,
        approvalsRequired: approvalsNeeded('clone-group', risks),
      };
      return insertNew(fields, actorId, submission);
    },

    async replan(id, actorId, submission = {}) {
      const replayed = await begin(actorId, submission);
      if (replayed) return replayed;
      const failed = await checkMayFollowUp(id, { from: submission.origin });
      const spec = failed.spec;
      if (spec.kind !== 'edit-rules' || failed.status !== 'failed' || failed.failure?.code !== 'version_conflict') {
        throw new AlreadyDecidedError(failed);
      }
      const set = await cloud.readPolicies(spec.region, spec.securityGroupId);
      const after = rebaseDiff(spec.diff, rulesOfSet(set));
      return insertNew(await planEdit(spec, after, set), actorId, { ...submission, followsUp: failed.id });
    },

    async groupUsage(input) {
      const { region, securityGroupId } = valueOrThrow(validateGroupRef(input, await catalog.regions()));
      return cloud.groupUsage(region, securityGroupId);
    },

    async groupState(input) {
      const { region, securityGroupId } = valueOrThrow(validateGroupRef(input, await catalog.regions()));
      return records.state(region, securityGroupId, await cloud.readPolicies(region, securityGroupId));
    },
  };
}
