/**
 * Links to a security group in the Tencent Cloud console. The console names regions by number
 * (`rid`), not by API name; only the numbers Tencent documents are used, and a group in another
 * region gets a link to the console's security group list, where the region is chosen by hand.
 */

/** China-site accounts sign in at console.cloud.tencent.com, international ones at console.tencentcloud.com. */
export type ConsoleSite = 'china' | 'international';

const ORIGINS: Record<ConsoleSite, string> = {
  china: 'https://console.cloud.tencent.com',
  international: 'https://console.tencentcloud.com',
};

/**
 * Region numbers as Tencent documents them: 1 Guangzhou, 4 Shanghai, 5 Hong Kong (tccli
 * examples of tcaplusdb DescribeRegions), 8 Beijing, 19 Chongqing (bm DescribeRegions,
 * https://cloud.tencent.com/document/api/386/33564, "8-北京，4-上海，1-广州，19-重庆").
 */
const REGION_NUMBERS: Readonly<Record<string, number>> = {
  'ap-guangzhou': 1,
  'ap-shanghai': 4,
  'ap-hongkong': 5,
  'ap-beijing': 8,
  'ap-chongqing': 19,
};

const GROUP_ID = /^sg-[a-z0-9]{8}$/;

export interface ConsoleLink {
  url: string;
  /** True when the link opens the group itself; false when it opens the list to find it in. */
  direct: boolean;
}

export function groupConsoleLink(region: string, groupId: string, site: ConsoleSite = 'china'): ConsoleLink {
  const origin = ORIGINS[site];
  const rid = REGION_NUMBERS[region];
  if (rid === undefined || !GROUP_ID.test(groupId)) return { url: `${origin}/vpc/security-group`, direct: false };
  return { url: `${origin}/vpc/security-group/detail?rid=${rid}&id=${groupId}`, direct: true };
}

/** The console of the site whose API the app calls: an endpoint on intl.tencentcloudapi.com is the international site. */
export function consoleSiteFor(endpoint: string | undefined): ConsoleSite {
  if (!endpoint) return 'china';
  try {
    const host = new URL(endpoint).hostname;
    return host === 'intl.tencentcloudapi.com' || host.endsWith('.intl.tencentcloudapi.com')
      ? 'international'
      : 'china';
  } catch {
    return 'china';
  }
}
