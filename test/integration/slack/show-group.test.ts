import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callsTo, failNext, seedGroup } from '../../helpers/test-emulator.js';
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
/** The regions where DescribeSecurityGroups was asked for one group by id, from the `from`th call on. */
const lookedUpIn = (from = 0) =>
  callsTo(t.emulator, 'DescribeSecurityGroups')
    .slice(from)
    .filter((c) => (c.params as { SecurityGroupIds?: string[] }).SecurityGroupIds !== undefined)
    .map((c) => c.region);

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
    const before = callsTo(t.emulator, 'DescribeSecurityGroups').length;

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
    expect(lookedUpIn(before)).toEqual(['ap-singapore']);
  });

  it('searches the regions for a group made elsewhere, then remembers where it is', async () => {
    const group = await seedGroup(t.emulator, 'ap-singapore', { name: 'made-in-console' });
    const first = await run(`show ${group.id}`);
    expect(blocksText(first)).toContain(`*Security group \`${group.id}\`* in \`ap-singapore\``);
    expect(blocksText(first)).toContain('"text":"Name\\nmade-in-console"');
    expect(blocksText(first)).toContain('"text":"Notes\\n—"');
    expect(blocksText(first)).not.toContain('Created by request');

    const before = callsTo(t.emulator, 'DescribeSecurityGroups').length;
    await run(`show ${group.id}`);
    expect(lookedUpIn(before)).toEqual(['ap-singapore']);
  });

  it('links to the group itself in a region whose console number is documented', async () => {
    const group = await seedGroup(t.emulator, 'ap-guangzhou', { name: 'gz' });
    const answer = await run(`show ${group.id}`);
    expect(blocksText(answer)).toContain(
      `<https://console.cloud.tencent.com/vpc/security-group/detail?rid=1&id=${group.id}|Open ${group.id} in the Tencent Cloud console>`,
    );
  });

  it('says which regions it searched when no region has the group, and which did not answer', async () => {
    const regions = (await t.catalog.regions()).map((r) => r.id);
    const listed = (ids: string[]) => ids.map((id) => `\`${id}\``).join(', ');
    expect((await run('show sg-zz99zz99')).text).toBe(
      `I can't find security group \`sg-zz99zz99\` in ${listed(regions)}.`,
    );
    failNext(t.emulator, { action: 'DescribeSecurityGroups', code: 'InternalError' });
    const answer = await run('show sg-zz99zz98');
    const failed = callsTo(t.emulator, 'DescribeSecurityGroups').find((c) => c.outcome === 'InternalError')?.region;
    expect(answer.text).toBe(
      `I can't find security group \`sg-zz99zz98\` in ${listed(regions.filter((r) => r !== failed))}. Tencent Cloud did not answer for \`${failed}\`; try again in a minute.`,
    );
  });

  it('with a region looks only there', async () => {
    const group = await seedGroup(t.emulator, 'ap-singapore', { name: 'only-sg' });
    expect((await run(`show ${group.id} ap-guangzhou`)).text).toBe(
      `I can't find security group \`${group.id}\` in \`ap-guangzhou\`.`,
    );
    expect(blocksText(await run(`show ${group.id} ap-singapore`))).toContain('"text":"Name\\nonly-sg"');
  });
});
