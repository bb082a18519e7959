/**
 * Add rules, through the real receiver and the real Tencent provider against the emulator: what
 * can be known at submission is refused beside its line (a group of another region, repeats, rules
 * the group has, more than the group has room for); what fails at execution leaves nothing of the
 * request live, or says exactly what is.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../../src/service/types.js';
import { rulesOf } from '../../helpers/test-emulator.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { click, submitNewGroup, waitForStatus } from './flow.js';
import { addRulesLinesSubmission, REQUESTER } from './payloads.js';

const APPROVER = 'U0APPROVER1';
/** Rules a group holds per direction in this emulator (Tencent's default is 100). */
const RULE_QUOTA = 4;

let t: TestSecgroup;
beforeEach(async () => {
  // What the cloud says at submission is waited for long enough on a loaded machine.
  t = await startTestSecgroup({ emulatorOptions: { ruleQuota: RULE_QUOTA }, overrides: { quotaWaitMs: 30_000 } });
});
afterEach(async () => {
  await t.stop();
});

async function blankGroup(region = 'ap-guangzhou', name = 'blank-one') {
  const request = await submitNewGroup(t, { templateId: 'custom', name, region });
  await click(t, 'secgroup_approve', request.id, APPROVER);
  const done = await waitForStatus(t, request.id, 'done');
  return { request: done, groupId: done.result?.securityGroupId ?? '' };
}

/** Submits the add-rules form of `parent`'s group; the request it stored, once posted. */
async function addRules(parent: ChangeRequest, text: { inbound?: string; outbound?: string }) {
  const known = new Set((await t.service.history({ limit: 100 })).items.map((r) => r.id));
  const res = await t.send('interaction', addRulesLinesSubmission(parent.id, text, REQUESTER));
  expect(await res.text()).toBe('');
  return vi.waitFor(async () => {
    const found = (await t.service.history({ limit: 100 })).items.find((r) => !known.has(r.id));
    if (!found || !(await t.shown(found.id))?.promptTs) throw new Error('the add-rules request is not posted yet');
    return found;
  });
}

function rulesInEmulator(groupId: string) {
  const rules = rulesOf(t.emulator, groupId);
  return {
    inbound: rules.filter((r) => r.direction === 'inbound').length,
    outbound: rules.filter((r) => r.direction === 'outbound').length,
  };
}

describe('add rules: refused at submission beside the line', () => {
  it('a group of another region, a repeated rule, a rule the group has, more rules than the group has room for', async () => {
    const { request: parent, groupId } = await blankGroup();
    const { groupId: elsewhere } = await blankGroup('ap-shanghai', 'in-shanghai');
    const first = await addRules(parent, { inbound: '10.0.0.0/8 TCP:22 Allow ssh' });
    await click(t, 'secgroup_approve', first.id, APPROVER);
    await waitForStatus(t, first.id, 'done');

    const res = await t.send(
      'interaction',
      addRulesLinesSubmission(
        parent.id,
        {
          inbound: [
            '10.0.0.0/8 TCP:22 Allow the same traffic, other notes',
            `${elsewhere} TCP:443 Allow`,
            '192.168.0.0/16 UDP:53 Allow',
            '# a comment is not a rule',
            '192.168.0.0/16 UDP:53 Allow dns',
            '172.16.0.0/12 TCP:80 Allow',
          ].join('\n'),
          outbound: `${groupId} ALL Allow itself`,
        },
        REQUESTER,
      ),
    );
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: {
        add_rules_inbound: [
          `Line 1: ${groupId} already has this rule (inbound 10.0.0.0/8 TCP:22 Allow); leave it out.`,
          `Line 2: there is no security group ${elsewhere} in ap-guangzhou: a rule may name a group of its own region only.`,
          'Line 5: repeats an earlier inbound rule (192.168.0.0/16 UDP:53 Allow: the same source, protocol, port and policy); Tencent Cloud refuses duplicates, so keep one.',
          'Line 5: the group has 1 inbound rule and holds at most 4, so there is room for 3 more, not 5: remove 2 inbound rules from here on, or make room in the group first.',
        ].join('\n'),
      },
    });
    // Nothing stored, nothing changed.
    expect((await t.service.history({ limit: 100 })).items.filter((r) => r.kind === 'add-rules')).toHaveLength(1);
    expect(rulesInEmulator(groupId)).toEqual({ inbound: 1, outbound: 0 });
  });
});
