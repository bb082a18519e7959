/**
 * What secgroup knows of an existing group beside the cloud's answer: what it last applied to it
 * (so a difference is drift, made outside secgroup), and the template it was made from (whose
 * approvals every later change needs as well).
 */
import type { CatalogService, GroupState } from '../api.js';
import type { PolicySet, RequestStore } from '../ports.js';
import { diffRules, isEmptyDiff, withModifyTimes } from '../rules/rule-diff.js';
import { DIRECTIONS, type GroupDrift, type PlacedRule, type Rule } from '../types.js';

/** How far back the requests about one group are looked through. */
const REQUESTS_LOOKED_AT = 100;

/** A policy set's rules, inbound then outbound, each in PolicyIndex order. */
export function placedRules(set: PolicySet): PlacedRule[] {
  return DIRECTIONS.flatMap((direction) =>
    set.entries
      .filter((e) => e.rule.direction === direction)
      .sort((a, b) => a.index - b.index)
      .map((e) => ({ index: e.index, rule: e.rule, ...(e.modifiedAt ? { modifiedAt: e.modifiedAt } : {}) })),
  );
}

export const rulesOfSet = (set: PolicySet): Rule[] => placedRules(set).map((p) => p.rule);

export interface GroupRecords {
  /** The group's rules now differ from what secgroup last applied: how, and since which request. */
  drift(groupId: string, set: PolicySet): Promise<GroupDrift | undefined>;
  /** Approvals the template the group was made from asks for, if secgroup made it from one. */
  templateApprovals(groupId: string): Promise<number | undefined>;
  state(region: string, groupId: string, set: PolicySet): Promise<GroupState>;
}

export function createGroupRecords(deps: { store: RequestStore; catalog: CatalogService }): GroupRecords {
  const { store, catalog } = deps;

  async function drift(groupId: string, set: PolicySet): Promise<GroupDrift | undefined> {
    const requests = await store.listByGroup(groupId, REQUESTS_LOOKED_AT);
    const applied = requests
      .filter((r) => r.status === 'done' && r.result?.securityGroupId === groupId && !r.result.groupDeleted)
      .sort((a, b) => Date.parse(b.result?.completedAt ?? '') - Date.parse(a.result?.completedAt ?? ''));
    const last = applied[0];
    if (!last?.result) return undefined;
    const now = placedRules(set);
    const diff = diffRules(
      last.result.rules,
      now.map((p) => p.rule),
    );
    if (isEmptyDiff(diff)) return undefined;
    return { lastAppliedBy: last.id, lastAppliedAt: last.result.completedAt, diff: withModifyTimes(diff, now) };
  }

  return {
    drift,
    async templateApprovals(groupId) {
      const made = (await store.listByGroup(groupId, REQUESTS_LOOKED_AT)).find(
        (r) => r.spec.kind === 'create-group' && r.status === 'done',
      );
      return made?.spec.kind === 'create-group' ? catalog.template(made.spec.templateId)?.approvalsRequired : undefined;
    },
    async state(region, groupId, set) {
      const found = await drift(groupId, set);
      return {
        region,
        securityGroupId: groupId,
        version: set.version,
        rules: placedRules(set),
        foreign: set.foreign.map((f) => f.summary),
        ...(found ? { drift: found } : {}),
      };
    },
  };
}
