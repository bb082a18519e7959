import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { TemplatePreview } from '../../../src/service/api.js';
import type { Template } from '../../../src/service/types.js';
import { buildNewGroupModal } from '../../../src/slack/blocks/new-group-modal.js';

const LONG_DESCRIPTION =
  'Port 22, 80, 443 and 3389, and the ICMP protocol are open. All ports are open internally, to every private network.';

const templates: TemplatePreview[] = [
  {
    template: {
      id: 'open-all',
      name: 'Open all ports',
      description: 'All ports are open. May present security issues.',
      riskNote: 'All ports are open. May present security issues.',
      approvalsRequired: 2,
      rules: [],
    },
    risks: ['All ports open to the internet'],
    approvalsRequired: 2,
  },
  {
    template: {
      id: 'web-basic',
      name: 'Open port 22, 80, 443, 3389 and ICMP protocol',
      description: LONG_DESCRIPTION,
      notes: 'Suitable for instances with web services.',
      approvalsRequired: 1,
      rules: [
        {
          direction: 'inbound',
          protocol: 'TCP',
          port: '22',
          peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
          action: 'ACCEPT',
          description: 'Linux SSH login',
        },
      ],
    },
    risks: ['SSH (22) open to the internet'],
    approvalsRequired: 1,
  },
  {
    template: { id: 'custom', name: 'Custom', description: 'Blank.', approvalsRequired: 1, rules: [] },
    risks: [],
    approvalsRequired: 1,
  },
];

function modal(options: { count?: number; selected?: string } = {}) {
  const count = options.count ?? templates.length;
  const many = Array.from({ length: count }, (_, i) => {
    const base = templates[i % templates.length] as TemplatePreview;
    return { ...base, template: { ...base.template, id: `t${i}`, name: `Template ${i}` } as Template };
  });
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
    ...(options.selected ? { selectedTemplateId: options.selected } : {}),
  });
}

const inputOf = (view: types.ModalView, blockId: string) =>
  view.blocks.find((b): b is types.InputBlock => b.type === 'input' && b.block_id === blockId);

/** The blocks between the template choice and the name field: what is shown of the chosen template. */
function shownUnderChoice(view: types.ModalView): string {
  const from = view.blocks.findIndex((b) => b.block_id === 'new_group_template');
  const to = view.blocks.findIndex((b) => b.block_id === 'new_group_name');
  return JSON.stringify(view.blocks.slice(from + 1, to));
}

