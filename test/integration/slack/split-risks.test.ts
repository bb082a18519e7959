/**
 * Risk checks cannot be split around, through the real app: rules that together open SSH or RDP
 * to the internet — in one add-rules form, or added to what the group already allows — are
 * flagged on the card and need two approvals, as one rule from 0.0.0.0/0 does.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../../src/service/types.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { cardTsOf, click, submitNewGroup, threadPostsOf, waitForStatus } from './flow.js';
import { addRulesSubmission, REQUESTER, type RuleRow } from './payloads.js';

let t: TestSecgroup;
beforeEach(async () => {
  t = await startTestSecgroup();
});
afterEach(async () => {
  await t.stop();
});

async function blankGroup(): Promise<ChangeRequest> {
  const request = await submitNewGroup(t, { templateId: 'custom', name: 'blank' });
  await click(t, 'secgroup_approve', request.id, 'U0APPROVER1');
  await waitForStatus(t, request.id, 'done');
  await vi.waitFor(() => expect(threadPostsOf(t, cardTsOf(request))).toHaveLength(3));
  return t.service.get(request.id);
}

/** Submits the add-rules form and returns the request once its card is posted, with the card. */
async function addRules(parent: ChangeRequest, rows: RuleRow[]) {
  const known = new Set((await t.service.history({ limit: 100 })).items.map((r) => r.id));
  const res = await t.send('interaction', addRulesSubmission(parent.id, rows, REQUESTER));
  expect(await res.text()).toBe('');
  const request = await vi.waitFor(async () => {
    const found = (await t.service.history({ limit: 100 })).items.find((r) => !known.has(r.id));
    if (!found || !(await t.shown(found.id))?.promptTs) throw new Error('not posted yet');
    return found;
  });
  const card = t.slackApi
    .callsTo('chat.postMessage')
    .find((c) => String(c.args.text).startsWith(`Add rules request ${request.id}`));
  return { request, card: JSON.stringify(card?.args.blocks) };
}

it('SSH from ::/1 and 8000::/1 in one form: flagged, two approvals', async () => {
  const parent = await blankGroup();
  const { request, card } = await addRules(parent, [
    { port: '22', peer: '::/1', description: 'first half' },
    { port: '22', peer: '8000::/1', description: 'second half' },
  ]);
  expect(request.risks.map((r) => r.message)).toEqual([
    'SSH (22) open to the internet',
    'SSH (22) open to the internet',
  ]);
  expect(request.approvalsRequired).toBe(2);
  expect(card).toContain(':warning: SSH (22) open to the internet (from `::/1` and `8000::/1`)');
  expect(card).toContain('2 approvals needed');
});

it('SSH from 0.0.0.0/1: planned, shown and judged as the 0.0.0.0/0 Tencent Cloud keeps it', async () => {
  const parent = await blankGroup();
  const { request, card } = await addRules(parent, [{ port: '22', peer: '0.0.0.0/1', description: 'half?' }]);
  expect(request.rules.map((r) => r.peer)).toEqual([{ kind: 'ipv4', cidr: '0.0.0.0/0' }]);
  expect(request.risks.map((r) => r.message)).toEqual(['SSH (22) open to the internet']);
  expect(request.approvalsRequired).toBe(2);
  expect(card).toContain('`0.0.0.0/0`');
  expect(card).not.toContain('0.0.0.0/1');
});

// In IPv6: Tencent Cloud stores an IPv4 0.0.0.0/n as 0.0.0.0/0 ("0.0.0.0/n 都会映射为0.0.0.0/0",
// SecurityGroupPolicy.CidrBlock in tencentcloud-sdk-nodejs vpc_models.d.ts), so an IPv4 first
// half would be the whole internet once in the group.
it('RDP from 8000::/1 added to a group that allows it from ::/1: flagged with the group, two approvals', async () => {
  const parent = await blankGroup();
  const first = await addRules(parent, [{ port: '3389', peer: '::/1', description: 'first half' }]);
  expect(first.request.risks).toEqual([]);
  expect(first.request.approvalsRequired).toBe(1);
  await click(t, 'secgroup_approve', first.request.id, 'U0APPROVER1');
  await waitForStatus(t, first.request.id, 'done');
  await t.settled();

  const second = await addRules(parent, [{ port: '3389', peer: '8000::/1', description: 'second half' }]);
  expect(second.request.risks).toEqual([
    {
      ruleIndex: 0,
      severity: 'warning',
      message: "RDP (3389) open to the internet, together with the group's current rules",
    },
  ]);
  expect(second.request.approvalsRequired).toBe(2);
  expect(second.card).toContain(
    ":warning: RDP (3389) open to the internet, together with the group's current rules (from `8000::/1`)",
  );
});
