import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatRuleLines } from '../../../src/service/rules/rule-lines.js';
import type { ChangeRequest, Rule } from '../../../src/service/types.js';
import type { ApiCall } from '../../helpers/slack-api.js';
import { groupsIn, rulesOf, seedGroup, TEST_TENCENT_CREDENTIALS } from '../../helpers/test-emulator.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { callWithSdk } from '../cloud/support/emulator-harness.js';
import { click, waitForStatus } from './flow.js';
import { CHANNEL, modalSubmission, REQUESTER, slashCommand } from './payloads.js';

const GZ = 'ap-guangzhou';
const [AP1, AP2] = ['U0APPROVER1', 'U0APPROVER2'];
const rule = (port: string, cidr: string, description: string): Rule => ({
  direction: 'inbound',
  protocol: 'TCP',
  port,
  peer: { kind: 'ipv4', cidr },
  action: 'ACCEPT',
  description,
});
const office = rule('22', '203.0.113.0/24', 'SSH from the office');
const web = rule('443', '10.0.0.0/8', 'web');
const outAll: Rule = { ...rule('ALL', '0.0.0.0/0', 'all out'), direction: 'outbound', protocol: 'ALL' };

let t: TestSecgroup;
let groupId: string;
beforeEach(async () => {
  t = await startTestSecgroup();
  groupId = (await seedGroup(t.emulator, GZ, { name: 'web', rules: [office, web, outAll] })).id;
});
afterEach(async () => {
  await t.stop();
});

const json = (call: ApiCall | undefined) => JSON.stringify(call?.args);

/** `/secgroup <text>`: the loading view opens at once, then the form replaces it. */
async function openForm(text: string): Promise<{ view: Record<string, unknown>; metadata: string }> {
  const updates = t.slackApi.callsTo('views.update').length;
  const res = await t.send('command', slashCommand(text, { response_url: t.slackApi.responseUrl(text) }));
  expect(res.status).toBe(200);
  await vi.waitFor(() => expect(t.slackApi.callsTo('views.update').length).toBe(updates + 1));
  const opened = t.slackApi.callsTo('views.open').at(-1)?.args.view as Record<string, unknown>;
  expect(opened.callback_id).toBe('secgroup_loading');
  const view = t.slackApi.callsTo('views.update').at(-1)?.args.view as Record<string, unknown>;
  return { view, metadata: String(view.private_metadata) };
}

/** Submits a day-2 form and waits for the request it stores to be posted in the channel. */
async function submitForm(callbackId: string, metadata: string, values: object): Promise<ChangeRequest> {
  const known = new Set((await t.service.history({ limit: 100 })).items.map((r) => r.id));
  const res = await t.send('interaction', modalSubmission(callbackId, metadata, values as never, REQUESTER));
  expect(await res.text()).toBe('');
  return vi.waitFor(async () => {
    const made = (await t.service.history({ limit: 100 })).items.find((r) => !known.has(r.id));
    if (!made || !(await t.shown(made.id))?.promptTs) throw new Error('not posted yet');
    return made;
  });
}

const boxes = (inbound: string, outbound: string) => ({
  add_rules_inbound: { rules: { type: 'plain_text_input', value: inbound } },
  add_rules_outbound: { rules: { type: 'plain_text_input', value: outbound } },
});

async function cardOf(request: ChangeRequest): Promise<string> {
  const shown = await t.shown(request.id);
  const updates = t.slackApi.callsTo('chat.update').filter((c) => c.args.ts === shown?.cardTs);
  return json(updates.at(-1) ?? t.slackApi.callsTo('chat.postMessage').find((c) => c.ts === shown?.cardTs));
}

/** Someone adds a rule in the console. */
async function addedOutside(...args: Parameters<typeof callWithSdk>) {
  const outcome = await callWithSdk(...args);
  expect(outcome.ok).toBe(true);
}

async function edited(inbound: string, outbound = formatRuleLines([outAll])): Promise<ChangeRequest> {
  const { metadata } = await openForm(`edit ${groupId}`);
  return submitForm('secgroup_edit_rules', metadata, boxes(inbound, outbound));
}

