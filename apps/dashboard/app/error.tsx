'use client';

/** A page whose query failed: the API's message, and a retry. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="error-box">
      <strong>This page could not be loaded.</strong>
      <p>{error.message || 'The server answered with an error.'}</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
