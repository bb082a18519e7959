/**
 * Every message and view builder in src/slack/blocks over the worst data it can be given, checked
 * against Slack's limits (test/helpers/slack-limits.ts) and against what the local workspace's
 * Web API refuses (src/devtools/local-workspace/web-api/block-limits.ts): names at their maximum
 * length made of the characters that grow when escaped (&, <, >), 100 rules per direction,
 * 100 groups, a 52-character project name, 120 templates, long reject reasons and cloud messages.
 */
import { readdirSync } from 'node:fs';
import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { messageBlockProblems, viewProblems } from '../../../src/devtools/local-workspace/web-api/block-limits.js';
import type { TemplatePreview } from '../../../src/service/api.js';
import type { AccessPolicy } from '../../../src/service/policy/access-policy.js';
import { REJECT_REASON_MAX } from '../../../src/service/policy/approval-policy.js';
import { outlineOf } from '../../../src/service/policy/visibility.js';
import { rulesInWords } from '../../../src/service/requests/changes/add-rules.js';
import { GROUP_NAME_MAX, GROUP_NOTES_MAX } from '../../../src/service/requests/group-input.js';
import { formatRuleLines } from '../../../src/service/rules/rule-lines.js';
import { RULE_DESCRIPTION_MAX } from '../../../src/service/rules/rules.js';
import type {
  ChangeRequest,
  GroupDrift,
  GroupUsage,
  Project,
  Region,
  Rule,
  RuleDiff,
  SecurityGroup,
  Template,
} from '../../../src/service/types.js';
import { buildAddRulesModal } from '../../../src/slack/blocks/add-rules-modal.js';
import { buildRulesPreview } from '../../../src/slack/blocks/add-rules-preview.js';
import { buildDeletedMessage } from '../../../src/slack/blocks/day2-card.js';
import { buildExtendAccessModal } from '../../../src/slack/blocks/extend-access-modal.js';
import { buildGroupDetail, buildGroupNotFound } from '../../../src/slack/blocks/group-detail.js';
import {
  buildCloneGroupModal,
  buildDeleteGroupModal,
  buildEditRulesModal,
  buildFormProblemModal,
  buildLoadingModal,
} from '../../../src/slack/blocks/group-forms.js';
import { buildGroupList } from '../../../src/slack/blocks/group-list.js';
import { buildHelp } from '../../../src/slack/blocks/help.js';
import { buildHistoryList } from '../../../src/slack/blocks/history-list.js';
import type { SlackMessage } from '../../../src/slack/blocks/message.js';
import { clipMrkdwn, escapeMrkdwn } from '../../../src/slack/blocks/mrkdwn.js';
import { buildNewGroupModal } from '../../../src/slack/blocks/new-group-modal.js';
import {
  buildCancelledMessage,
  buildExpiredMessage,
  buildRejectedMessage,
} from '../../../src/slack/blocks/outcome-messages.js';
import { buildRejectReasonModal } from '../../../src/slack/blocks/reject-reason-modal.js';
import { buildRequestCard, type CardLabels } from '../../../src/slack/blocks/request-card.js';
import { buildRequestDetail } from '../../../src/slack/blocks/request-detail.js';
import { buildRequestOutline } from '../../../src/slack/blocks/request-outline.js';
import { buildDiffSections } from '../../../src/slack/blocks/rule-diff-blocks.js';
import { buildRulesSections } from '../../../src/slack/blocks/rules-table.js';
import { buildTemplatesList } from '../../../src/slack/blocks/templates-list.js';
import {
  buildAccessControls,
  buildExpiryReminder,
  buildExtensionOutcome,
  buildRemovalOutcome,
} from '../../../src/slack/blocks/temporary-access.js';
import { buildTemporaryList } from '../../../src/slack/blocks/temporary-list.js';
import {
  buildAddRulesOffer,
  buildApprovalPrompt,
  buildCannotPostMessage,
  buildCardDelayedMessage,
  buildFailureMessage,
  buildRulesMessages,
} from '../../../src/slack/blocks/thread-messages.js';
import { MAX_HISTORY_CURSORS } from '../../../src/slack/forms/page-value.js';
import {
  encodeGroupMetadata,
  encodeNewGroupMetadata,
  encodeRequestMetadata,
} from '../../../src/slack/forms/private-metadata.js';
import { checkSlackLimits } from '../../helpers/slack-limits.js';
import { aRequest } from './change-request-fixture.js';