describe('/secgroup edit', () => {
  it('opens the group rules one per line, plans the difference and applies it once approved', async () => {
    const { view, metadata } = await openForm(`edit ${groupId}`);
    expect(view.callback_id).toBe('secgroup_edit_rules');
    expect(JSON.stringify(view)).toContain(JSON.stringify(formatRuleLines([office, web])).slice(1, -1));
    expect(JSON.parse(metadata)).toMatchObject({
      groupId,
      region: GZ,
      version: expect.any(String),
      channelId: CHANNEL,
    });

    const request = await submitForm(
      'secgroup_edit_rules',
      metadata,
      boxes(
        '198.51.100.0/24 TCP:22 Allow SSH from the new office\n10.0.0.0/8 TCP:443 Allow web',
        formatRuleLines([outAll]),
      ),
    );
    expect(request).toMatchObject({ kind: 'edit-rules', origin: { conversationId: CHANNEL } });
    const card = await cardOf(request);
    expect(card).toContain('Planned change');
    expect(card).toContain(':memo: `203.0.113.0/24`');
    expect(card).toContain('→ `198.51.100.0/24`');

    await click(t, 'secgroup_approve', request.id, AP1);
    await waitForStatus(t, request.id, 'done');
    expect(rulesOf(t.emulator, groupId)).toEqual([
      rule('22', '198.51.100.0/24', 'SSH from the new office'),
      web,
      outAll,
    ]);
    await vi.waitFor(async () => expect(await cardOf(request)).toContain('*Rules changed* on'));

    // The card of a done change offers Edit rules, which opens the form on the rules now.
    expect(await cardOf(request)).toContain(
      `"action_id":"secgroup_edit_rules_open","text":{"type":"plain_text","text":"Edit rules"},"value":"${groupId} ${GZ}"`,
    );
    const updates = t.slackApi.callsTo('views.update').length;
    await click(t, 'secgroup_edit_rules_open', `${groupId} ${GZ}`, REQUESTER);
    await vi.waitFor(() => expect(t.slackApi.callsTo('views.update').length).toBe(updates + 1));
    expect(JSON.stringify(t.slackApi.callsTo('views.update').at(-1)?.args.view)).toContain(
      '198.51.100.0/24 TCP:22 Allow',
    );
  });

  it('fails without applying anything when the group changed after the plan, shows what changed, and re-plans', async () => {
    const request = await edited(formatRuleLines([web]));
    await addedOutside(
      t.emulator.url,
      'vpc',
      'CreateSecurityGroupPolicies',
      {
        SecurityGroupId: groupId,
        SecurityGroupPolicySet: {
          Ingress: [{ Protocol: 'UDP', Port: '53', CidrBlock: '10.0.0.0/8', Action: 'ACCEPT' }],
        },
      },
      { region: GZ, ...TEST_TENCENT_CREDENTIALS },
    );
    await click(t, 'secgroup_approve', request.id, AP1);
    const failed = await waitForStatus(t, request.id, 'failed');
    expect(failed.failure?.code).toBe('version_conflict');
    expect(rulesOf(t.emulator, groupId)).toHaveLength(4);
    const failure = await vi.waitFor(() => {
      const found = t.slackApi.callsTo('chat.postMessage').find((c) => json(c).includes('What changed meanwhile'));
      if (!found) throw new Error('no failure message yet');
      return json(found);
    });
    expect(failure).toContain(':heavy_plus_sign: `10.0.0.0/8` · UDP:53');
    expect(failure).toContain('"action_id":"secgroup_replan"');

    const known = new Set((await t.service.history({ limit: 100 })).items.map((r) => r.id));
    await click(t, 'secgroup_replan', request.id, REQUESTER);
    const again = await vi.waitFor(async () => {
      const made = (await t.service.history({ limit: 100 })).items.find((r) => !known.has(r.id));
      if (!made || !(await t.shown(made.id))?.promptTs) throw new Error('not posted yet');
      return made;
    });
    expect(again).toMatchObject({ kind: 'edit-rules', followsUp: request.id });
    await click(t, 'secgroup_approve', again.id, AP1);
    await waitForStatus(t, again.id, 'done');
    expect(rulesOf(t.emulator, groupId).map((r) => r.port)).toEqual(['443', '53', 'ALL']);
  });

  it('shows drift from what secgroup last applied, in show and in the edit form', async () => {
    const request = await edited(formatRuleLines([office, web]).replace('SSH from the office', 'SSH'));
    await click(t, 'secgroup_approve', request.id, AP1);
    await waitForStatus(t, request.id, 'done');
    await addedOutside(
      t.emulator.url,
      'vpc',
      'CreateSecurityGroupPolicies',
      {
        SecurityGroupId: groupId,
        SecurityGroupPolicySet: {
          Ingress: [{ Protocol: 'TCP', Port: '3306', CidrBlock: '10.0.0.0/8', Action: 'ACCEPT' }],
        },
      },
      { region: GZ, ...TEST_TENCENT_CREDENTIALS },
    );
    const name = `show:${groupId}`;
    await t.send('command', slashCommand(`show ${groupId}`, { response_url: t.slackApi.responseUrl(name) }));
    const shown = await vi.waitFor(() => {
      const found = t.slackApi.responses.find((r) => r.name === name);
      if (!found) throw new Error('no answer yet');
      return JSON.stringify(found.body);
    });
    expect(shown).toContain('Changed outside secgroup');
    expect(shown).toContain(`since \`${request.id}\``);
    expect(shown).toContain(':heavy_plus_sign: `10.0.0.0/8` · TCP:3306');
    expect(shown).toContain('"action_id":"secgroup_edit_rules_open"');
    const { view } = await openForm(`edit ${groupId}`);
    expect(JSON.stringify(view)).toContain('Changed outside secgroup');
  });
});

