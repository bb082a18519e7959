import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCatalogService } from '../../../src/service/catalog/catalog.js';
import { InvalidInputError } from '../../../src/service/errors.js';
import { parseRule } from '../../../src/service/rules/rules.js';
import { callsTo, failNext, seedGroup } from '../../helpers/test-emulator.js';
import { DEFAULT_REGIONS, type Harness, HOUR, sshRule, startHarness } from './support.js';

let h: Harness;

/** The regions the cloud serves in these tests, and what the catalog makes of them. */
const CLOUD_REGIONS = [
  { id: 'ap-guangzhou', zh: '华南地区(广州)', en: 'Guangzhou' },
  { id: 'ap-tokyo', zh: '亚太东北(东京)', en: 'Tokyo' },
  { id: 'eu-frankfurt', zh: '欧洲地区(法兰克福)', en: 'Frankfurt' },
];
const cloudRegions = CLOUD_REGIONS.map((r) => ({ id: r.id, name: r.en }));
const regionReads = () => callsTo(h.emulator, 'DescribeRegions');

beforeEach(async () => {
  h = await startHarness({ emulatorOptions: { regions: CLOUD_REGIONS } });
});

afterEach(async () => {
  await h.close();
});

describe('regions', () => {
  it('answers with the manifest defaults at once, even while the cloud is slow', async () => {
    const held = h.emulator.holdNext('DescribeRegions');
    expect(await h.catalog.regions()).toEqual(DEFAULT_REGIONS);
    await held.arrived;
    held.release();
    await vi.waitFor(async () => expect(await h.catalog.regions()).toEqual(cloudRegions));
  });

  it('asks the cloud once for many concurrent callers', async () => {
    const held = h.emulator.holdNext('DescribeRegions');
    await Promise.all(Array.from({ length: 10 }, () => h.catalog.regions()));
    await held.arrived;
    expect(regionReads()).toHaveLength(1);
    held.release();
    await vi.waitFor(async () => expect(await h.catalog.regions()).toHaveLength(3));
    expect(regionReads()).toHaveLength(1);
  });

  it('serves the cached list while fresh, then the stale one while refreshing once', async () => {
    await h.catalog.regions();
    await vi.waitFor(async () => expect(await h.catalog.regions()).toHaveLength(3));
    h.clock.advance(HOUR - 1);
    await h.catalog.regions();
    expect(regionReads()).toHaveLength(1);

    h.emulator.setRegions([{ id: 'ap-seoul', zh: '亚太东北(首尔)', en: 'Seoul' }]);
    h.clock.advance(1);
    expect(await h.catalog.regions()).toHaveLength(3);
    await vi.waitFor(async () => expect(await h.catalog.regions()).toEqual([{ id: 'ap-seoul', name: 'Seoul' }]));
    expect(regionReads()).toHaveLength(2);
  });

  it('keeps the defaults when the cloud fails, logs it, and waits a minute before asking again', async () => {
    failNext(h.emulator, { action: 'DescribeRegions', code: 'InternalError', message: 'down' });
    expect(await h.catalog.regions()).toEqual(DEFAULT_REGIONS);
    await vi.waitFor(() =>
      expect(h.log.lines).toContainEqual({
        level: 'warn',
        text: 'could not refresh catalog:regions: InternalError: down',
      }),
    );
    expect(await h.catalog.regions()).toEqual(DEFAULT_REGIONS);
    expect(regionReads()).toHaveLength(1);

    h.clock.advance(60_000);
    await h.catalog.regions();
    await vi.waitFor(async () => expect(await h.catalog.regions()).toHaveLength(3));
    expect(regionReads()).toHaveLength(2);
  });

  it('never replaces a list with an empty answer', async () => {
    h.emulator.setRegions([]);
    await h.catalog.regions();
    await vi.waitFor(() => expect(h.log.lines.some((e) => e.text.includes('empty list'))).toBe(true));
    expect(await h.catalog.regions()).toEqual(DEFAULT_REGIONS);
  });

  it('serves a fresh list from memory, reading the database again only once it is stale', async () => {
    const reads: string[] = [];
    const catalog = createCatalogService({
      cloud: h.cloud,
      requests: h.store,
      cache: {
        ...h.cache,
        cacheGet: (key) => {
          reads.push(key);
          return h.cache.cacheGet(key);
        },
      },
      templates: h.templates,
      defaultRegions: DEFAULT_REGIONS,
      defaultRegion: 'ap-guangzhou',
      cacheTtlMs: HOUR,
      clock: h.clock,
      log: h.log,
    });
    await catalog.regions();
    await vi.waitFor(async () => expect(await catalog.regions()).toEqual(cloudRegions));
    const readsWhenCached = reads.length;

    for (let i = 0; i < 20; i++) expect(await catalog.regions()).toEqual(cloudRegions);
    expect(reads).toHaveLength(readsWhenCached);

    h.clock.advance(HOUR);
    expect(await catalog.regions()).toEqual(cloudRegions);
    expect(reads).toHaveLength(readsWhenCached + 1);
  });

  it('reads the database once while its own refresh of a missing list runs', async () => {
    const reads: string[] = [];
    const catalog = createCatalogService({
      cloud: h.cloud,
      requests: h.store,
      cache: {
        ...h.cache,
        cacheGet: (key) => {
          reads.push(key);
          return h.cache.cacheGet(key);
        },
      },
      templates: h.templates,
      defaultRegions: DEFAULT_REGIONS,
      defaultRegion: 'ap-guangzhou',
      cacheTtlMs: HOUR,
      clock: h.clock,
      log: h.log,
    });
    const held = h.emulator.holdNext('DescribeRegions');
    expect(await catalog.regions()).toEqual(DEFAULT_REGIONS);
    await held.arrived;
    for (let i = 0; i < 20; i++) expect(await catalog.regions()).toEqual(DEFAULT_REGIONS);
    expect(reads).toEqual(['catalog:regions']);
    held.release();
    await vi.waitFor(async () => expect(await catalog.regions()).toEqual(cloudRegions));
  });

  it('shares the cached list with another process on the same database', async () => {
    await h.catalog.regions();
    await vi.waitFor(async () => expect(await h.catalog.regions()).toHaveLength(3));
    const other = await h.secondProcess();
    const otherCatalog = createCatalogService({
      cloud: h.cloud,
      requests: other.store,
      cache: other.cache,
      templates: h.templates,
      defaultRegions: DEFAULT_REGIONS,
      defaultRegion: 'ap-guangzhou',
      cacheTtlMs: HOUR,
      clock: h.clock,
      log: h.log,
    });
    expect(await otherCatalog.regions()).toEqual(cloudRegions);
    expect(regionReads()).toHaveLength(1);
  });
});

