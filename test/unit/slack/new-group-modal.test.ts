import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { Template } from '../../../src/service/types.js';
import { buildNewGroupModal } from '../../../src/slack/blocks/new-group-modal.js';

const templates: Template[] = [
  {
    id: 'open-all',
    name: 'Open all ports',
    description: 'All ports are open. May present security issues.',
    riskNote: 'All ports are open. May present security issues.',
    approvalsRequired: 2,
    rules: [],
  },
  {
    id: 'web-basic',
    name: 'Open port 22, 80, 443, 3389 and ICMP protocol',
    description: 'Port 22, 80, 443 and 3389, and the ICMP protocol are open. All ports are open internally.',
    notes: 'Suitable for instances with web services.',
    approvalsRequired: 1,
    rules: [],
  },
];

function modal(count = templates.length) {
  const many = Array.from({ length: count }, (_, i) => ({ ...templates[i % 2], id: `t${i}` }) as Template);
  return buildNewGroupModal({
    regions: [
      { id: 'ap-guangzhou', name: 'South China (Guangzhou)' },
      { id: 'ap-shanghai', name: 'East China (Shanghai)' },
    ],
    projects: [
      { id: '0', name: 'Default project' },
      { id: '1001', name: 'Shop' },
    ],
    templates: count === templates.length ? templates : many,
    defaultRegion: 'ap-shanghai',
    privateMetadata: '{"channelId":"C0SEC"}',
  });
}

describe('buildNewGroupModal', () => {
  it('has the console fields in order, defaults preselected, and Slack limits respected', () => {
    const view = modal();
    expect(view.callback_id).toBe('secgroup_new_group');
    expect(view.private_metadata).toBe('{"channelId":"C0SEC"}');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    const inputs = view.blocks.filter((b): b is types.InputBlock => b.type === 'input');
    expect(inputs.map((b) => [b.block_id, b.label.text])).toEqual([
      ['new_group_region', 'Region'],
      ['new_group_template', 'Template'],
      ['new_group_name', 'Name'],
      ['new_group_project', 'Project'],
      ['new_group_notes', 'Notes'],
    ]);
    const [region, template, name, project, notes] = inputs.map((b) => b.element as unknown as Record<string, unknown>);
    expect(region?.initial_option).toEqual({
      text: { type: 'plain_text', text: 'East China (Shanghai) (ap-shanghai)' },
      value: 'ap-shanghai',
    });
    expect(template?.type).toBe('radio_buttons');
    expect(template?.options).toEqual([
      {
        text: { type: 'mrkdwn', text: '*Open all ports* :warning:' },
        value: 'open-all',
        description: { type: 'plain_text', text: 'All ports are open. May present security issues.' },
      },
      {
        text: { type: 'mrkdwn', text: '*Open port 22, 80, 443, 3389 and ICMP protocol*' },
        value: 'web-basic',
        description: {
          type: 'plain_text',
          text: 'Port 22, 80, 443 and 3389, and the ICMP protocol are open. All ports are o…',
        },
      },
    ]);
    expect(name).toMatchObject({ type: 'plain_text_input', max_length: 60 });
    expect(project?.initial_option).toEqual({ text: { type: 'plain_text', text: 'Default project' }, value: '0' });
    expect(notes).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 100 });
    expect(JSON.stringify(view.blocks)).toContain(
      ':warning: *Open all ports*: All ports are open. May present security issues.',
    );
  });

  it('falls back to a select when there are more templates than radio buttons allow', () => {
    const template = modal(11).blocks.find(
      (b): b is types.InputBlock => b.type === 'input' && b.block_id === 'new_group_template',
    );
    expect(template?.element.type).toBe('static_select');
  });
});
