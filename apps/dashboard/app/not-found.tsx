import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="empty">
      <h1>Not found</h1>
      <p>
        Nothing is stored under this address. <Link href="/experiments">Back to the experiments</Link>
      </p>
    </div>
  );
}
