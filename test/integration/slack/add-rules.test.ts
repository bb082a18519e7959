import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadAccessPolicy } from '../../../src/service/catalog/access-policy-file.js';
import { buildAddRulesModal } from '../../../src/slack/blocks/add-rules-modal.js';
import { buildRulesMessages } from '../../../src/slack/blocks/thread-messages.js';
import { rulesOf } from '../../helpers/test-emulator.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { cardTsOf, click, submitNewGroup, threadPostsOf, updatesAt, waitForStatus } from './flow.js';
import { addRulesLinesSubmission, addRulesSubmission, CHANNEL, REQUESTER } from './payloads.js';

let t: TestSecgroup;
beforeEach(async () => {
  t = await startTestSecgroup();
});
afterEach(async () => {
  await t.stop();
});

const APPROVER = 'U0APPROVER1';

async function createdCustomGroup() {
  const request = await submitNewGroup(t, { templateId: 'custom', name: 'blank-one' });
  await click(t, 'secgroup_approve', request.id, APPROVER);
  const done = await waitForStatus(t, request.id, 'done');
  const thread = cardTsOf(request);
  // prompt, rules read back (none), the "Add rules now" offer
  await vi.waitFor(() => expect(threadPostsOf(t, thread)).toHaveLength(3));
  return { request: done, thread, groupId: done.result?.securityGroupId ?? '' };
}

describe('Custom template: Add rules now', () => {
  it('offers Add rules now under a blank group, and the added rules go through approval into the same thread', async () => {
    const { request, thread, groupId } = await createdCustomGroup();
    expect(rulesOf(t.emulator, groupId)).toEqual([]);
    const offer = threadPostsOf(t, thread)[2];
    expect(JSON.stringify(offer?.args.blocks)).toContain('has no rules, so it denies all traffic');

    await click(t, 'secgroup_add_rules_now', request.id, REQUESTER);
    await vi.waitFor(() => expect(t.slackApi.callsTo('views.open')).toHaveLength(1));
    expect(t.slackApi.callsTo('views.open')[0]?.args.view).toEqual(
      buildAddRulesModal({
        securityGroupId: groupId,
        region: 'ap-guangzhou',
        privateMetadata: JSON.stringify({ requestId: request.id, channelId: CHANNEL }),
        accessPolicy: await loadAccessPolicy('manifest/access-policy.yml'),
      }),
    );

    const res = await t.send(
      'interaction',
      addRulesSubmission(
        request.id,
        [
          { port: '443', peer: '10.0.0.0/8', description: 'HTTPS from the office' },
          {},
          { protocol: 'ICMP', peer: '192.168.0.0/16', description: 'ping' },
          { direction: 'outbound', protocol: 'ALL', peer: '0.0.0.0/0', description: 'all out' },
        ],
        REQUESTER,
      ),
    );
    expect(await res.text()).toBe('');
    // the add-rules card and its approval prompt, both in the group's thread
    await vi.waitFor(() => expect(threadPostsOf(t, thread)).toHaveLength(5));
    const latest = await vi.waitFor(async () => {
      const found = (await t.service.history({ limit: 10 })).items.find((r) => r.kind === 'add-rules');
      if (!found || !(await t.shown(found.id))?.promptTs) throw new Error('the add-rules request is not posted yet');
      return found;
    });
    expect(latest.spec).toEqual({ kind: 'add-rules', region: 'ap-guangzhou', securityGroupId: groupId });
    expect(latest.origin).toEqual({ conversationId: CHANNEL, workspaceId: expect.any(String) });
    expect(latest.followsUp).toBe(request.id);
    expect(await t.shown(latest.id)).toMatchObject({
      channelId: CHANNEL,
      cardTs: expect.any(String),
      threadTs: thread,
      promptTs: expect.any(String),
    });
    const addCard = threadPostsOf(t, thread)[3];
    expect(addCard?.args.text).toBe(
      `Add rules request ${latest.id}: add 3 rules to \`${groupId}\` in \`ap-guangzhou\` (pending)`,
    );

    await click(t, 'secgroup_approve', latest.id, APPROVER);
    const added = await waitForStatus(t, latest.id, 'done');
    await vi.waitFor(() => expect(threadPostsOf(t, thread)).toHaveLength(6));
    const inCloud = rulesOf(t.emulator, groupId);
    expect(inCloud.map((r) => [r.direction, r.protocol, r.port])).toEqual([
      ['inbound', 'TCP', '443'],
      ['inbound', 'ICMP', 'ALL'],
      ['outbound', 'ALL', 'ALL'],
    ]);
    expect(threadPostsOf(t, thread)[5]?.args).toEqual({
      channel: CHANNEL,
      thread_ts: thread,
      ...buildRulesMessages(added, inCloud)[0],
    });
    expect(JSON.stringify(updatesAt(t, (await t.shown(added.id))?.cardTs).at(-1)?.args.blocks)).toContain(
      `*Rules added* to \`${groupId}\``,
    );
  });

  it('shows rule errors beside the box and line they were typed on, and needs at least one rule', async () => {
    const { request } = await createdCustomGroup();
    const empty = await t.send('interaction', addRulesLinesSubmission(request.id, {}, REQUESTER));
    expect(await empty.json()).toEqual({
      response_action: 'errors',
      errors: {
        add_rules_inbound: 'Write at least one rule, inbound or outbound, for example: 10.0.0.0/8 TCP:443 Allow',
      },
    });

    const bad = await t.send(
      'interaction',
      addRulesLinesSubmission(
        request.id,
        {
          inbound: '# office\n10.0.0.0/8 TCP:99999 Allow\n10.0.0.0/8 TCP:22 Allow ssh',
          outbound: '0.0.0.0/0 ALL Allow\nnot-a-cidr TCP:22 Allow',
        },
        REQUESTER,
      ),
    );
    expect(await bad.json()).toEqual({
      response_action: 'errors',
      errors: {
        add_rules_inbound: 'Line 2: port 99999 is out of range: ports go from 1 to 65535.',
        add_rules_outbound:
          'Line 2: "not-a-cidr" is not a valid address. Use an IPv4 CIDR (10.0.0.0/8), an IPv6 CIDR (2001:db8::/32), a single address, or a security group id (sg-1a2b3c4d).',
      },
    });
    expect((await t.service.history({ limit: 10 })).items).toHaveLength(1);
  });
});
