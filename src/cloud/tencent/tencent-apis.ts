/**
 * The Tencent Cloud APIs secgroup calls. The service name is the endpoint's first label
 * (`vpc` → vpc.tencentcloudapi.com) and is part of every TC3 signature.
 */
export const TENCENT_APIS = {
  vpc: { version: '2017-03-12' },
  region: { version: '2022-06-27' },
  tag: { version: '2018-08-13' },
} as const;

export type TencentService = keyof typeof TENCENT_APIS;

export const TENCENT_SERVICES = Object.keys(TENCENT_APIS) as TencentService[];

/** Every group secgroup creates carries this tag, valued with the request id (exactly-once). */
export const REQUEST_TAG_KEY = 'secgroup-request';

/** DescribeSecurityGroups takes at most this many per page. */
export const MAX_GROUPS_PAGE = 100;

/** DescribeProjects takes at most this many per page. */
export const MAX_PROJECTS_PAGE = 1000;

export function serviceHost(service: TencentService): string {
  return `${service}.tencentcloudapi.com`;
}
