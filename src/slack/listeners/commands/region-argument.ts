import type { ListenerDeps } from '../listener-deps.js';

/** The region a command names, or the default one; `undefined` when the catalog does not know it. */
export async function regionToShow(deps: ListenerDeps, asked: string | undefined): Promise<string | undefined> {
  const region = asked ?? deps.catalog.defaultRegion();
  const regions = await deps.catalog.regions();
  return regions.some((r) => r.id === region) ? region : undefined;
}

export async function unknownRegionText(deps: ListenerDeps, asked: string): Promise<string> {
  const ids = (await deps.catalog.regions()).map((r) => `\`${r.id}\``).join(', ');
  return `I don't know the region \`${asked}\`. Known regions: ${ids}.`;
}
