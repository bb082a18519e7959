import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { types } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkSlackLimits } from '../../helpers/slack-limits.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { slashCommand, templateChoice } from './payloads.js';

let t: TestSecgroup | undefined;
let dir: string | undefined;
afterEach(async () => {
  await t?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  t = undefined;
  dir = undefined;
});

/** `/secgroup new`: the form as it opened. */
async function openForm(app: TestSecgroup): Promise<types.ModalView & { id: string }> {
  const res = await app.send('command', slashCommand('new', { response_url: app.slackApi.responseUrl('new') }));
  expect(res.status).toBe(200);
  await vi.waitFor(() => expect(app.slackApi.callsTo('views.open')).toHaveLength(1));
  return { ...(app.slackApi.callsTo('views.open')[0]?.args.view as types.ModalView), id: 'V0VIEW0' };
}

/** Chooses a template in the form and returns the form as the app updated it. */
async function choose(app: TestSecgroup, view: types.ModalView, templateId: string, hash = '100.first') {
  const before = app.slackApi.callsTo('views.update').length;
  const res = await app.send(
    'interaction',
    templateChoice({ blocks: view.blocks, private_metadata: view.private_metadata ?? '' }, templateId, {
      viewId: 'V0VIEW0',
      hash,
    }),
  );
  expect(res.status).toBe(200);
  await vi.waitFor(() => expect(app.slackApi.callsTo('views.update').length).toBeGreaterThan(before));
  return app.slackApi.callsTo('views.update').slice(before);
}

/** What a person reads between the template choice and the Name field. */
function underChoice(view: types.ModalView): string {
  const from = view.blocks.findIndex((b) => b.block_id === 'new_group_template');
  const to = view.blocks.findIndex((b) => b.block_id === 'new_group_name');
  return JSON.stringify(view.blocks.slice(from + 1, to));
}

describe('the new-group form shows the chosen template in full as soon as it is chosen', () => {
  it('description, notes, rules, risk and approvals of the chosen template, in the same form', async () => {
    t = await startTestSecgroup();
    const form = await openForm(t);
    expect(underChoice(form)).toBe(
      JSON.stringify([
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: 'Choose a template to see its rules, its risk and the approvals it needs.' },
          ],
        },
      ]),
    );

    const [update] = await choose(t, form, 'web-basic');
    expect(update?.args.view_id).toBe('V0VIEW0');
    expect(update?.args.hash).toBe('100.first');
    const view = update?.args.view as types.ModalView;
    expect(view.private_metadata).toBe(form.private_metadata);
    const shown = underChoice(view);
    // The whole description (87 characters; a radio option cut it at 75 before).
    expect(shown).toContain(
      'Port 22, 80, 443 and 3389, and the ICMP protocol are open. All ports are open internally.',
    );
    expect(shown).toContain('Suitable for instances with web services.');
    expect(shown).toContain('*Open port 22, 80, 443, 3389 and ICMP protocol* · needs 1 approval');
    expect(shown).toMatch(/:warning: [^"]*SSH/);
    expect(shown).toMatch(/:warning: [^"]*RDP|:warning: [^"]*3389/);
    expect(shown).toContain('*Inbound rules* (11)');
    expect(shown).toContain('• `0.0.0.0/0` · TCP:3389 · Allow · `Windows remote desktop (IPv4)`');
    expect(shown).toContain('*Outbound rules* (2)');
    expect(checkSlackLimits(view)).toEqual([]);

    const [again] = await choose(t, view, 'open-all', '101.second');
    const openAll = underChoice(again?.args.view as types.ModalView);
    expect(openAll).toContain('*Open all ports* · needs 2 approvals');
    expect(openAll).toContain(':warning: All ports are open. May present security issues.');
    expect(openAll).not.toContain('Suitable for instances with web services.');
  });

  it('when an earlier choice changed the form first, the latest choice is still shown', async () => {
    t = await startTestSecgroup();
    const form = await openForm(t);
    t.slackApi.failNext('views.update', 'hash_conflict');
    const calls = await choose(t, form, 'custom', 'stale.hash');
    await vi.waitFor(() => expect(t?.slackApi.callsTo('views.update')).toHaveLength(2));
    const retried = t.slackApi.callsTo('views.update')[1];
    expect(calls[0]?.args.hash).toBe('stale.hash');
    expect(retried?.args.hash).toBeUndefined();
    expect(underChoice(retried?.args.view as types.ModalView)).toContain(
      'No rules: the group denies all traffic until rules are added.',
    );
  });

  it('at 150 templates: every one offered, none stacked above Name, the chosen one shown in full', async () => {
    dir = await mkdtemp(join(tmpdir(), 'secgroup-templates-'));
    const file = join(dir, 'templates.yml');
    const templates = Array.from(
      { length: 150 },
      (_, i) => `  - id: team-${i}
    name: Team template ${i}
    description: ${`Template ${i} opens HTTPS from the office network, and nothing else, for the team's services. `.repeat(3).trim()}
    riskNote: Risk note of template ${i}.
    approvalsRequired: ${1 + (i % 3)}
    rules:
      - { direction: inbound, protocol: TCP, port: "443", peer: 203.0.113.0/24, action: ACCEPT, description: HTTPS ${i} }
`,
    );
    await writeFile(file, `templates:\n${templates.join('')}`);
    t = await startTestSecgroup({ env: { SECGROUP_TEMPLATES_FILE: file } });
    const form = await openForm(t);
    const element = form.blocks.find((b) => b.block_id === 'new_group_template') as types.InputBlock;
    const select = element.element as types.StaticSelect;
    expect(select.option_groups?.flatMap((g) => g.options.map((o) => o.value))).toEqual(
      Array.from({ length: 150 }, (_, i) => `team-${i}`),
    );
    expect(underChoice(form)).not.toContain('Risk note');

    const [update] = await choose(t, form, 'team-149');
    const shown = underChoice(update?.args.view as types.ModalView);
    expect(shown).toContain('*Team template 149* · needs 3 approvals');
    expect(shown).toContain(
      `Template 149 opens HTTPS from the office network, and nothing else, for the team's services. Template 149`,
    );
    expect(shown).toContain(':warning: Risk note of template 149.');
    expect(shown).not.toContain('template 148');
    expect(shown).toContain('• `203.0.113.0/24` · TCP:443 · Allow · `HTTPS 149`');
  });
});
