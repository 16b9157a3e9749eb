'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { browserApi } from '@/lib/browser-api';
import { formatTime, preview } from '@/lib/format';
import { MODEL_STAGES, type TransitionRequest } from '@/lib/registry-types';
import styles from '@/app/models/models.module.css';

const REQUESTS_PATH = '/ajax-api/assay/v1/transition-requests';

/** A change a protected model refuses, which a transition request can ask for instead. */
type RequestableChange = { version: string; stage: string; archiveExistingVersions: boolean } | { version: string; alias: string };

/** Runs a registry write, then re-renders the page; a refusal is kept to be shown (never dropped). */
function useRegistryWrite() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<unknown>, success: string, onError?: (message: string) => void) =>
    startTransition(async () => {
      setError(undefined);
      setDone(undefined);
      try {
        await work();
        setDone(success);
        router.refresh();
      } catch (caught) {
        const message = (caught as Error).message;
        setError(message);
        onError?.(message);
      }
    });
  return { error, done, pending, run };
}

/** The refusal of a protected model's direct change: PERMISSION_DENIED saying the model is protected. */
function isProtectionRefusal(message: string): boolean {
  return message.startsWith('PERMISSION_DENIED') && message.includes('is protected');
}

function Refusal({ message }: { message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p role="alert" className={`error-box ${styles.message}`}>
      {preview(message, 2000)}
    </p>
  );
}

function Done({ message }: { message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p role="status" className={styles.done}>
      {message}
    </p>
  );
}

/**
 * Without auth nobody is signed in, yet a transition request names its
 * requester and its approver (who must differ): the user types their name.
 */
