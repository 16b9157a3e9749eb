'use client';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { preview, visibleText } from '@/lib/format';
import { artifactPreviewKind, MAX_IMAGE_PREVIEW_BYTES, MAX_PREVIEW_ROWS, MAX_TEXT_PREVIEW_BYTES, parseCsv, tableFromJson } from '@/lib/runs-artifact-preview';
import { artifactProxyUrl } from '@/lib/runs-url';
import styles from './run-artifact-browser.module.css';

interface FileEntry {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

/** Options of {@link RunArtifactBrowser}. */
export interface RunArtifactBrowserProps {
  runId: string;
  artifactUri: string | undefined;
}

/** Every ancestor folder of a path: `a/b/c.txt` → `a`, `a/b`. */
function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join('/'));
}

/**
 * A run's artifacts as a tree (folders listed on expand, from artifacts/list) and a preview of the selected
 * file (its path is the URL's `artifact`), fetched from the artifact proxy on the same origin.
 */
export function RunArtifactBrowser({ runId, artifactUri }: RunArtifactBrowserProps) {
  const pathname = usePathname();
  const params = useSearchParams();
  // A local copy of the URL's `artifact`, so the preview answers at once; the URL is updated alongside.
  const [selected, setSelected] = useState(() => params.get('artifact') ?? undefined);
  const [listings, setListings] = useState<Record<string, FileEntry[] | undefined>>({});
  const [open, setOpen] = useState<Set<string>>(() => new Set(selected !== undefined ? ancestorsOf(selected) : []));
  const [error, setError] = useState<string>();

  const list = useCallback(
    async (folder: string) => {
      const query = new URLSearchParams({ run_id: runId });
      if (folder !== '') query.set('path', folder);
      try {
        const response = await fetch(`/ajax-api/2.0/mlflow/artifacts/list?${query.toString()}`, { credentials: 'same-origin' });
        const json = (await response.json()) as { files?: FileEntry[]; message?: string };
        if (!response.ok) throw new Error(json.message ?? response.statusText);
        const files = [...(json.files ?? [])].sort((a, b) => Number(b.is_dir) - Number(a.is_dir) || a.path.localeCompare(b.path));
        setListings((previous) => ({ ...previous, [folder]: files }));
      } catch (caught) {
        setError((caught as Error).message);
      }
    },
    [runId],
  );

  useEffect(() => {
    void list('');
    for (const folder of open) void list(folder);
    // Only the first render's open folders; later ones are listed when opened.
  }, [list]);

  const select = (path: string | undefined) => {
    setSelected(path);
    const next = new URLSearchParams(window.location.search);
    if (path === undefined) next.delete('artifact');
    else next.set('artifact', path);
    window.history.replaceState(null, '', `${pathname}${next.size > 0 ? `?${next.toString()}` : ''}`);
  };

  const toggle = (folder: string) => {
    const next = new Set(open);
    if (next.has(folder)) next.delete(folder);
    else {
      next.add(folder);
      if (listings[folder] === undefined) void list(folder);
    }
    setOpen(next);
  };

  const fileSizes = new Map(Object.values(listings).flatMap((files) => (files ?? []).map((file) => [file.path, file.file_size] as const)));

  const renderFolder = (folder: string, depth: number) => {
    const files = listings[folder];
    if (files === undefined) return <li className="muted">Loading…</li>;
    if (files.length === 0 && folder === '') return <li className="muted">This run has no artifacts (run.logArtifact(…), run.logJson(…)).</li>;
    return files.map((file) => {
      const name = visibleText(file.path.split('/').at(-1) ?? file.path);
      if (file.is_dir) {
        const isOpen = open.has(file.path);
        return (
          <li key={file.path} role="treeitem" aria-expanded={isOpen} aria-selected={false}>
            <button type="button" className={styles.entry} style={{ paddingLeft: depth * 16 + 4 }} onClick={() => toggle(file.path)} aria-label={`${isOpen ? 'Collapse' : 'Expand'} folder ${file.path}`}>
              {isOpen ? '▾' : '▸'} {name}/
            </button>
            {isOpen ? <ul role="group">{renderFolder(file.path, depth + 1)}</ul> : null}
          </li>
        );
      }
      return (
        <li key={file.path} role="treeitem" aria-selected={selected === file.path}>
          <button
            type="button"
            className={`${styles.entry} ${selected === file.path ? styles.selected : ''}`}
            style={{ paddingLeft: depth * 16 + 18 }}
            onClick={() => select(file.path)}
            aria-label={`Preview ${file.path}`}
          >
            {name} <span className="muted">{file.file_size !== undefined ? formatBytes(file.file_size) : ''}</span>
          </button>
        </li>
      );
    });
  };

  return (
    <div className="split">
      <div className="card">
        {error !== undefined ? (
          <p role="alert" className="error-box">
            Could not list the artifacts: {error}
          </p>
        ) : null}
        <ul role="tree" aria-label="Artifacts" className={styles.tree}>
          {renderFolder('', 0)}
        </ul>
      </div>
      <div className="card" aria-live="polite">
        {selected === undefined ? (
          <p className="muted">Select a file to preview it.</p>
        ) : (
          <ArtifactPreview key={selected} path={selected} size={fileSizes.get(selected)} url={artifactProxyUrl({ artifactUri, path: selected })} />
        )}
      </div>
    </div>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'text'; text: string } | { state: 'table'; rows: string[][] };

/** One file's preview: an image, a table (CSV, MLflow table JSON), or text (JSON pretty-printed); too large ones get a download link. */
function ArtifactPreview({ path, size, url }: { path: string; size: number | undefined; url: string | undefined }) {
  const kind = artifactPreviewKind(path);
  const tooLarge = size !== undefined && size > (kind === 'image' ? MAX_IMAGE_PREVIEW_BYTES : MAX_TEXT_PREVIEW_BYTES);
  const fetches = url !== undefined && !tooLarge && kind !== 'image' && kind !== 'none';
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const isSvg = kind === 'image' && path.toLowerCase().endsWith('.svg');
  const [svgUrl, setSvgUrl] = useState<string>();
  // The server serves SVG as text/plain (it could carry script if opened as a page), so the bytes are
  // fetched and shown from a blob typed image/svg+xml in an <img>, where scripts never run.
  useEffect(() => {
    if (!isSvg || url === undefined || tooLarge) return;
    const controller = new AbortController();
    let objectUrl: string | undefined;
    fetch(url, { credentials: 'same-origin', signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(response.statusText);
        objectUrl = URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: 'image/svg+xml' }));
        setSvgUrl(objectUrl);
      })
      .catch((caught: Error) => {
        if (!controller.signal.aborted) setLoaded({ state: 'error', message: caught.message });
      });
    return () => {
      controller.abort();
      if (objectUrl !== undefined) URL.revokeObjectURL(objectUrl);
    };
  }, [isSvg, url, tooLarge]);
  useEffect(() => {
    if (!fetches || url === undefined) return;
    const controller = new AbortController();
    fetch(url, { credentials: 'same-origin', signal: controller.signal })
      .then(async (response) => {
        const text = await response.text();
        if (!response.ok) throw new Error(preview(text, 200) || response.statusText);
        if (kind === 'csv') return setLoaded({ state: 'table', rows: parseCsv(text, MAX_PREVIEW_ROWS + 1) });
        if (kind === 'json' || kind === 'table-json') {
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch {
            return setLoaded({ state: 'text', text });
          }
          const table = kind === 'table-json' ? tableFromJson(value, MAX_PREVIEW_ROWS) : undefined;
          return setLoaded(table ? { state: 'table', rows: table } : { state: 'text', text: JSON.stringify(value, null, 2) });
        }
        return setLoaded({ state: 'text', text });
      })
      .catch((caught: Error) => {
        if (!controller.signal.aborted) setLoaded({ state: 'error', message: caught.message });
      });
    return () => controller.abort();
  }, [fetches, url, kind]);

  const heading = <h3 className="mono">{visibleText(path)}</h3>;
  if (url === undefined) {
    return (
      <>
        {heading}
        <p className="muted">This run keeps its artifacts outside the server&apos;s artifact root, so the dashboard cannot fetch them.</p>
      </>
    );
  }
  const download = (
    <a href={url} download>
      Download
    </a>
  );
  if (tooLarge) {
    return (
      <>
        {heading}
        <p>Too large to preview ({formatBytes(size)}). {download}</p>
      </>
    );
  }
  if (kind === 'none') {
    return (
      <>
        {heading}
        <p>No preview for this kind of file. {download}</p>
      </>
    );
  }
  if (kind === 'image') {
    return (
      <>
        {heading}
        {loaded.state === 'error' ? (
          <p role="alert" className="error-box">
            Could not load the file: {loaded.message}
          </p>
        ) : isSvg && svgUrl === undefined ? (
          <p className="muted">Loading…</p>
        ) : (
          <img src={isSvg ? svgUrl : url} alt={`Artifact ${path}`} className={styles.image} />
        )}
        <p>{download}</p>
      </>
    );
  }
  return (
    <>
      {heading}
      <p>{download}</p>
      {loaded.state === 'loading' ? (
        <p className="muted">Loading…</p>
      ) : loaded.state === 'error' ? (
        <p role="alert" className="error-box">
          Could not load the file: {loaded.message}
        </p>
      ) : loaded.state === 'text' ? (
        <pre aria-label={`Content of ${path}`} className={styles.text}>
          {visibleText(loaded.text)}
        </pre>
      ) : (
        <div className="scroll">
          <table className="grid" aria-label={`Content of ${path}`}>
            <thead>
              <tr>
                {(loaded.rows[0] ?? []).map((cell, index) => (
                  <th key={index}>{preview(cell, 80)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {loaded.rows.slice(1, MAX_PREVIEW_ROWS + 1).map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {row.map((cell, index) => (
                    <td key={index}>{preview(cell, 200)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {loaded.rows.length > MAX_PREVIEW_ROWS ? <p className="muted">The first {MAX_PREVIEW_ROWS} rows; download the file for the rest.</p> : null}
        </div>
      )}
    </>
  );
}
