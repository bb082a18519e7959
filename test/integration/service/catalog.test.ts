import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCatalogService } from '../../../src/service/catalog/catalog.js';
import { CloudUnavailableError, InvalidInputError } from '../../../src/service/errors.js';
import { parseRule } from '../../../src/service/rules/rules.js';
import { DEFAULT_REGIONS, type Harness, HOUR, sshRule, startHarness } from './support.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  h.cloud.regions = [
    { id: 'ap-guangzhou', name: 'Guangzhou' },
    { id: 'ap-tokyo', name: 'Tokyo' },
    { id: 'eu-frankfurt', name: 'Frankfurt' },
  ];
});

afterEach(async () => {
  await h.close();
});

describe('regions', () => {
  it('answers with the manifest defaults at once, even while the cloud is slow', async () => {
    const held = h.cloud.holdNext('listRegions');
    expect(await h.catalog.regions()).toEqual(DEFAULT_REGIONS);
    await held.arrived;
    held.release();
    await vi.waitFor(async () => expect(await h.catalog.regions()).toEqual(h.cloud.regions));
  });

  it('asks the cloud once for many concurrent callers', async () => {
    const held = h.cloud.holdNext('listRegions');
    await Promise.all(Array.from({ length: 10 }, () => h.catalog.regions()));
    await held.arrived;
    expect(h.cloud.callsTo('listRegions')).toHaveLength(1);
    held.release();
    await vi.waitFor(async () => expect(await h.catalog.regions()).toHaveLength(3));
    expect(h.cloud.callsTo('listRegions')).toHaveLength(1);
  });

  it('serves the cached list while fresh, then the stale one while refreshing once', async () => {
    await h.catalog.regions();
    await vi.waitFor(async () => expect(await h.catalog.regions()).toHaveLength(3));
    h.clock.advance(HOUR - 1);
    await h.catalog.regions();
    expect(h.cloud.callsTo('listRegions')).toHaveLength(1);

    h.cloud.regions = [{ id: 'ap-seoul', name: 'Seoul' }];
    h.clock.advance(1);
    expect(await h.catalog.regions()).toHaveLength(3);
    await vi.waitFor(async () => expect(await h.catalog.regions()).toEqual([{ id: 'ap-seoul', name: 'Seoul' }]));
    expect(h.cloud.callsTo('listRegions')).toHaveLength(2);
  });

  it('keeps the defaults when the cloud fails, logs it, and waits a minute before asking again', async () => {
    h.cloud.failNext('listRegions', new CloudUnavailableError('InternalError', 'down'));
    expect(await h.catalog.regions()).toEqual(DEFAULT_REGIONS);
    await vi.waitFor(() =>
      expect(h.log.entries).toContainEqual({
        level: 'warn',
        text: 'could not refresh catalog:regions: InternalError: down',
      }),
    );
    expect(await h.catalog.regions()).toEqual(DEFAULT_REGIONS);
    expect(h.cloud.callsTo('listRegions')).toHaveLength(1);

    h.clock.advance(60_000);
    await h.catalog.regions();
    await vi.waitFor(async () => expect(await h.catalog.regions()).toHaveLength(3));
    expect(h.cloud.callsTo('listRegions')).toHaveLength(2);
  });

  it('never replaces a list with an empty answer', async () => {
    h.cloud.regions = [];
    await h.catalog.regions();
    await vi.waitFor(() => expect(h.log.entries.some((e) => e.text.includes('empty list'))).toBe(true));
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
    await vi.waitFor(async () => expect(await catalog.regions()).toEqual(h.cloud.regions));
    const readsWhenCached = reads.length;

    for (let i = 0; i < 20; i++) expect(await catalog.regions()).toEqual(h.cloud.regions);
    expect(reads).toHaveLength(readsWhenCached);

    h.clock.advance(HOUR);
    expect(await catalog.regions()).toEqual(h.cloud.regions);
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
    const held = h.cloud.holdNext('listRegions');
    expect(await catalog.regions()).toEqual(DEFAULT_REGIONS);
    await held.arrived;
    for (let i = 0; i < 20; i++) expect(await catalog.regions()).toEqual(DEFAULT_REGIONS);
    expect(reads).toEqual(['catalog:regions']);
    held.release();
    await vi.waitFor(async () => expect(await catalog.regions()).toEqual(h.cloud.regions));
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
    expect(await otherCatalog.regions()).toEqual(h.cloud.regions);
    expect(h.cloud.callsTo('listRegions')).toHaveLength(1);
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
    h.cloud.projects = [{ id: '1001', name: 'Payments' }];
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
    for (let i = 0; i < 130; i++) h.cloud.seedGroup('ap-guangzhou', { name: `g${i}` });
    h.cloud.seedGroup('ap-singapore');
    const first = await h.catalog.listGroups('ap-guangzhou', { offset: 0, limit: 100 });
    const second = await h.catalog.listGroups('ap-guangzhou', { offset: 100, limit: 100 });
    expect(first.total).toBe(130);
    expect(first.groups).toHaveLength(100);
    expect(second.groups.map((g) => g.name)).toEqual(Array.from({ length: 30 }, (_, i) => `g${100 + i}`));
    expect(new Set([...first.groups, ...second.groups].map((g) => g.id)).size).toBe(130);
    expect(h.cloud.callsTo('listGroups')).toEqual([
      [{ region: 'ap-guangzhou', offset: 0, limit: 100 }],
      [{ region: 'ap-guangzhou', offset: 100, limit: 100 }],
    ]);
  });

  it('reads a group rules', async () => {
    const parsed = parseRule(sshRule);
    const rules = parsed.ok ? [parsed.value] : [];
    const group = h.cloud.seedGroup('ap-guangzhou', { rules });
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
    expect(h.cloud.callsTo('listGroups')).toHaveLength(0);
    expect(h.cloud.callsTo('describeRules')).toHaveLength(0);
  });
});
