/**
 * Microsoft's clouds: where Graph and Entra ID are in each (Microsoft Learn, "National cloud
 * deployments"). Every URL intune-scep sends or writes into a body derives from the one in use.
 *
 * | cloud    | Graph                                      | Entra ID authority                  |
 * |----------|--------------------------------------------|-------------------------------------|
 * | public   | https://graph.microsoft.com                | https://login.microsoftonline.com   |
 * | usgov    | https://graph.microsoft.us (GCC High, L4)  | https://login.microsoftonline.us    |
 * | usgovdod | https://dod-graph.microsoft.us (DoD, L5)   | https://login.microsoftonline.us    |
 * | china    | https://microsoftgraph.chinacloudapi.cn    | https://login.chinacloudapi.cn      |
 */
export const CLOUDS = {
  public: { graph: 'https://graph.microsoft.com', authority: 'https://login.microsoftonline.com' },
  usgov: { graph: 'https://graph.microsoft.us', authority: 'https://login.microsoftonline.us' },
  usgovdod: { graph: 'https://dod-graph.microsoft.us', authority: 'https://login.microsoftonline.us' },
  china: { graph: 'https://microsoftgraph.chinacloudapi.cn', authority: 'https://login.chinacloudapi.cn' },
} as const;

export type CloudName = keyof typeof CLOUDS;
export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];

export function isCloudName(v: unknown): v is CloudName {
  return typeof v === 'string' && (CLOUD_NAMES as string[]).includes(v);
}

/**
 * The cloud to use: the one named, else the one whose authority AZURE_AUTHORITY_HOST names (the
 * @azure/identity convention; login.microsoftonline.us is usgov, DoD needs the name), else public.
 */
export function chooseCloud(named: string | undefined, authorityHost: string | undefined): CloudName {
  if (named !== undefined) {
    if (!isCloudName(named)) throw new Error(`unknown cloud ${JSON.stringify(named)}; use one of ${CLOUD_NAMES.join(', ')}.`);
    return named;
  }
  if (authorityHost) {
    const host = authorityHost.replace(/\/+$/, '').toLowerCase();
    const hit = CLOUD_NAMES.find((c) => CLOUDS[c].authority === host);
    if (hit) return hit;
  }
  return 'public';
}

/** The cloud whose Graph is at `origin` (https://graph.microsoft.com, ...), or undefined for any other host. */
export function cloudOfGraph(origin: string): CloudName | undefined {
  return CLOUD_NAMES.find((c) => CLOUDS[c].graph === origin.toLowerCase());
}

/** The `.default` scope of the Graph at `graphOrigin` (a known Graph host), else of the cloud's Graph. */
export function graphScope(cloud: CloudName, graphOrigin?: string): string {
  const known = CLOUD_NAMES.map((c) => CLOUDS[c].graph as string);
  return `${graphOrigin && known.includes(graphOrigin) ? graphOrigin : CLOUDS[cloud].graph}/.default`;
}