/** `length` characters of the ones that grow most when escaped (& → &amp; is five), with a live mention attempt. */
function hostile(length: number): string {
  return '<!channel>&<>'.repeat(Math.ceil(length / 13)).slice(0, length);
}

const at = '2026-01-02T04:00:00.000Z';
const NAME = hostile(GROUP_NAME_MAX);
const PROJECT: Project = { id: '1000123', name: hostile(52) };
const REGIONS: Region[] = Array.from({ length: 120 }, (_, i) => ({ id: `ap-region-${i}`, name: hostile(75) }));

function rules(perDirection: number): Rule[] {
  return (['inbound', 'outbound'] as const).flatMap((direction) =>
    Array.from({ length: perDirection }, (_, i) => ({
      direction,
      protocol: 'TCP' as const,
      port: `${1000 + i},${2000 + i},${3000 + i}-${4000 + i}`,
      peer: { kind: 'ipv6' as const, cidr: `2001:db8:${i.toString(16)}:ffff:ffff:ffff:ffff:ff00/120` },
      action: i % 2 === 0 ? ('ACCEPT' as const) : ('DROP' as const),
      description: hostile(RULE_DESCRIPTION_MAX),
    })),
  );
}

const RULES = rules(100);
const GROUPS_IDS = Array.from({ length: 500 }, (_, i) => `sg-${String(i).padStart(8, '0')}`);
const APPROVERS = Array.from({ length: 60 }, (_, i) => `U0APPROVER${i}`);
const approvals = Array.from({ length: 10 }, (_, i) => ({ actorId: `U0APPROVER${i}`, at }));
const history: ChangeRequest['history'] = [
  { from: null, to: 'pending', actorId: 'U0REQUESTER', at },
  ...Array.from({ length: 200 }, (_, i) => ({
    from: 'pending' as const,
    to: 'pending' as const,
    actorId: `U0APPROVER${i % 10}`,
    at,
    reason: hostile(REJECT_REASON_MAX),
  })),
];

