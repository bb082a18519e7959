import { expect, vi } from 'vitest';
import type { ChangeRequest } from '../../../src/service/types.js';
import { statusLine } from '../../../src/slack/blocks/request-status.js';
import { cardUpdates, rulesPosts, taggedGroups, waitForStatus } from './flow.js';
import type { Edges } from './real-app.js';

/**
 * The request is done exactly once: one group in the cloud (found by the request's tag) and it is
 * the request's result, its rules posted once, and its card saying it is done.
 */
export async function expectDoneOnce(
  edges: Pick<Edges, 'store' | 'slackApi' | 'emulator'>,
  request: ChangeRequest,
  timeout = 20_000,
): Promise<ChangeRequest> {
  const done = await waitForStatus(edges, request.id, 'done', timeout);
  const groups = taggedGroups(edges.emulator.state(), request.id);
  expect(groups).toHaveLength(1);
  expect(done.result?.securityGroupId).toBe(groups[0]?.SecurityGroupId);
  await vi.waitFor(
    () => {
      const blocks = (cardUpdates(edges.slackApi, request).at(-1)?.args.blocks ?? []) as { text?: { text?: string } }[];
      expect(blocks[1]?.text?.text).toBe(statusLine(done));
      expect(rulesPosts(edges.slackApi, request)).toHaveLength(1);
    },
    { timeout: 20_000, interval: 50 },
  );
  return done;
}
