'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { browserApi } from '@/lib/browser-api';

/** Create an experiment (MLflow's experiments/create). */
export function NewExperimentForm() {
  const router = useRouter();
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="row"
      onSubmit={(event) => {
        event.preventDefault();
        setError(undefined);
        startTransition(async () => {
          try {
            const created = await browserApi<{ experiment_id: string }>('/ajax-api/2.0/mlflow/experiments/create', { name: name.trim() });
            setName('');
            router.push(`/experiments/${encodeURIComponent(created.experiment_id)}`);
          } catch (caught) {
            setError((caught as Error).message);
          }
        });
      }}
    >
      <input aria-label="New experiment name" placeholder="New experiment name" value={name} onChange={(event) => setName(event.target.value)} required />
      <button type="submit" disabled={pending || name.trim() === ''}>
        Create
      </button>
      {error ? (
        <span role="alert" className="badge bad">
          {error}
        </span>
      ) : null}
    </form>
  );
}

/** Rename or delete one experiment. */
export function ExperimentActions({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [newName, setNewName] = useState(name);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const act = (work: () => Promise<unknown>) =>
    startTransition(async () => {
      setError(undefined);
      try {
        await work();
        setEditing(false);
        router.refresh();
      } catch (caught) {
        setError((caught as Error).message);
      }
    });
  return (
    <div className="row">
      {editing ? (
        <>
          <input aria-label={`New name for ${name}`} value={newName} onChange={(event) => setNewName(event.target.value)} />
          <button type="button" disabled={pending || newName.trim() === ''} onClick={() => act(() => browserApi('/ajax-api/2.0/mlflow/experiments/update', { experiment_id: id, new_name: newName.trim() }))}>
            Save
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </>
      ) : (
        <>
          <button type="button" aria-label={`Rename ${name}`} onClick={() => setEditing(true)}>
            Rename
          </button>
          <button
            type="button"
            aria-label={`Delete ${name}`}
            disabled={pending}
            onClick={() => {
              if (window.confirm(`Delete experiment “${name}”? Its runs are deleted with it (MLflow keeps them restorable).`)) act(() => browserApi('/ajax-api/2.0/mlflow/experiments/delete', { experiment_id: id }));
            }}
          >
            Delete
          </button>
        </>
      )}
      {error ? (
        <span role="alert" className="badge bad">
          {error}
        </span>
      ) : null}
    </div>
  );
}
