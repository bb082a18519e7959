/**
 * Submitting the two requests that open access: a new group from a template, and rules added to a
 * group. Each validates its input (and how long the rules are kept), checks the region's quota or
 * reads what the group already allows, judges the risk, plans the approvals, and stores it `pending`.
 */
import type { Clock } from '../../lib/clock.js';
import type { CatalogService, ChangeRequestService } from '../api.js';
import { InvalidInputError } from '../errors.js';
import type { AccessPolicy } from '../policy/access-policy.js';
import { approvalsNeeded } from '../policy/approval-policy.js';
import { assessRisk } from '../policy/risk-checks.js';
import type { GroupFactsReader } from './group-facts.js';
import { validateAddRulesInput, validateCreateGroupInput } from './group-input.js';
import { type InsertNew, requireActor } from './new-requests.js';
import type { QuotaGate } from './quota-gate.js';
import type { StoredBefore } from './submission-replays.js';
import { bothOrThrow, planKeep, validateKeep } from './temporary/keep-input.js';
import { alreadyInGroup } from './temporary/permanent-twins.js';

export function createCreateAndAddSubmissions(deps: {
  catalog: CatalogService;
  clock: Clock;
  accessPolicy: AccessPolicy;
  quota: QuotaGate;
  groupFacts: GroupFactsReader;
  insertNew: InsertNew;
  storedBefore: StoredBefore;
  checkMayFollowUp: ChangeRequestService['checkMayFollowUp'];
}): Pick<ChangeRequestService, 'submitCreateGroup' | 'submitAddRules'> {
  const { catalog, clock, accessPolicy, quota, groupFacts, insertNew, storedBefore, checkMayFollowUp } = deps;
  return {
    async submitCreateGroup(input, actorId, submission = {}) {
      requireActor(actorId);
      const replayed = await storedBefore(submission);
      if (replayed) return replayed;
      const [regions, projects] = await Promise.all([catalog.regions(), catalog.projects()]);
      const [keep, valid] = bothOrThrow(
        validateKeep(input.keep, clock.now()),
        validateCreateGroupInput(input, { regions, templates: catalog.templates(), projects }),
      );
      const template = catalog.template(valid.templateId);
      if (!template)
        throw new InvalidInputError([{ field: 'templateId', message: 'Choose a template from the list.' }]);
      await quota.checkNewGroup(valid.region, template.rules.length);
      const risks = assessRisk(template.rules);
      const usualApprovals = approvalsNeeded('create-group', risks, template.approvalsRequired);
      const planned = planKeep(accessPolicy, keep, { rules: template.rules, risks, usualApprovals }, clock.now());
      return insertNew(
        { kind: 'create-group', spec: { kind: 'create-group', ...valid }, rules: template.rules, risks, ...planned },
        actorId,
        submission,
      );
    },

    async submitAddRules(input, actorId, submission = {}) {
      requireActor(actorId);
      const replayed = await storedBefore(submission);
      if (replayed) return replayed;
      if (submission.followsUp) await checkMayFollowUp(submission.followsUp, { from: submission.origin });
      const [keep, valid] = bothOrThrow(
        validateKeep(input.keep, clock.now()),
        validateAddRulesInput(input, { regions: await catalog.regions() }),
      );
      const { existing } = await groupFacts(valid.region, valid.securityGroupId, valid.rules);
      // Judged with what the group already allows: halves of the internet added one at a time are the internet.
      const risks = assessRisk(valid.rules, existing ? { existing } : {});
      if (keep) alreadyInGroup(valid.rules, existing ?? []);
      const usualApprovals = approvalsNeeded('add-rules', risks);
      const planned = planKeep(accessPolicy, keep, { rules: valid.rules, risks, usualApprovals }, clock.now());
      return insertNew(
        {
          kind: 'add-rules',
          spec: { kind: 'add-rules', region: valid.region, securityGroupId: valid.securityGroupId },
          rules: valid.rules,
          risks,
          ...planned,
        },
        actorId,
        submission,
      );
    },
  };
}