const base = aRequest({
  spec: {
    kind: 'create-group',
    region: 'ap-guangzhou',
    templateId: 'a'.repeat(64),
    name: NAME,
    projectId: PROJECT.id,
    notes: hostile(GROUP_NOTES_MAX),
  },
  rules: RULES,
  risks: RULES.map((_, i) => ({ ruleIndex: i, severity: 'warning' as const, message: hostile(120) + i })),
  approvalsRequired: 10,
  approvals: approvals.slice(0, 9),
  history,
});
const failure = { code: `LimitExceeded.${hostile(80)}`, message: hostile(2000), requestId: hostile(64) };
const result = {
  securityGroupId: 'sg-1a2b3c4d',
  rules: RULES,
  completedAt: at,
  quota: { rulesPerDirectionLimit: 100, groups: { count: 50, limit: 50 } },
};
const closedBy = (to: ChangeRequest['status'], reason?: string): ChangeRequest['history'] => [
  ...history,
  { from: 'pending', to, actorId: 'U0APPROVER1', at, ...(reason ? { reason } : {}) },
];
const REQUESTS: Record<string, ChangeRequest> = {
  pending: base,
  approved: { ...base, status: 'approved', approvals },
  executing: { ...base, status: 'executing', approvals },
  done: { ...base, status: 'done', approvals, result },
  failed: { ...base, status: 'failed', approvals, failure },
  retrying: {
    ...base,
    status: 'executing',
    approvals,
    failure,
    history: [...history, { from: 'failed', to: 'executing', actorId: 'U0APPROVER2', at }],
  },
  rejected: { ...base, status: 'rejected', history: closedBy('rejected', hostile(REJECT_REASON_MAX)) },
  expired: { ...base, status: 'expired', history: closedBy('expired') },
  cancelled: { ...base, status: 'cancelled', history: closedBy('cancelled') },
  'add-rules failed, every rule left live, not retryable': {
    ...base,
    kind: 'add-rules',
    spec: { kind: 'add-rules', region: 'eu-frankfurt', securityGroupId: 'sg-9z8y7x6w' },
    status: 'failed',
    approvals,
    failure: {
      ...failure,
      retryable: false,
      live: `sg-9z8y7x6w has ${RULES.length} of this request's rules (${rulesInWords(RULES)}); removing them failed (${hostile(300)}).`,
    },
  },
  'add-rules done': {
    ...base,
    kind: 'add-rules',
    spec: { kind: 'add-rules', region: 'eu-frankfurt', securityGroupId: 'sg-9z8y7x6w' },
    status: 'done',
    approvals,
    result: { ...result, securityGroupId: 'sg-9z8y7x6w' },
  },
};
/** A grant of 200 rules kept until a time, its removal with every rule not found, and an extension. */
const GRANT: ChangeRequest = {
  ...(REQUESTS.done as ChangeRequest),
  temporary: { keep: { until: at }, rulesExpireAt: at, extensions: Array.from({ length: 50 }, () => 'req-ab12cd34') },
};
const REMOVAL: ChangeRequest = {
  ...(REQUESTS.done as ChangeRequest),
  id: 'req-zz99yy88',
  kind: 'remove-access',
  spec: { kind: 'remove-access', region: 'ap-guangzhou', securityGroupId: 'sg-1a2b3c4d', grantId: 'req-ab12cd34' },
  history: [{ from: null, to: 'approved', actorId: 'system', at }, ...history],
  removal: { notFound: RULES },
};
const EXTENSION: ChangeRequest = {
  ...(REQUESTS.done as ChangeRequest),
  kind: 'extend-access',
  spec: {
    kind: 'extend-access',
    region: 'ap-guangzhou',
    securityGroupId: 'sg-1a2b3c4d',
    grantId: 'req-ab12cd34',
    keep: { hours: 24 },
  },
};
REQUESTS['temporary done'] = GRANT;
REQUESTS['removal done'] = REMOVAL;
REQUESTS['extension pending'] = { ...EXTENSION, status: 'pending' };
/** A policy with the longest names and every limit Slack's context can hold. */
const POLICY: AccessPolicy = {
  maxHours: 720,
  limits: Array.from({ length: 30 }, (_, i) => ({
    name: hostile(60),
    ports: [i + 1],
    requireExpiry: i % 2 === 0,
    maxHours: 8,
  })),
  fewerApprovals: { maxHours: 4, approvals: 1, evenWhenRisky: false },
};
/** A diff as long as two full groups can make, with the longest notes and a change time on each. */
const DIFF: RuleDiff = {
  added: RULES.map((rule, position) => ({ position, rule, modifiedAt: at })),
  removed: RULES.map((rule, index) => ({ index, rule })),
  changed: RULES.map((rule, index) => ({ index, before: rule, after: rule, modifiedAt: at })),
};
const DRIFT: GroupDrift = { lastAppliedBy: 'req-ab12cd34', lastAppliedAt: at, diff: DIFF };
const USAGE: GroupUsage = {
  resources: Array.from({ length: 60 }, (_, i) => ({ kind: hostile(40) + i, count: 100_000 + i })),
  referencingGroups: GROUPS_IDS,
};
const edit = aRequest({
  ...base,
  kind: 'edit-rules',
  spec: {
    kind: 'edit-rules',
    region: 'ap-guangzhou',
    securityGroupId: 'sg-1a2b3c4d',
    baseVersion: '99999999999999999999',
    before: RULES,
    diff: DIFF,
    foreignRules: 200,
    drift: DRIFT,
  },
});
const DAY2_REQUESTS: Record<string, ChangeRequest> = {
  'edit pending': edit,
  'edit done': { ...edit, status: 'done', approvals, result },
  'edit changed since the plan, partly applied': {
    ...edit,
    status: 'failed',
    approvals,
    failure: { code: 'version_conflict', message: hostile(2000), changedSincePlan: DIFF, live: hostile(2000) },
  },
  'delete in use': aRequest({
    ...base,
    kind: 'delete-group',
    spec: {
      kind: 'delete-group',
      region: 'ap-guangzhou',
      securityGroupId: 'sg-1a2b3c4d',
      groupName: NAME,
      usage: USAGE,
    },
  }),
  'delete done': aRequest({
    ...base,
    kind: 'delete-group',
    status: 'done',
    approvals,
    spec: {
      kind: 'delete-group',
      region: 'ap-guangzhou',
      securityGroupId: 'sg-1a2b3c4d',
      groupName: NAME,
      usage: USAGE,
    },
    result: { securityGroupId: 'sg-1a2b3c4d', rules: [], completedAt: at, groupDeleted: true },
  }),
  'clone done': aRequest({
    ...base,
    kind: 'clone-group',
    status: 'done',
    approvals,
    spec: {
      kind: 'clone-group',
      region: 'eu-frankfurt',
      sourceRegion: 'ap-guangzhou',
      sourceGroupId: 'sg-1a2b3c4d',
      projectId: PROJECT.id,
      name: NAME,
      description: hostile(GROUP_NOTES_MAX),
      targetQuota: { count: 100_000, limit: 100_000 },
    },
    result,
  }),
};
Object.assign(REQUESTS, DAY2_REQUESTS);