describe('projects', () => {
  it('offers only the Default project until the cloud has answered', async () => {
    expect(await h.catalog.projects()).toEqual([{ id: '0', name: 'Default project' }]);
    await vi.waitFor(async () =>
      expect(await h.catalog.projects()).toEqual([
        { id: '0', name: 'Default project' },
        { id: '1001', name: 'Payments' },
      ]),
    );
  });

  it('always offers the Default project, even when the cloud does not list it', async () => {
    // DescribeProjects does not list the Default project (0): the emulator's list is Payments only.
    expect(h.emulator.state().projects.map((p) => p.ProjectId)).toEqual([1001]);
    await h.catalog.projects();
    await vi.waitFor(async () => expect((await h.catalog.projects()).map((p) => p.id)).toEqual(['0', '1001']));
  });
});

describe('templates and defaults', () => {
  it('lists the templates and finds one by id', () => {
    expect(h.catalog.templates().map((t) => t.id)).toEqual(['open-all', 'web-basic', 'custom']);
    expect(h.catalog.template('custom')?.name).toBe('Custom');
    expect(h.catalog.template('nope')).toBeUndefined();
    expect(h.catalog.defaultRegion()).toBe('ap-guangzhou');
  });
});

describe('groups in the cloud', () => {
  it("lists a region's groups one page at a time, with how many there are in all", async () => {
    h.emulator.setLimits({ groupQuota: 200 });
    // Made last first: DescribeSecurityGroups lists the newest first.
    for (let i = 129; i >= 0; i--) await seedGroup(h.emulator, 'ap-guangzhou', { name: `g${i}` });
    await seedGroup(h.emulator, 'eu-frankfurt');
    const first = await h.catalog.listGroups('ap-guangzhou', { offset: 0, limit: 100 });
    const second = await h.catalog.listGroups('ap-guangzhou', { offset: 100, limit: 100 });
    expect(first.total).toBe(130);
    expect(first.groups).toHaveLength(100);
    expect(second.groups.map((g) => g.name)).toEqual(Array.from({ length: 30 }, (_, i) => `g${100 + i}`));
    expect(new Set([...first.groups, ...second.groups].map((g) => g.id)).size).toBe(130);
    expect(callsTo(h.emulator, 'DescribeSecurityGroups').map((c) => [c.region, c.params])).toEqual([
      ['ap-guangzhou', { Offset: '0', Limit: '100' }],
      ['ap-guangzhou', { Offset: '100', Limit: '100' }],
    ]);
  });

  it('reads a group rules', async () => {
    const parsed = parseRule(sshRule);
    const rules = parsed.ok ? [parsed.value] : [];
    const group = await seedGroup(h.emulator, 'ap-guangzhou', { rules });
    expect(await h.catalog.groupRules('ap-guangzhou', group.id.toUpperCase())).toEqual(rules);
  });

  it.each([
    ['an unknown region', () => h.catalog.listGroups('mars-1', { offset: 0, limit: 20 }), 'region'],
    ['rules in an unknown region', () => h.catalog.groupRules('mars-1', 'sg-1a2b3c4d'), 'region'],
    ['a malformed group id', () => h.catalog.groupRules('ap-guangzhou', 'sg-!'), 'securityGroupId'],
  ])('refuses %s before calling the cloud', async (_name, call, field) => {
    const err = await call().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues[0]?.field).toBe(field);
    expect(callsTo(h.emulator, 'DescribeSecurityGroups')).toHaveLength(0);
    expect(callsTo(h.emulator, 'DescribeSecurityGroupPolicies')).toHaveLength(0);
  });
});
