'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/experiments', label: 'Experiments' },
  { href: '/traces', label: 'Traces' },
  { href: '/evaluations', label: 'Evaluations' },
  { href: '/datasets', label: 'Datasets' },
  { href: '/models', label: 'Models' },
  { href: '/prompts', label: 'Prompts' },
];

/** The main navigation; the current section is marked for screen readers too. */
export function NavLinks() {
  const pathname = usePathname();
  return LINKS.map(({ href, label }) => (
    <Link key={href} href={href} aria-current={pathname === href || pathname.startsWith(`${href}/`) ? 'page' : undefined}>
      {label}
    </Link>
  ));
}