const LABELS: CardLabels = { regionName: hostile(75), templateName: hostile(75), projectName: PROJECT.name };

const GROUPS: SecurityGroup[] = Array.from({ length: 100 }, (_, i) => ({
  id: `sg-${String(i).padStart(8, '0')}`,
  name: NAME,
  description: hostile(100),
  projectId: PROJECT.id,
  region: 'ap-guangzhou',
  createdTime: at,
  tags: {},
}));

const TEMPLATES: Template[] = Array.from({ length: 120 }, (_, i) => ({
  id: `template-${i}`,
  name: hostile(75),
  description: hostile(300),
  notes: hostile(300),
  riskNote: hostile(300),
  approvalsRequired: 10,
  rules: rules(50),
}));

const PREVIEWS: TemplatePreview[] = TEMPLATES.map((template) => ({
  template,
  risks: Array.from({ length: 20 }, (_, i) => hostile(120) + i),
  approvalsRequired: 10,
}));

const GROUP = { ...GROUPS[0], id: 'sg-1a2b3c4d' } as SecurityGroup;
const PROJECTS: Project[] = Array.from({ length: 1000 }, (_, i) => ({ id: String(1_000_000 + i), name: hostile(75) }));
const GROUP_METADATA = encodeGroupMetadata({
  groupId: 'sg-1a2b3c4d',
  region: 'ap-southeast-somewhere-long',
  version: '99999999999999999999',
  channelId: 'C0SECREQ',
});

const RESPONSE_URL = `https://hooks.slack.com/commands/T0TEST/${'1'.repeat(13)}/${'a'.repeat(24)}`;
const CURSOR = Buffer.from(JSON.stringify([at, 'req-ab12cd34'])).toString('base64url');

type Built = SlackMessage | types.ModalView;

