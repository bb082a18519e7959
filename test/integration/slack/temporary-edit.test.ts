import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatRuleLines } from '../../../src/service/rules/rule-lines.js';
import type { Rule } from '../../../src/service/types.js';
import { rulesOf, seedGroup } from '../../helpers/test-emulator.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { click, waitForStatus } from './flow.js';
import { keepForValues, modalSubmission, REQUESTER, slashCommand } from './payloads.js';

const GZ = 'ap-guangzhou';
const HOUR = 3_600_000;
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
const db = rule('5432', '198.51.100.7/32', 'db for a while');

let t: TestSecgroup;
let groupId: string;
beforeEach(async () => {
  t = await startTestSecgroup();
  groupId = (await seedGroup(t.emulator, GZ, { name: 'web', rules: [office, web, outAll] })).id;
});
afterEach(async () => {
  await t.stop();
});

/** `/secgroup edit sg-…`: the form that replaces the loading view. */
async function openEditForm(): Promise<{ view: string; metadata: string }> {
  const updates = t.slackApi.callsTo('views.update').length;
  await t.send('command', slashCommand(`edit ${groupId}`, { response_url: t.slackApi.responseUrl('edit') }));
  await vi.waitFor(() => expect(t.slackApi.callsTo('views.update').length).toBe(updates + 1));
  const view = t.slackApi.callsTo('views.update').at(-1)?.args.view as Record<string, unknown>;
  return { view: JSON.stringify(view), metadata: String(view.private_metadata) };
}

/** Submits the edit form with these inbound rules (outbound unchanged), kept `keepFor`. */
async function submitEdit(inbound: Rule[], keepFor: string): Promise<Response> {
  const { metadata } = await openEditForm();
  const values = {
    add_rules_inbound: { rules: { type: 'plain_text_input', value: formatRuleLines(inbound) } },
    add_rules_outbound: { rules: { type: 'plain_text_input', value: formatRuleLines([outAll]) } },
    ...keepForValues({ keepFor }),
  };
  return t.send('interaction', modalSubmission('secgroup_edit_rules', metadata, values as never, REQUESTER));
}

const stored = async () => (await t.service.history({ limit: 100 })).items;

describe('Keep for on the edit form', () => {
  it('offers Keep for; rules only added are kept for a while and removed by themselves, leaving the group as it was', async () => {
    const { view } = await openEditForm();
    expect(view).toContain('"block_id":"keep_for"');
    expect(view).toContain('"initial_option":{"text":{"type":"plain_text","text":"Permanently"},"value":"permanent"}');

    const res = await submitEdit([office, web, db], '4h');
    expect(await res.text()).toBe('');
    const request = await vi.waitFor(async () => {
      const [made] = await stored();
      if (!made || !(await t.shown(made.id))?.promptTs) throw new Error('not posted yet');
      return made;
    });
    expect(request).toMatchObject({ kind: 'edit-rules', temporary: { keep: { hours: 4 } } });

    await click(t, 'secgroup_approve', request.id, 'U0APPROVER1');
    await waitForStatus(t, request.id, 'done');
    expect(rulesOf(t.emulator, groupId)).toEqual([office, web, db, outAll]);
    t.clock.advance(4 * HOUR);
    await t.service.removeExpiredAccess();
    await t.settled();
    expect(rulesOf(t.emulator, groupId)).toEqual([office, web, outAll]);
  });

  it('refuses Keep for on an edit that also changes rules, beside Keep for, storing nothing', async () => {
    const moved = rule('22', '198.51.100.0/24', 'SSH from the new office');
    const res = await submitEdit([moved, web, db], '4h');
    const answer = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(answer).toEqual({
      response_action: 'errors',
      errors: {
        keep_for:
          'Only added rules can be kept for a while: this edit changes or removes rules too. Keep it permanently, or add the temporary rules on their own.',
      },
    });
    expect(await stored()).toEqual([]);
    expect(rulesOf(t.emulator, groupId)).toEqual([office, web, outAll]);
  });

  it('refuses a length the access policy does not allow for what the edit opens, beside Keep for', async () => {
    const sshFromAnywhere = rule('22', '0.0.0.0/0', 'ssh');
    const res = await submitEdit([office, web, sshFromAnywhere], '24h');
    const answer = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(answer.errors.keep_for).toMatch(/SSH or RDP from the internet may be kept at most 8 h \(access policy\)/);
    expect(await stored()).toEqual([]);
  });
});