describe('buildNewGroupModal', () => {
  it('has the console fields in order, defaults preselected, and each template its approvals and risk mark', () => {
    const view = modal();
    expect(view.callback_id).toBe('secgroup_new_group');
    expect(view.private_metadata).toBe('{"channelId":"C0SEC"}');
    const inputs = view.blocks.filter((b): b is types.InputBlock => b.type === 'input');
    expect(inputs.map((b) => [b.block_id, b.label.text])).toEqual([
      ['new_group_region', 'Region'],
      ['new_group_template', 'Template'],
      ['new_group_name', 'Name'],
      ['new_group_project', 'Project'],
      ['new_group_notes', 'Notes'],
      ['keep_for', 'Keep the rules'],
      ['keep_until_date', 'Until: date (UTC)'],
      ['keep_until_time', 'Until: time (UTC)'],
    ]);
    const [region, template, name, project, notes] = inputs.map((b) => b.element as unknown as Record<string, unknown>);
    expect(region?.initial_option).toEqual({
      text: { type: 'plain_text', text: 'East China (Shanghai) (ap-shanghai)' },
      value: 'ap-shanghai',
    });
    // Choosing a template is sent to the app at once, which shows it in full.
    expect(inputOf(view, 'new_group_template')?.dispatch_action).toBe(true);
    expect(template?.type).toBe('radio_buttons');
    // Names whole (a name may be the option's 75 characters); approvals and risk under each.
    expect(template?.options).toEqual([
      {
        text: { type: 'plain_text', text: 'Open all ports' },
        value: 'open-all',
        description: { type: 'plain_text', text: 'needs 2 approvals · :warning: has risks' },
      },
      {
        text: { type: 'plain_text', text: 'Open port 22, 80, 443, 3389 and ICMP protocol' },
        value: 'web-basic',
        description: { type: 'plain_text', text: 'needs 1 approval · :warning: has risks' },
      },
      {
        text: { type: 'plain_text', text: 'Custom' },
        value: 'custom',
        description: { type: 'plain_text', text: 'needs 1 approval' },
      },
    ]);
    expect(shownUnderChoice(view)).toContain(
      'Choose a template to see its rules, its risk and the approvals it needs.',
    );
    expect(name).toMatchObject({ type: 'plain_text_input', max_length: 60 });
    expect(project?.initial_option).toEqual({ text: { type: 'plain_text', text: 'Default project' }, value: '0' });
    expect(notes).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 100 });
  });

  it('shows the chosen template in full under the choice: description, notes, risks, approvals and rules', () => {
    const view = modal({ selected: 'web-basic' });
    const shown = shownUnderChoice(view);
    expect(shown).toContain('*Open port 22, 80, 443, 3389 and ICMP protocol* · needs 1 approval');
    expect(shown).toContain(LONG_DESCRIPTION);
    expect(shown).toContain('Suitable for instances with web services.');
    expect(shown).toContain(':warning: SSH (22) open to the internet');
    expect(shown).toContain('• `0.0.0.0/0` · TCP:22 · Allow · `Linux SSH login`');
    expect(shown).not.toContain('Open all ports');
    const element = inputOf(view, 'new_group_template')?.element as types.RadioButtons;
    expect(element.initial_option?.value).toBe('web-basic');
  });

  it('says the risk note once when the checks say the same', () => {
    const shown = shownUnderChoice(modal({ selected: 'open-all' }));
    expect(shown.match(/All ports are open\. May present security issues\./g)).toHaveLength(2); // description and one warning
    expect(shown).toContain(':warning: All ports open to the internet');
    expect(shown).toContain('No rules: the group denies all traffic until rules are added.');
  });

  it('falls back to a select when there are more templates than radio buttons allow, and still shows the chosen one', () => {
    const view = modal({ count: 11, selected: 't4' });
    const element = inputOf(view, 'new_group_template')?.element as types.StaticSelect;
    expect(element.type).toBe('static_select');
    expect(element.initial_option?.value).toBe('t4');
    expect(shownUnderChoice(view)).toContain('*Template 4* · needs 1 approval');
    expect(shownUnderChoice(view)).toContain(LONG_DESCRIPTION);
  });

  it('shows a name of 75 characters whole in its radio button', () => {
    const name = 'N'.repeat(75);
    const first = templates[0] as TemplatePreview;
    const view = buildNewGroupModal({
      regions: [{ id: 'ap-guangzhou', name: 'Guangzhou' }],
      projects: [{ id: '0', name: 'Default project' }],
      templates: [{ ...first, template: { ...first.template, name } }],
      defaultRegion: 'ap-guangzhou',
      privateMetadata: '{}',
    });
    const element = inputOf(view, 'new_group_template')?.element as types.RadioButtons;
    expect(element.options[0]?.text.text).toBe(name);
  });

  it('offers every template past 100 in groups, with nothing of the others stacked in the form', () => {
    const view = modal({ count: 250 });
    const element = inputOf(view, 'new_group_template')?.element as types.StaticSelect;
    expect(element.options).toBeUndefined();
    expect(element.option_groups?.map((g) => g.label.text)).toEqual([
      'Templates 1–100',
      'Templates 101–200',
      'Templates 201–250',
    ]);
    expect(element.option_groups?.flatMap((g) => g.options.map((o) => o.value))).toHaveLength(250);
    expect(shownUnderChoice(view)).not.toContain('warning');
  });
});
