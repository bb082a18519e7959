import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildHelp } from '../../../src/slack/blocks/help.js';
import { buildTemplatesList } from '../../../src/slack/blocks/templates-list.js';
import { callsTo, seedGroup } from '../../helpers/test-emulator.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { click, submitNewGroup, waitForStatus } from './flow.js';
import { slashCommand } from './payloads.js';

let t: TestSecgroup;
beforeEach(async () => {
  t = await startTestSecgroup();
});
afterEach(async () => {
  await t.stop();
});

/** Runs `/secgroup <text>` and returns the private answer. */
async function run(text: string): Promise<Record<string, unknown>> {
  const name = `cmd:${text}:${t.slackApi.responses.length}`;
  const res = await t.send('command', slashCommand(text, { response_url: t.slackApi.responseUrl(name) }));
  expect(res.status).toBe(200);
  await vi.waitFor(() => expect(t.slackApi.responses.some((r) => r.name === name)).toBe(true));
  const answer = t.slackApi.responses.find((r) => r.name === name)?.body ?? {};
  expect(answer.response_type).toBe('ephemeral');
  return answer;
}

const blocksText = (answer: Record<string, unknown>) => JSON.stringify(answer.blocks);

describe('/secgroup subcommands', () => {
  it.each(['', 'help'])('%j shows usage', async (text) => {
    expect(await run(text)).toEqual({ response_type: 'ephemeral', replace_original: false, ...buildHelp() });
  });

  it('an unknown subcommand shows usage with what was wrong, escaped', async () => {
    const answer = await run('<!channel>');
    // The fallback text is mrkdwn too: escaped like the blocks.
    expect(answer).toMatchObject({ text: 'Unknown subcommand "&lt;!channel&gt;".' });
    expect(blocksText(answer)).toContain('Unknown subcommand \\"&lt;!channel&gt;\\".');
    expect(blocksText(answer)).toContain('`/secgroup new`: request a new security group');
  });

  it('templates lists each template with its rules', async () => {
    const answer = await run('templates');
    expect(answer.blocks).toEqual(buildTemplatesList(t.catalog.templates()).blocks);
    expect(blocksText(answer)).toContain('*Open all ports* (`open-all`)');
  });

  it("list shows the groups of the default region, or of the region given, created times in each reader's zone", async () => {
    const group = await seedGroup(t.emulator, 'ap-guangzhou', { name: 'web-<b>' });
    await seedGroup(t.emulator, 'ap-singapore', { name: 'sg-one' });
    const created = new Date(group.createdTime);
    const shownAt = `<!date^${created.getTime() / 1000}^{date_short_pretty} {time}|${created.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;
    const gz = await run('list');
    expect(gz.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*Security groups in \`ap-guangzhou\`* — 1–1 of 1\n• \`${group.id}\` \`web-&lt;b&gt;\` · Default project · created ${shownAt}`,
        },
      },
    ]);
    const sg = await run('list ap-singapore');
    expect(blocksText(sg)).toContain('`sg-one`');
  });

  it('list with an unknown region says which regions exist', async () => {
    const answer = await run('list eu-nowhere');
    const known = (await t.catalog.regions()).map((r) => `\`${r.id}\``).join(', ');
    expect(answer.text).toBe(`I don't know the region \`eu-nowhere\`. Known regions: ${known}.`);
    expect(callsTo(t.emulator, 'DescribeSecurityGroups')).toEqual([]);
  });

  it("show req-… gives the request and its history; show sg-… the group's rules", async () => {
    const request = await submitNewGroup(t);
    await click(t, 'secgroup_approve', request.id, 'U0APPROVER1');
    const done = await waitForStatus(t, request.id, 'done');
    const shown = await run(`show ${request.id}`);
    expect(blocksText(shown)).toContain('*History*');
    expect(blocksText(shown)).toContain('<@U0APPROVER1> pending → approved');
    expect(blocksText(shown)).toContain(`:white_check_mark: *Created* \`${done.result?.securityGroupId}\``);

    const group = await run(`show ${done.result?.securityGroupId}`);
    expect(blocksText(group)).toContain(`*Security group \`${done.result?.securityGroupId}\`* in \`ap-guangzhou\``);
  });

  it('show with an unknown request id says so', async () => {
    const answer = await run('show req-zz99zz99');
    expect(answer.text).toBe("I can't find request `req-zz99zz99`.");
  });

  it('show with something that is not an id explains what ids look like', async () => {
    const answer = await run('show sg-1');
    expect(answer.text).toBe(
      '"sg-1" is neither a request id (req- and 8 letters or digits) nor a security group id (sg- and 8 letters or digits).',
    );
  });

  it('history lists recent requests with requester, what and status', async () => {
    const request = await submitNewGroup(t, { name: 'hist-one' });
    const answer = await run('history');
    expect(blocksText(answer)).toContain(
      `\`${request.id}\` <!date^1772442000^{date_short_pretty} {time}|2026-03-02 09:00 UTC> <@U0REQUESTER> create \`hist-one\` in \`ap-guangzhou\`: *pending*`,
    );
  });
});