/** Every builder, by the name it is exported as, with the worst cases it is given. */
const BUILDERS: Record<string, () => [string, Built][]> = {
  buildRequestCard: () =>
    Object.entries(REQUESTS).map(([name, r]) => [
      name,
      buildRequestCard(r, { ...LABELS, consoleSite: 'international' }),
    ]),
  buildRequestDetail: () => Object.entries(REQUESTS).map(([name, r]) => [name, buildRequestDetail(r, LABELS)]),
  buildApprovalPrompt: () => Object.entries(REQUESTS).map(([name, r]) => [name, buildApprovalPrompt(r, APPROVERS)]),
  buildFailureMessage: () => [
    ['failed', buildFailureMessage(REQUESTS.failed as ChangeRequest)],
    ['retrying', buildFailureMessage(REQUESTS.retrying as ChangeRequest)],
    [
      'add-rules refused as asked, every rule live: Edit and resubmit',
      buildFailureMessage(REQUESTS['add-rules failed, every rule left live, not retryable'] as ChangeRequest),
    ],
    [
      'edit changed since the plan',
      buildFailureMessage(DAY2_REQUESTS['edit changed since the plan, partly applied'] as ChangeRequest),
    ],
  ],
  buildRulesMessages: () =>
    [REQUESTS.done, REQUESTS['add-rules done']].flatMap((r) =>
      buildRulesMessages(r as ChangeRequest, rules(5000)).map((m, i): [string, Built] => [`${r?.kind} ${i}`, m]),
    ),
  buildAddRulesOffer: () => [['done', buildAddRulesOffer(REQUESTS.done as ChangeRequest)]],
  buildCannotPostMessage: () => [
    ['channel', buildCannotPostMessage(base, 'C0PRIVATE')],
    ['dm', buildCannotPostMessage(base, 'D0DIRECT')],
    ['not an id', buildCannotPostMessage(base, hostile(200))],
  ],
  buildCardDelayedMessage: () => [['channel', buildCardDelayedMessage(base, 'C0PRIVATE')]],
  buildRejectedMessage: () => [['rejected', buildRejectedMessage(REQUESTS.rejected as ChangeRequest)]],
  buildExpiredMessage: () => [['expired', buildExpiredMessage(REQUESTS.expired as ChangeRequest)]],
  buildCancelledMessage: () => [['cancelled', buildCancelledMessage(REQUESTS.cancelled as ChangeRequest)]],
  buildGroupList: () => [
    [
      '100 groups',
      buildGroupList({ region: 'ap-guangzhou', offset: 99_980, total: 100_000, groups: GROUPS }, [PROJECT]),
    ],
    ['no project name', buildGroupList({ region: 'ap-guangzhou', offset: 0, total: 100, groups: GROUPS }, [])],
  ],
  buildHistoryList: () => [
    [
      'deep page',
      buildHistoryList({
        ref: { page: 1000, cursors: Array.from({ length: MAX_HISTORY_CURSORS }, () => CURSOR) },
        items: Object.values(REQUESTS).flatMap((r) => [
          { visibility: 'full' as const, request: r },
          { visibility: 'full' as const, request: r },
          { visibility: 'outline' as const, request: outlineOf(r), why: 'asked-elsewhere' as const },
        ]),
        nextCursor: CURSOR,
      }),
    ],
  ],
  buildRequestOutline: () => Object.entries(REQUESTS).map(([name, r]) => [name, buildRequestOutline(outlineOf(r))]),
  buildRulesSections: () => [['200 rules', { text: 'rules', blocks: buildRulesSections(RULES) }]],
  // In the add-rules modal, with the worst cases under buildAddRulesModal; alone it fits a message too.
  buildRulesPreview: () => [
    [
      '200 rules',
      {
        text: 'preview',
        blocks: buildRulesPreview({
          inbound: formatRuleLines(RULES.filter((r) => r.direction === 'inbound')),
          outbound: formatRuleLines(RULES.filter((r) => r.direction === 'outbound')),
        }),
      },
    ],
  ],
  buildGroupDetail: () => [
    [
      '200 rules, longest name, notes and project',
      buildGroupDetail({
        found: true,
        group: { ...GROUPS[0], id: 'sg-1a2b3c4d', description: hostile(GROUP_NOTES_MAX) } as SecurityGroup,
        projectName: PROJECT.name,
        rules: RULES,
        ruleCounts: { inbound: 100, outbound: 100 },
        createdBy: 'req-1a2b3c4d',
      }),
    ],
    [
      '200 rules and a drift of 600',
      buildGroupDetail(
        {
          found: true,
          group: GROUP,
          projectName: PROJECT.name,
          rules: RULES,
          ruleCounts: { inbound: 100, outbound: 100 },
        },
        'international',
        DRIFT,
      ),
    ],
  ],
  buildGroupNotFound: () => [
    [
      '120 regions searched or not',
      {
        text: buildGroupNotFound('sg-1a2b3c4d', {
          found: false,
          searched: REGIONS.slice(0, 60).map((r) => r.id),
          unreachable: REGIONS.slice(60).map((r) => r.id),
        }),
        blocks: [],
      },
    ],
  ],
  buildTemplatesList: () => [['120 templates', buildTemplatesList(TEMPLATES)]],
  buildHelp: () => [
    ['usage', buildHelp()],
    ['problem', buildHelp(`Unknown subcommand "${hostile(2900)}".`)],
  ],
  buildNewGroupModal: () => [
    [
      '120 templates and regions',
      buildNewGroupModal({
        regions: REGIONS,
        templates: PREVIEWS,
        selectedTemplateId: 'template-119',
        projects: Array.from({ length: 150 }, (_, i) => ({ id: String(1_000_000 + i), name: hostile(52) })),
        defaultRegion: 'ap-region-3',
        privateMetadata: encodeNewGroupMetadata({ channelId: 'C0SECREQ', responseUrl: RESPONSE_URL }),
        accessPolicy: POLICY,
      }),
    ],
    [
      'few templates',
      buildNewGroupModal({
        regions: REGIONS.slice(0, 3),
        templates: PREVIEWS.slice(0, 10),
        selectedTemplateId: 'template-3',
        projects: [PROJECT],
        defaultRegion: 'ap-region-0',
        privateMetadata: encodeNewGroupMetadata({ channelId: 'C0SECREQ', responseUrl: RESPONSE_URL }),
      }),
    ],
  ],
  buildAddRulesModal: () => [
    [
      'group',
      buildAddRulesModal({
        securityGroupId: 'sg-1a2b3c4d',
        region: hostile(64),
        privateMetadata: encodeRequestMetadata({ requestId: 'req-ab12cd34' }),
      }),
    ],
    [
      'preview of 100 rules per direction with the longest notes',
      buildAddRulesModal({
        securityGroupId: 'sg-1a2b3c4d',
        region: hostile(64),
        privateMetadata: encodeRequestMetadata({ requestId: 'req-ab12cd34' }),
        preview: buildRulesPreview({
          inbound: formatRuleLines(RULES.filter((r) => r.direction === 'inbound')),
          outbound: formatRuleLines(RULES.filter((r) => r.direction === 'outbound')),
        }),
      }),
    ],
    [
      'preview of 200 lines that are not rules, quoting what was typed',
      buildAddRulesModal({
        securityGroupId: 'sg-1a2b3c4d',
        region: hostile(64),
        privateMetadata: encodeRequestMetadata({ requestId: 'req-ab12cd34' }),
        preview: buildRulesPreview({
          inbound: Array.from({ length: 100 }, () => hostile(300)).join('\n'),
          outbound: Array.from({ length: 100 }, () => `10.0.0.0/8 TCP:${hostile(100)} Allow`).join('\n'),
        }),
      }),
    ],
    [
      'edit and resubmit: 100 rules per direction with the longest notes',
      buildAddRulesModal({
        securityGroupId: 'sg-1a2b3c4d',
        region: hostile(64),
        privateMetadata: encodeRequestMetadata({ requestId: 'req-ab12cd34' }),
        accessPolicy: POLICY,
        initial: {
          inbound: formatRuleLines(RULES.filter((r) => r.direction === 'inbound')),
          outbound: formatRuleLines(RULES.filter((r) => r.direction === 'outbound')),
        },
      }),
    ],
  ],
  buildAccessControls: () => [
    ['grant', buildAccessControls(GRANT)],
    [
      'being removed',
      buildAccessControls({
        ...GRANT,
        temporary: { keep: { until: at }, rulesExpireAt: at, removalId: 'req-zz99yy88' },
      }),
    ],
  ],
  buildExpiryReminder: () => [['grant', buildExpiryReminder(GRANT)]],
  buildRemovalOutcome: () => [
    ['every rule not found', buildRemovalOutcome(REMOVAL)],
    [
      'removed now',
      buildRemovalOutcome({
        ...REMOVAL,
        removal: { notFound: [] },
        history: [{ from: null, to: 'approved', actorId: 'U0APPROVER1', at }],
      }),
    ],
  ],
  buildExtensionOutcome: () => [
    ['hours', buildExtensionOutcome(EXTENSION)],
    [
      'until',
      buildExtensionOutcome({
        ...EXTENSION,
        spec: { ...(EXTENSION.spec as Extract<ChangeRequest['spec'], { kind: 'extend-access' }>), keep: { until: at } },
      }),
    ],
  ],
  buildTemporaryList: () => [
    [
      '500 grants',
      buildTemporaryList(
        Array.from({ length: 500 }, (_, i) => ({
          grant: { ...GRANT, origin: { conversationId: 'C0SECREQ', workspaceId: 'T0TEST' } },
          rulesExpireAt: at,
          leftMs: i * 3_600_000 * 7,
        })),
      ),
    ],
    ['none', buildTemporaryList([])],
  ],
  buildExtendAccessModal: () => [
    [
      'longest policy',
      buildExtendAccessModal({
        grant: GRANT,
        privateMetadata: encodeRequestMetadata({ requestId: 'req-ab12cd34', channelId: 'C0SECREQ' }),
        accessPolicy: POLICY,
      }),
    ],
  ],
  buildDeletedMessage: () => [['longest name', buildDeletedMessage(DAY2_REQUESTS['delete done'] as ChangeRequest)]],
  buildDiffSections: () => [
    ['600 changes', { text: 'diff', blocks: buildDiffSections(DIFF, `*${escapeMrkdwn(hostile(100))}*`, 38) }],
  ],
  buildLoadingModal: () => [['loading', buildLoadingModal('Edit rules')]],
  buildFormProblemModal: () => [
    ['problem', buildFormProblemModal('Edit rules', clipMrkdwn(escapeMrkdwn(hostile(2900)), 3000))],
  ],
  buildEditRulesModal: () => [
    [
      'drift, templates, the longest name, the longest access policy',
      buildEditRulesModal({
        group: GROUP,
        state: {
          region: 'ap-guangzhou',
          securityGroupId: GROUP.id,
          version: '99999999999999999999',
          rules: rules(10).map((rule, index) => ({ index, rule, modifiedAt: at })),
          foreign: [hostile(300)],
          drift: DRIFT,
        },
        privateMetadata: GROUP_METADATA,
        accessPolicy: POLICY,
      }),
    ],
    [
      '100 rules per direction: more than the boxes hold',
      buildEditRulesModal({
        group: GROUP,
        state: {
          region: 'ap-guangzhou',
          securityGroupId: GROUP.id,
          version: '1',
          rules: RULES.map((rule, index) => ({ index, rule })),
          foreign: [],
        },
        privateMetadata: GROUP_METADATA,
      }),
    ],
  ],
  buildDeleteGroupModal: () => [['in use by everything', buildDeleteGroupModal(GROUP, USAGE, GROUP_METADATA)]],
  buildCloneGroupModal: () => [
    [
      '120 regions, 1000 projects',
      buildCloneGroupModal(GROUP, { regions: REGIONS, projects: PROJECTS }, GROUP_METADATA),
    ],
  ],
  buildRejectReasonModal: () => [
    ['reason', buildRejectReasonModal('req-ab12cd34', encodeRequestMetadata({ requestId: 'req-ab12cd34' }))],
  ],
};

