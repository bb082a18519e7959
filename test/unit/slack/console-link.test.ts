import { describe, expect, it } from 'vitest';
import { consoleSiteFor, groupConsoleLink } from '../../../src/slack/blocks/console-link.js';

describe('groupConsoleLink', () => {
  // Tencent's guides link the security group console with the region's number as `rid`
  // (https://console.cloud.tencent.com/vpc/securitygroup?rid=1); the numbers are those its API
  // examples give (bm DescribeRegions, https://cloud.tencent.com/document/api/386/33564:
  // 1 Guangzhou, 4 Shanghai, 8 Beijing, 19 Chongqing; tcaplusdb DescribeRegions: 5 Hong Kong).
  it.each([
    ['ap-guangzhou', 1],
    ['ap-shanghai', 4],
    ['ap-hongkong', 5],
    ['ap-beijing', 8],
    ['ap-chongqing', 19],
  ])('opens a group in %s with rid %i', (region, rid) => {
    expect(groupConsoleLink(region, 'sg-1a2b3c4d')).toEqual({
      url: `https://console.cloud.tencent.com/vpc/security-group/detail?rid=${rid}&id=sg-1a2b3c4d`,
      direct: true,
    });
  });

  it('opens the list where the region has no documented number, or the id is not a group id', () => {
    expect(groupConsoleLink('eu-frankfurt', 'sg-1a2b3c4d')).toEqual({
      url: 'https://console.cloud.tencent.com/vpc/security-group',
      direct: false,
    });
    expect(groupConsoleLink('ap-guangzhou', 'sg-1a2b3c4d&x=<y>', 'international')).toEqual({
      url: 'https://console.tencentcloud.com/vpc/security-group',
      direct: false,
    });
  });
});

describe('consoleSiteFor', () => {
  it.each([
    [undefined, 'china'],
    ['https://vpc.tencentcloudapi.com', 'china'],
    ['https://intl.tencentcloudapi.com', 'international'],
    ['https://vpc.intl.tencentcloudapi.com', 'international'],
    ['http://127.0.0.1:3002', 'china'],
    ['not a url', 'china'],
  ])('%s → %s', (endpoint, site) => {
    expect(consoleSiteFor(endpoint)).toBe(site);
  });
});