function ActorInput({ value, onChange, label = 'Your name (recorded in the audit log)' }: { value: string; onChange: (value: string) => void; label?: string }) {
  return (
    <label>
      {label}{' '}
      <input aria-label={label} value={value} required onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}

/** Files a transition request for a change the protected model refused; another user with MANAGE approves it. */
function ApprovalRequestForm({ name, change, anonymous, onClose }: { name: string; change: RequestableChange; anonymous: boolean; onClose: () => void }) {
  const [comment, setComment] = useState('');
  const [actor, setActor] = useState('');
  const write = useRegistryWrite();
  const what = 'alias' in change ? `alias “${change.alias}” → version ${change.version}` : `version ${change.version} → ${change.stage}${change.archiveExistingVersions ? ' (archiving the others there)' : ''}`;
  return (
    <form
      className={styles.requestBox}
      aria-label="Approval request"
      onSubmit={(event) => {
        event.preventDefault();
        write.run(
          () =>
            browserApi(`${REQUESTS_PATH}/create`, {
              name,
              version: change.version,
              ...('alias' in change ? { alias: change.alias } : { stage: change.stage, archive_existing_versions: change.archiveExistingVersions }),
              ...(comment.trim() !== '' ? { comment: comment.trim() } : {}),
              ...(anonymous && actor.trim() !== '' ? { actor: actor.trim() } : {}),
            }),
          'Request filed: it is listed under Pending requests until someone with MANAGE approves or rejects it.',
        );
      }}
    >
      <strong>Ask for approval instead: {what}</strong>
      <label>
        Why (recorded in the audit log){' '}
        <input className="wide" aria-label="Request comment" value={comment} onChange={(event) => setComment(event.target.value)} />
      </label>
      {anonymous ? <ActorInput value={actor} onChange={setActor} /> : null}
      <div className="row">
        <button type="submit" className="primary" disabled={write.pending || write.done !== undefined}>
          File approval request
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <Refusal message={write.error} />
      <Done message={write.done} />
    </form>
  );
}

/** The model's aliases with move and delete, and a form to set one; on a protected model a refused move offers an approval request. */
export function AliasEditor({
  name,
  aliases,
  versions,
  isProtected,
  mayEdit,
  anonymous,
}: {
  name: string;
  aliases: Array<{ alias: string; version: string }>;
  versions: string[];
  isProtected: boolean;
  mayEdit: boolean;
  anonymous: boolean;
}) {
  const write = useRegistryWrite();
  const [request, setRequest] = useState<RequestableChange>();
  const [moves, setMoves] = useState<Record<string, string>>({});
  const [newAlias, setNewAlias] = useState('');
  const [newVersion, setNewVersion] = useState(versions[0] ?? '');
  const disabledReason = mayEdit ? undefined : 'You need EDIT on this model to change its aliases.';
  const setAlias = (alias: string, version: string) => {
    setRequest(undefined);
    write.run(
      () => browserApi('/ajax-api/2.0/mlflow/registered-models/alias', { name, alias, version }),
      `Alias “${alias}” now points at version ${version}.`,
      (message) => {
        if (isProtected && isProtectionRefusal(message)) setRequest({ alias, version });
      },
    );
  };
  return (
    <div className={styles.editor}>
      {disabledReason ? <p className="muted">{disabledReason}</p> : null}
      {aliases.length === 0 ? (
        <p className="muted">No aliases. An alias (e.g. champion) names the version clients load: models:/{name}@champion.</p>
      ) : (
        <table className="grid" aria-label="Aliases">
          <thead>
            <tr>
              <th>Alias</th>
              <th>Version</th>
              <th>
                <span className="muted">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {aliases.map(({ alias, version }) => {
              const target = moves[alias] ?? version;
              return (
                <tr key={alias}>
                  <td className="mono">{preview(alias, 200)}</td>
                  <td>v{version}</td>
                  <td>
                    <div className="row">
                      <select aria-label={`Version for alias ${alias}`} value={target} disabled={!mayEdit} onChange={(event) => setMoves({ ...moves, [alias]: event.target.value })}>
                        {versions.map((number) => (
                          <option key={number} value={number}>
                            v{number}
                          </option>
                        ))}
                      </select>
                      <button type="button" aria-label={`Move alias ${alias}`} disabled={!mayEdit || write.pending || target === version} onClick={() => setAlias(alias, target)}>
                        Move
                      </button>
                      <button
                        type="button"
                        aria-label={`Delete alias ${alias}`}
                        disabled={!mayEdit || write.pending}
                        onClick={() => {
                          if (window.confirm(`Delete alias “${alias}”? Clients loading models:/${name}@${alias} will fail.`)) {
                            setRequest(undefined);
                            write.run(() => browserApi('/ajax-api/2.0/mlflow/registered-models/alias', { name, alias }, 'DELETE'), `Alias “${alias}” deleted.`);
                          }
                        }}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {versions.length > 0 ? (
        <form
          className="row"
          aria-label="Set an alias"
          onSubmit={(event) => {
            event.preventDefault();
            setAlias(newAlias.trim(), newVersion);
          }}
        >
          <input aria-label="Alias name" placeholder="alias, e.g. champion" value={newAlias} disabled={!mayEdit} onChange={(event) => setNewAlias(event.target.value)} />
          <select aria-label="Version for the new alias" value={newVersion} disabled={!mayEdit} onChange={(event) => setNewVersion(event.target.value)}>
            {versions.map((number) => (
              <option key={number} value={number}>
                v{number}
              </option>
            ))}
          </select>
          <button type="submit" disabled={!mayEdit || write.pending || newAlias.trim() === ''}>
            Set alias
          </button>
        </form>
      ) : null}
      <Refusal message={write.error} />
      <Done message={write.done} />
      {request ? <ApprovalRequestForm name={name} change={request} anonymous={anonymous} onClose={() => setRequest(undefined)} /> : null}
    </div>
  );
}

/** Moves a version to a stage (optionally archiving the others there); on a protected model a refusal offers an approval request. */
export function StageEditor({
  name,
  versions,
  selected,
  isProtected,
  mayEdit,
  anonymous,
}: {
  name: string;
  versions: string[];
  selected: string | undefined;
  isProtected: boolean;
  mayEdit: boolean;
  anonymous: boolean;
}) {
  const write = useRegistryWrite();
  const [request, setRequest] = useState<RequestableChange>();
  const [version, setVersion] = useState(selected ?? versions[0] ?? '');
  const [stage, setStage] = useState<string>('Staging');
  const [archive, setArchive] = useState(false);
  const [comment, setComment] = useState('');
  if (versions.length === 0) return <p className="muted">No versions to move.</p>;
  return (
    <div className={styles.editor}>
      {mayEdit ? null : <p className="muted">You need EDIT on this model to change a version&apos;s stage.</p>}
      <form
        className="row"
        aria-label="Transition a stage"
        onSubmit={(event) => {
          event.preventDefault();
          setRequest(undefined);
          write.run(
            () =>
              browserApi('/ajax-api/2.0/mlflow/model-versions/transition-stage', {
                name,
                version,
                stage,
                archive_existing_versions: archive,
                ...(comment.trim() !== '' ? { comment: comment.trim() } : {}),
              }),
            `Version ${version} moved to ${stage}.`,
            (message) => {
              if (isProtected && isProtectionRefusal(message)) setRequest({ version, stage, archiveExistingVersions: archive });
            },
          );
        }}
      >
        <label>
          Version{' '}
          <select aria-label="Version to transition" value={version} disabled={!mayEdit} onChange={(event) => setVersion(event.target.value)}>
            {versions.map((number) => (
              <option key={number} value={number}>
                v{number}
              </option>
            ))}
          </select>
        </label>
        <label>
          to{' '}
          <select aria-label="Target stage" value={stage} disabled={!mayEdit} onChange={(event) => setStage(event.target.value)}>
            {MODEL_STAGES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={archive} disabled={!mayEdit || (stage !== 'Staging' && stage !== 'Production')} onChange={(event) => setArchive(event.target.checked)} /> Archive the versions
          already there
        </label>
        <input aria-label="Stage change comment" placeholder="Why (optional)" value={comment} disabled={!mayEdit} onChange={(event) => setComment(event.target.value)} />
        <button type="submit" disabled={!mayEdit || write.pending}>
          Transition
        </button>
      </form>
      <Refusal message={write.error} />
      <Done message={write.done} />
      {request ? <ApprovalRequestForm name={name} change={request} anonymous={anonymous} onClose={() => setRequest(undefined)} /> : null}
    </div>
  );
}

/** Pending transition requests with approve and reject; the server decides (MANAGE, and not one's own for approval) and its refusal is shown inline. */
export function TransitionRequestList({ requests, username, mayManage }: { requests: TransitionRequest[]; username: string | undefined; mayManage: boolean }) {
  const write = useRegistryWrite();
  const [comments, setComments] = useState<Record<string, string>>({});
  const [actor, setActor] = useState('');
  const anonymous = username === undefined;
  if (requests.length === 0) return <p className="muted">No pending requests. On a protected model, a refused stage change or alias move offers to file one.</p>;
  const decide = (request: TransitionRequest, decision: 'approve' | 'reject') => {
    const comment = comments[request.id]?.trim() ?? '';
    write.run(
      () => browserApi(`${REQUESTS_PATH}/${decision}`, { id: request.id, ...(comment !== '' ? { comment } : {}), ...(anonymous && actor.trim() !== '' ? { actor: actor.trim() } : {}) }),
      `Request ${request.id} ${decision === 'approve' ? 'approved: its change is made' : 'rejected'}.`,
    );
  };
  return (
    <div className={styles.editor}>
      {anonymous ? <ActorInput value={actor} onChange={setActor} label="Your name (the decider, recorded in the audit log)" /> : null}
      <table className="grid" aria-label="Pending requests">
        <thead>
          <tr>
            <th>Request</th>
            <th>Change asked</th>
            <th>By</th>
            <th>When</th>
            <th>Comment</th>
            <th>
              <span className="muted">Decision</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {requests.map((request) => {
            const own = username !== undefined && request.requested_by === username;
            return (
              <tr key={request.id}>
                <td className="mono">#{request.id}</td>
                <td>
                  v{request.version} →{' '}
                  {request.alias !== undefined ? `alias ${preview(request.alias, 100)}` : `${request.stage ?? '?'}${request.archive_existing_versions ? ' (archive existing)' : ''}`}
                </td>
                <td>{preview(request.requested_by, 100)}</td>
                <td>{formatTime(request.requested_timestamp)}</td>
                <td className="preview">{request.comment ? preview(request.comment, 300) : ''}</td>
                <td>
                  <div className="row">
                    <input aria-label={`Decision comment for request ${request.id}`} placeholder="Comment (optional)" value={comments[request.id] ?? ''} onChange={(event) => setComments({ ...comments, [request.id]: event.target.value })} />
                    <button type="button" className="primary" aria-label={`Approve request ${request.id}`} disabled={write.pending || !mayManage} title={own ? 'The server refuses a requester approving their own request' : undefined} onClick={() => decide(request, 'approve')}>
                      Approve
                    </button>
                    <button type="button" aria-label={`Reject request ${request.id}`} disabled={write.pending || (!mayManage && !own)} onClick={() => decide(request, 'reject')}>
                      {own ? 'Withdraw' : 'Reject'}
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {mayManage ? null : <p className="muted">Approving or rejecting needs MANAGE on this model (a requester may withdraw their own request).</p>}
      <Refusal message={write.error} />
      <Done message={write.done} />
    </div>
  );
}
