/**
 * Fills a fresh request store with finished requests shaped like the app's own (the web-basic
 * template's rules and risks, a full audit trail, the rules read back), through the store's own
 * insert, so `/secgroup history` is measured against a store a busy team would have.
 */

import { loadTemplates } from '../../src/service/catalog/templates.js';
import { assessRisk } from '../../src/service/policy/risk-checks.js';
import type { ChangeRequest, RequestStatus } from '../../src/service/types.js';
import type { PresentationRecord } from '../../src/slack/presentation/presentation-record.js';
import { openStore } from '../../src/store/open-store.js';
import { createPresentationStore } from '../../src/store/presentation-store.js';
import { APPROVER, BENCH_CHANNEL, REQUESTER } from './slack-load.js';

const FINAL_STATUSES: RequestStatus[] = [
  'done',
  'done',
  'done',
  'done',
  'done',
  'done',
  'rejected',
  'expired',
  'cancelled',
];
const BATCH = 200;

export async function seedRequests(dbPath: string, count: number, templatesFile: string): Promise<void> {
  const template = (await loadTemplates(templatesFile)).find((t) => t.id === 'web-basic');
  if (!template) throw new Error('the web-basic template is missing');
  const risks = assessRisk(template.rules);
  const store = await openStore({ sqlitePath: dbPath });
  const presentations = createPresentationStore<PresentationRecord>(store.db);
  const start = Date.now() - count * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  try {
    for (let first = 0; first < count; first += BATCH) {
      const batch: Promise<boolean>[] = [];
      for (let i = first; i < Math.min(first + BATCH, count); i++) {
        const created = start + i * 60_000;
        const status = FINAL_STATUSES[i % FINAL_STATUSES.length] ?? 'done';
        const done = status === 'done';
        const request: ChangeRequest = {
          id: `req-${i.toString(36).padStart(8, '0')}`,
          kind: 'create-group',
          status,
          spec: {
            kind: 'create-group',
            region: 'ap-guangzhou',
            templateId: template.id,
            name: `seeded-${i}`,
            projectId: '0',
            notes: 'seeded by npm run bench',
          },
          rules: template.rules,
          risks,
          requesterId: REQUESTER,
          approvalsRequired: 1,
          approvals: done ? [{ actorId: APPROVER, at: iso(created + 30_000) }] : [],
          createdAt: iso(created),
          expiresAt: iso(created + 86_400_000),
          history: [
            { from: null, to: 'pending', actorId: REQUESTER, at: iso(created) },
            ...(done
              ? [
                  { from: 'pending', to: 'approved', actorId: APPROVER, at: iso(created + 30_000) },
                  { from: 'approved', to: 'executing', actorId: APPROVER, at: iso(created + 30_000) },
                  { from: 'executing', to: 'done', actorId: 'system', at: iso(created + 31_000) },
                ]
              : [{ from: 'pending', to: status, actorId: APPROVER, at: iso(created + 30_000) }]),
          ] as ChangeRequest['history'],
          origin: { conversationId: BENCH_CHANNEL },
          ...(done
            ? {
                result: {
                  securityGroupId: `sg-${i.toString(36).padStart(8, '0')}`,
                  rules: template.rules,
                  completedAt: iso(created + 31_000),
                },
              }
            : {}),
          version: done ? 6 : 3,
        };
        // Shown in full already, as a team's old requests are: nothing for the app to post again.
        const shown: PresentationRecord = {
          requestId: request.id,
          version: 1,
          shownHistory: request.history.length,
          channelId: BENCH_CHANNEL,
          cardTs: `1700000000.${String(i).padStart(6, '0')}`,
          announcedHistory: request.history.length,
        };
        batch.push(store.requests.insert(request).then((ok) => ok && presentations.insert(shown)));
      }
      const inserted = await Promise.all(batch);
      if (inserted.some((ok) => !ok)) throw new Error('a seeded request id was already taken');
    }
  } finally {
    await store.close();
  }
}
