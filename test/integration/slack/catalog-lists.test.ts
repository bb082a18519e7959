import type { types } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActionId } from '../../../src/slack/ids.js';
import { failNext } from '../../helpers/test-emulator.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { formButtonClick, slashCommand } from './payloads.js';

let t: TestSecgroup | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** `/secgroup new`: the form as it opened. */
async function openForm(app: TestSecgroup): Promise<types.ModalView> {
  const before = app.slackApi.callsTo('views.open').length;
  const res = await app.send('command', slashCommand('new', { response_url: app.slackApi.responseUrl('new') }));
  expect(res.status).toBe(200);
  await vi.waitFor(() => expect(app.slackApi.callsTo('views.open').length).toBe(before + 1));
  return app.slackApi.callsTo('views.open')[before]?.args.view as types.ModalView;
}

/** The project names the form offers. */
function projectsOffered(view: types.ModalView): string[] {
  const block = view.blocks.find((b) => b.block_id === 'new_group_project') as types.InputBlock;
  return ((block.element as types.StaticSelect).options ?? []).map((o) => o.text.text);
}

/** Runs `/secgroup <text>` and returns the private answer's text. */
async function run(app: TestSecgroup, text: string): Promise<string> {
  const name = `cmd:${text}:${app.slackApi.responses.length}`;
  const res = await app.send('command', slashCommand(text, { response_url: app.slackApi.responseUrl(name) }));
  expect(res.status).toBe(200);
  await vi.waitFor(() => expect(app.slackApi.responses.some((r) => r.name === name)).toBe(true));
  return String(app.slackApi.responses.find((r) => r.name === name)?.body.text);
}

describe('region and project lists', () => {
  it('a project created in the console appears within SECGROUP_PROJECTS_TTL_MINUTES, regions are not asked again', async () => {
    t = await startTestSecgroup({ env: { SECGROUP_PROJECTS_TTL_MINUTES: '5' } });
    await t.emulator.addProject('Shop');
    expect(projectsOffered(await openForm(t))).not.toContain('Shop');

    t.clock.advance(6 * 60_000);
    await openForm(t); // served at once from the cache, which it refreshes meanwhile
    await vi.waitFor(async () => expect((await t?.catalog.projects())?.map((p) => p.name)).toContain('Shop'));
    expect(projectsOffered(await openForm(t))).toEqual(['Default project', 'Payments', 'Shop']);
    expect(t.emulator.calls().filter((c) => c.action === 'DescribeRegions')).toEqual([]);
  });

  it('"Refresh lists" in the form fetches them at once and updates the form, keeping what was entered', async () => {
    t = await startTestSecgroup();
    const form = await openForm(t);
    await t.emulator.addProject('Shop');
    const res = await t.send(
      'interaction',
      formButtonClick({ blocks: form.blocks, private_metadata: form.private_metadata ?? '' }, ActionId.refreshLists, {
        viewId: 'V0VIEW0',
        hash: '200.opened',
        values: {
          new_group_template: {
            template: {
              type: 'radio_buttons',
              selected_option: { value: 'custom', text: { type: 'mrkdwn', text: 'Custom' } },
            },
          },
        },
      }),
    );
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(t?.slackApi.callsTo('views.update')).toHaveLength(1));
    const update = t.slackApi.callsTo('views.update')[0];
    expect(update?.args).toMatchObject({ view_id: 'V0VIEW0', hash: '200.opened' });
    const view = update?.args.view as types.ModalView;
    expect(projectsOffered(view)).toEqual(['Default project', 'Payments', 'Shop']);
    const shown = JSON.stringify(view.blocks);
    expect(shown).toMatch(/Lists refreshed from Tencent Cloud: \d+ regions, 3 projects\./);
    // The template chosen before the refresh is still shown in full.
    expect(shown).toContain('No rules: the group denies all traffic until rules are added.');
    expect(view.private_metadata).toBe(form.private_metadata);
  });

  it('/secgroup refresh says what it fetched, and which list Tencent Cloud did not give', async () => {
    t = await startTestSecgroup();
    await t.emulator.addProject('Shop');
    expect(await run(t, 'refresh')).toMatch(/^Lists refreshed from Tencent Cloud: \d+ regions, 3 projects\.$/);
    expect((await t.catalog.projects()).map((p) => p.name)).toContain('Shop');

    failNext(t.emulator, { action: 'DescribeProjects', code: 'InternalError', times: 1 });
    expect(await run(t, 'refresh')).toMatch(
      /^Tencent Cloud did not give the projects; showing the lists from before \(\d+ regions, 3 projects\)\. Try again in a minute\.$/,
    );
  });
});