describe('/secgroup delete', () => {
  it('tells what uses the group, asks approvers to accept that, and leaves it to Tencent Cloud', async () => {
    await t.emulator.associate(groupId, 'CVM', 3);
    const { view, metadata } = await openForm(`delete ${groupId} ${GZ}`);
    expect(JSON.stringify(view)).toContain('used by 3 CVM');
    const request = await submitForm('secgroup_delete_group', metadata, {});
    const prompt = json(
      t.slackApi.callsTo('chat.postMessage').find((c) => json(c).includes('secgroup_approve_in_use')),
    );
    expect(prompt).toContain('Approve although in use');
    const refused = await click(t, 'secgroup_approve', request.id, AP1);
    await vi.waitFor(() =>
      expect(JSON.stringify(t.slackApi.responses.find((r) => r.name === refused)?.body)).toContain('still in use'),
    );
    await click(t, 'secgroup_approve_in_use', request.id, AP1);
    await vi.waitFor(async () => expect((await t.service.get(request.id)).approvals).toHaveLength(1));
    await click(t, 'secgroup_approve_in_use', request.id, AP2);
    const failed = await waitForStatus(t, request.id, 'failed');
    expect(failed.failure?.code).toBe('ResourceInUse');
    expect(groupsIn(t.emulator, GZ).map((g) => g.id)).toContain(groupId);
  });

  it('deletes a group nothing uses after two approvals, and the card says so', async () => {
    const { view, metadata } = await openForm(`delete ${groupId}`);
    expect(JSON.stringify(view)).toContain('Nothing uses it');
    const request = await submitForm('secgroup_delete_group', metadata, {});
    await click(t, 'secgroup_approve', request.id, AP1);
    await vi.waitFor(async () => expect((await t.service.get(request.id)).approvals).toHaveLength(1));
    await click(t, 'secgroup_approve', request.id, AP2);
    await waitForStatus(t, request.id, 'done');
    expect(groupsIn(t.emulator, GZ)).toEqual([]);
    await vi.waitFor(async () => expect(await cardOf(request)).toContain('*Deleted*'));
    await vi.waitFor(() =>
      expect(t.slackApi.callsTo('chat.postMessage').map((c) => String(c.args.text))).toContain(
        `${request.id}: ${groupId} deleted`,
      ),
    );
  });
});

describe('/secgroup clone', () => {
  it('copies a group to another region with its rules', async () => {
    const { view, metadata } = await openForm(`clone ${groupId}`);
    expect(view.callback_id).toBe('secgroup_clone_group');
    const request = await submitForm('secgroup_clone_group', metadata, {
      clone_region: { region: { type: 'static_select', selected_option: { value: 'ap-singapore' } } },
      clone_project: { project: { type: 'static_select', selected_option: { value: '0' } } },
      clone_name: { name: { type: 'plain_text_input', value: 'web-sg' } },
    });
    expect(request.spec).toMatchObject({ kind: 'clone-group', region: 'ap-singapore', sourceGroupId: groupId });
    expect(await cardOf(request)).toContain('Security groups there');
    await click(t, 'secgroup_approve', request.id, AP1);
    const done = await waitForStatus(t, request.id, 'done');
    const [copy] = groupsIn(t.emulator, 'ap-singapore');
    expect(copy?.id).toBe(done.result?.securityGroupId);
    expect(rulesOf(t.emulator, copy?.id ?? '')).toEqual([office, web, outAll]);
  });
});
