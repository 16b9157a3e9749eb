/** `path?query` with some parameters changed (undefined removes one), the others kept: for links that toggle page state. */
export function withSearchParams(path: string, current: Record<string, string | string[] | undefined>, changes: Record<string, string | undefined>): string {
  const next = new URLSearchParams();
  for (const [key, value] of Object.entries(current)) {
    if (key in changes || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) next.append(key, item);
  }
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) next.set(key, value);
  return next.size > 0 ? `${path}?${next.toString()}` : path;
}

/** A run's artifact file as the artifact proxy serves it, when the run keeps its artifacts under the server's root (`mlflow-artifacts:/...`). */
export function artifactProxyUrl({ artifactUri, path }: { artifactUri: string | undefined; path: string }): string | undefined {
  const scheme = 'mlflow-artifacts:';
  if (artifactUri === undefined || !artifactUri.startsWith(scheme)) return undefined;
  const base = artifactUri.slice(scheme.length).replace(/^\/+/, '').replace(/\/+$/, '');
  const segments = [...base.split('/'), ...path.split('/')].filter((segment) => segment !== '');
  return `/api/2.0/mlflow-artifacts/artifacts/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;
}
