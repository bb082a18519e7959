import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CreateGroupInput } from '../../../src/service/api.js';
import { type RequestMaintenance, startRequestMaintenance } from '../../../src/service/requests/maintenance.js';
import { AP1, createInput, type Harness, HOUR, LEASE_MS, REQUESTER, startHarness } from './support.js';

let h: Harness;
let maintenance: RequestMaintenance | undefined;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await maintenance?.stop();
  maintenance = undefined;
  await h.close();
});

describe('request maintenance', () => {
  it('expires overdue requests and finishes abandoned ones on its own', async () => {
    const overdue = await h.service.submitCreateGroup(createInput() as CreateGroupInput, REQUESTER);
    const abandoned = await h.service.submitCreateGroup(createInput({ name: 'b' }) as CreateGroupInput, REQUESTER);
    const held = h.emulator.holdNext('CreateSecurityGroupWithPolicies');
    void h.service.approve(abandoned.id, AP1);
    await held.arrived;
    h.clock.advance(24 * HOUR + LEASE_MS);

    const other = await h.secondProcess();
    maintenance = startRequestMaintenance({ changeRequests: other.service, intervalMs: 10, log: h.log });
    await vi.waitFor(async () => {
      expect((await h.service.get(overdue.id)).status).toBe('expired');
      expect((await h.service.get(abandoned.id)).status).toBe('done');
    });
  });

  it('logs a failed round and keeps going', async () => {
    let calls = 0;
    maintenance = startRequestMaintenance({
      changeRequests: {
        expireDue: async () => {
          calls += 1;
          if (calls === 1) throw new Error('database unavailable');
          return [];
        },
        recover: async () => [],
        removeExpiredAccess: async () => [],
      },
      intervalMs: 5,
      log: h.log,
    });
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2));
    expect(h.log.lines).toContainEqual({ level: 'error', text: 'request maintenance failed: database unavailable' });
  });
});
