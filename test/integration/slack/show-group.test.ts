import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloudUnavailableError } from '../../../src/service/errors.js';
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

describe('/secgroup show sg-… without a region', () => {
  it('finds a group the app created in another region, from its request, and shows what it is', async () => {
    const request = await submitNewGroup(t, {
      region: 'ap-singapore',
      name: 'web-sg',
      projectId: '1001',
      notes: 'Front end *servers*',
    });
    await click(t, 'secgroup_approve', request.id, 'U0APPROVER1');
    const done = await waitForStatus(t, request.id, 'done');
    const groupId = done.result?.securityGroupId ?? '';
    const before = t.cloud.callsTo('describeGroup').length;

    const answer = await run(`show ${groupId}`);
    const shown = blocksText(answer);
    expect(shown).toContain(`*Security group \`${groupId}\`* in \`ap-singapore\``);
    expect(shown).toContain('"text":"Name\\nweb-sg"');
    expect(shown).toContain('*Project*\\nPayments');
    expect(shown).toContain('"text":"Notes\\nFront end *servers*"');
    expect(shown).toMatch(/\*Created\*\\n<!date\^\d+\^\{date_short_pretty\} \{time\}\|2026-/);
    const inbound = done.result?.rules.filter((r) => r.direction === 'inbound').length;
    const outbound = done.result?.rules.filter((r) => r.direction === 'outbound').length;
    expect(shown).toContain(`*Inbound rules*\\n${inbound}`);
    expect(shown).toContain(`*Outbound rules*\\n${outbound}`);
    // The console's list of groups: Singapore's region number is not one Tencent documents.
    expect(shown).toContain('<https://console.cloud.tencent.com/vpc/security-group|Tencent Cloud console>');
    expect(shown).toContain(`Created by request \`${request.id}\``);
    expect(answer.text).toBe(`${groupId} in ap-singapore: ${inbound} inbound and ${outbound} outbound rules`);
    // The request named the region: the default one was never searched.
    expect(
      t.cloud
        .callsTo('describeGroup')
        .slice(before)
        .map((args) => args[0]),
    ).toEqual(['ap-singapore']);
  });

  it('searches the regions for a group made elsewhere, then remembers where it is', async () => {
    const group = t.cloud.seedGroup('ap-singapore', { name: 'made-in-console' });
    const first = await run(`show ${group.id}`);
    expect(blocksText(first)).toContain(`*Security group \`${group.id}\`* in \`ap-singapore\``);
    expect(blocksText(first)).toContain('"text":"Name\\nmade-in-console"');
    expect(blocksText(first)).toContain('"text":"Notes\\n—"');
    expect(blocksText(first)).not.toContain('Created by request');

    const before = t.cloud.callsTo('describeGroup').length;
    await run(`show ${group.id}`);
    expect(
      t.cloud
        .callsTo('describeGroup')
        .slice(before)
        .map((args) => args[0]),
    ).toEqual(['ap-singapore']);
  });

  it('links to the group itself in a region whose console number is documented', async () => {
    const group = t.cloud.seedGroup('ap-guangzhou', { name: 'gz' });
    const answer = await run(`show ${group.id}`);
    expect(blocksText(answer)).toContain(
      `<https://console.cloud.tencent.com/vpc/security-group/detail?rid=1&id=${group.id}|Open ${group.id} in the Tencent Cloud console>`,
    );
  });

  it('says which regions it searched when no region has the group, and which did not answer', async () => {
    expect((await run('show sg-zz99zz99')).text).toBe(
      "I can't find security group `sg-zz99zz99` in `ap-guangzhou`, `ap-singapore`.",
    );
    t.cloud.failNext('describeGroup', new CloudUnavailableError('InternalError', 'down'));
    const answer = await run('show sg-zz99zz98');
    expect(answer.text).toMatch(
      /^I can't find security group `sg-zz99zz98` in `ap-(guangzhou|singapore)`\. Tencent Cloud did not answer for `ap-(guangzhou|singapore)`; try again in a minute\.$/,
    );
  });

  it('with a region looks only there', async () => {
    const group = t.cloud.seedGroup('ap-singapore', { name: 'only-sg' });
    expect((await run(`show ${group.id} ap-guangzhou`)).text).toBe(
      `I can't find security group \`${group.id}\` in \`ap-guangzhou\`.`,
    );
    expect(blocksText(await run(`show ${group.id} ap-singapore`))).toContain('"text":"Name\\nonly-sg"');
  });
});
