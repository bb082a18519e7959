/**
 * Add rules, through the real receiver and the real Tencent provider against the emulator: what
 * can be known at submission is refused beside its line (a group of another region, repeats, rules
 * the group has, more than the group has room for); what fails at execution leaves nothing of the
 * request live, or says exactly what is.
 */
import type { types } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../../src/service/types.js';
import { checkSlackLimits } from '../../helpers/slack-limits.js';
import { failNext, rulesOf } from '../../helpers/test-emulator.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { click, privateAnswers, submitNewGroup, waitForStatus } from './flow.js';
import { addRulesLinesSubmission, formButtonClick, REQUESTER, slashCommand } from './payloads.js';

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
  // Its thread posts land before the next form counts posts of its own.
  await t.settled();
  return { request: done, groupId: done.result?.securityGroupId ?? '' };
}

/** Submits the add-rules form of `parent`'s group; the request it stored, once posted. */
async function addRules(
  parent: ChangeRequest,
  text: { inbound?: string; outbound?: string },
  keep: { keepFor?: string } = {},
) {
  const known = new Set((await t.service.history({ limit: 100 })).items.map((r) => r.id));
  const res = await t.send('interaction', addRulesLinesSubmission(parent.id, text, REQUESTER, undefined, keep));
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

/** The next CreateSecurityGroupPolicies (inbound) lands; the one after it (outbound) is refused with `code`. */
async function failOutboundAfterInbound(request: ChangeRequest, code: string, message: string) {
  const inbound = t.emulator.holdNext('CreateSecurityGroupPolicies', 'after');
  await click(t, 'secgroup_approve', request.id, APPROVER);
  await inbound.arrived;
  failNext(t.emulator, { action: 'CreateSecurityGroupPolicies', code, message });
  inbound.release();
  return waitForStatus(t, request.id, 'failed');
}

/** The thread post telling the requester that `request` failed, once posted. */
async function failurePost(request: ChangeRequest) {
  return vi.waitFor(() => {
    const post = t.slackApi
      .callsTo('chat.postMessage')
      .find((c) => String(c.args.text).startsWith(`<@${REQUESTER}> ${request.id} failed`));
    if (!post) throw new Error('the failure is not posted yet');
    return post.args as { text: string; blocks: unknown[] };
  });
}

const RULES = {
  inbound: '10.0.0.0/8 TCP:22 Allow ssh\n192.168.0.0/16 UDP:8000-9000 Allow game',
  outbound: '10.0.0.0/8 ALL Allow',
};

describe('add rules: all or nothing at execution', () => {
  it('outbound refused after inbound landed: the inbound rules are removed, no Retry, Edit and resubmit opens the form prefilled', async () => {
    const { request: parent, groupId } = await blankGroup();
    const request = await addRules(parent, RULES);
    const failed = await failOutboundAfterInbound(request, 'InvalidParameterValue', 'the destination is not allowed');

    expect(rulesInEmulator(groupId)).toEqual({ inbound: 0, outbound: 0 });
    expect(failed.failure).toMatchObject({ code: 'InvalidParameterValue', retryable: false });
    expect(failed.failure?.live).toBeUndefined();
    const post = await failurePost(failed);
    const told = JSON.stringify(post.blocks);
    expect(told).toContain('None of its rules is in the group: what was added before the failure was removed.');
    expect(told).toContain('Trying it again would fail the same way: edit the rules and submit them again.');
    expect(told).toContain('secgroup_edit_resubmit');
    expect(told).not.toContain('secgroup_retry');

    // A Retry pressed anyway (from an older message) is refused: it would fail the same way.
    const retry = await click(t, 'secgroup_retry', failed.id, APPROVER);
    await vi.waitFor(() => expect(privateAnswers(t, retry)).toHaveLength(1));
    expect(JSON.stringify(privateAnswers(t, retry)[0])).toContain('trying it again would fail the same way');
    expect((await t.service.get(failed.id)).status).toBe('failed');

    // Edit and resubmit: the same group's form, holding the request's rules one per line.
    await click(t, 'secgroup_edit_resubmit', failed.id, REQUESTER);
    await vi.waitFor(() => expect(t.slackApi.callsTo('views.open')).toHaveLength(1));
    const view = t.slackApi.callsTo('views.open')[0]?.args.view as {
      blocks: { block_id?: string; element?: { initial_value?: string } }[];
    };
    const box = (id: string) => view.blocks.find((b) => b.block_id === id)?.element?.initial_value;
    expect(box('add_rules_inbound')).toBe(RULES.inbound);
    expect(box('add_rules_outbound')).toBe(RULES.outbound);

    // Submitted with the outbound rule left out, it is a new request in the same thread, and goes through.
    const resubmitted = await addRules(failed, { inbound: RULES.inbound });
    expect(resubmitted).toMatchObject({ followsUp: failed.id, spec: { securityGroupId: groupId } });
    expect((await t.shown(resubmitted.id))?.threadTs).toBe((await t.shown(parent.id))?.cardTs);
    await click(t, 'secgroup_approve', resubmitted.id, APPROVER);
    await waitForStatus(t, resubmitted.id, 'done');
    expect(rulesInEmulator(groupId)).toEqual({ inbound: 2, outbound: 0 });
  });

  it('Edit and resubmit asks to keep the rules as long as the failed request did', async () => {
    const { request: parent } = await blankGroup();
    const request = await addRules(parent, RULES, { keepFor: '4h' });
    expect(request.temporary?.keep).toEqual({ hours: 4 });
    const failed = await failOutboundAfterInbound(request, 'InvalidParameterValue', 'the destination is not allowed');

    await click(t, 'secgroup_edit_resubmit', failed.id, REQUESTER);
    await vi.waitFor(() => expect(t.slackApi.callsTo('views.open')).toHaveLength(1));
    const view = t.slackApi.callsTo('views.open')[0]?.args.view as {
      blocks: { block_id?: string; element?: { initial_option?: { value?: string } } }[];
    };
    expect(view.blocks.find((b) => b.block_id === 'keep_for')?.element?.initial_option?.value).toBe('4h');

    // Submitted as opened, the new request keeps its rules for 4 hours too.
    const resubmitted = await addRules(failed, { inbound: RULES.inbound }, { keepFor: '4h' });
    expect(resubmitted.temporary?.keep).toEqual({ hours: 4 });
  });

  it('when removing them fails too, the card, the thread, show and history say exactly which rules are live', async () => {
    const { request: parent, groupId } = await blankGroup();
    const request = await addRules(parent, RULES);
    failNext(t.emulator, { action: 'DeleteSecurityGroupPolicies', times: 10, code: 'FailedOperation', message: 'no' });
    const failed = await failOutboundAfterInbound(request, 'InvalidParameterValue', 'the destination is not allowed');

    expect(rulesInEmulator(groupId)).toEqual({ inbound: 2, outbound: 0 });
    const live = `${groupId} has 2 of this request's rules (inbound: 10.0.0.0/8 TCP:22 Allow ssh, 192.168.0.0/16 UDP:8000-9000 Allow game); removing them failed (cloud_rejected: FailedOperation: no).`;
    expect(failed.failure?.live).toBe(live);
    // In the thread its own section; on the card, in show and history beside the failure.
    expect(JSON.stringify((await failurePost(failed)).blocks)).toContain(
      `:rotating_light: *What is live now*: ${live}`,
    );
    const liveText = `:rotating_light: *What is live now*: \`${live}\``;
    await t.settled();
    const cardTs = (await t.shown(failed.id))?.cardTs;
    const card = t.slackApi
      .callsTo('chat.update')
      .filter((c) => c.args.ts === cardTs)
      .at(-1);
    expect(JSON.stringify(card?.args.blocks)).toContain(liveText);

    for (const [name, text] of [
      ['show', `show ${failed.id}`],
      ['history', 'history'],
    ]) {
      await t.send('command', slashCommand(text ?? '', { response_url: t.slackApi.responseUrl(name ?? '') }));
      await vi.waitFor(() => expect(privateAnswers(t, name ?? '')).toHaveLength(1));
      expect(JSON.stringify(privateAnswers(t, name ?? '')[0])).toContain(liveText);
    }
  });

  it('a failure a retry may fix (the cloud busy) offers Retry, and the Retry adds every rule', async () => {
    const { request: parent, groupId } = await blankGroup();
    const request = await addRules(parent, RULES);
    const failed = await failOutboundAfterInbound(request, 'ResourceInUse', 'the group is being changed');
    expect(failed.failure).toMatchObject({ code: 'ResourceInUse', retryable: true });
    expect(rulesInEmulator(groupId)).toEqual({ inbound: 0, outbound: 0 });
    expect(JSON.stringify((await failurePost(failed)).blocks)).toContain('secgroup_retry');

    await click(t, 'secgroup_retry', failed.id, APPROVER);
    await waitForStatus(t, failed.id, 'done');
    expect(rulesInEmulator(groupId)).toEqual({ inbound: 2, outbound: 1 });
  });
});

describe('add rules: Preview', () => {
  const typed = (inbound: string, outbound: string) => ({
    add_rules_inbound: { rules: { type: 'plain_text_input', value: inbound } },
    add_rules_outbound: { rules: { type: 'plain_text_input', value: outbound } },
  });

  it('shows the lines as the card will show them, or the lines that are not rules, keeping what was typed', async () => {
    const { request: parent } = await blankGroup();
    await click(t, 'secgroup_add_rules_now', parent.id, REQUESTER);
    await vi.waitFor(() => expect(t.slackApi.callsTo('views.open')).toHaveLength(1));
    const opened = t.slackApi.callsTo('views.open')[0]?.args.view as { blocks: unknown[]; private_metadata: string };
    const preview = async (inbound: string, outbound: string, count: number) => {
      await t.send(
        'interaction',
        formButtonClick(opened, 'secgroup_preview_rules', { values: typed(inbound, outbound) }),
      );
      await vi.waitFor(() => expect(t.slackApi.callsTo('views.update')).toHaveLength(count));
      const view = t.slackApi.callsTo('views.update')[count - 1]?.args.view as {
        blocks: { block_id?: string; element?: { initial_value?: string } }[];
      };
      expect(checkSlackLimits(view as unknown as types.ModalView)).toEqual([]);
      const box = (id: string) => view.blocks.find((b) => b.block_id === id)?.element?.initial_value;
      expect([box('add_rules_inbound'), box('add_rules_outbound')]).toEqual([inbound, outbound]);
      return JSON.stringify(view.blocks);
    };

    const bad = await preview('10.0.0.0/8 TCP:22 Allow ssh', '10.0.0.0/8 TCP:99999 Allow', 1);
    expect(bad).toContain('*Preview*: these lines are not rules yet');
    expect(bad).toContain('• Outbound rules: `Line 1: port 99999 is out of range: ports go from 1 to 65535.`');

    const good = await preview('10.0.0.0/8 TCP:22 Allow ssh', '10.0.0.0/8 ALL Allow', 2);
    expect(good).toContain('*Preview*: 2 rules, as the card will show them');
    expect(good).toContain('• `10.0.0.0/8` · TCP:22 · Allow · `ssh`');
    expect(good).toContain('• `10.0.0.0/8` · ALL · Allow · -');
  });
});