function isModal(built: Built): built is types.ModalView {
  return 'type' in built && built.type === 'modal';
}

describe('every builder stays within Slack limits whatever the data', () => {
  it('covers every builder exported from src/slack/blocks', async () => {
    const dir = new URL('../../../src/slack/blocks/', import.meta.url);
    const exported: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const module = (await import(new URL(file, dir).href)) as Record<string, unknown>;
      exported.push(...Object.keys(module).filter((name) => /^build[A-Z]/.test(name)));
    }
    expect(exported.sort()).toEqual(Object.keys(BUILDERS).sort());
  });

  const cases = Object.entries(BUILDERS).flatMap(([builder, make]) =>
    make().map(([name, built]) => [`${builder} (${name})`, built] as const),
  );

  it.each(cases)('%s fits Slack and the local workspace accepts it', (_name, built) => {
    expect(checkSlackLimits(built)).toEqual([]);
    expect(isModal(built) ? viewProblems(built) : messageBlockProblems(built.blocks)).toEqual([]);
  });

  it('the checks catch what Slack refuses', () => {
    const tooLong = { text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a'.repeat(3001) } }] };
    const live = { text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi <!channel>' } }] };
    const tooMany = { text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) };
    expect(checkSlackLimits(tooLong)).toEqual(['blocks[0].text: 3001 characters, over 3000']);
    expect(checkSlackLimits(live)).toEqual(['blocks[0].text: unexpected token <!channel>']);
    expect(checkSlackLimits(tooMany)).toEqual(['blocks: 51 items, over 50']);
  });
});
