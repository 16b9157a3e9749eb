import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { NavLinks } from '@/components/nav-links';
import { ThemeToggle } from '@/components/theme-toggle';
import './globals.css';

export const metadata: Metadata = { title: { default: 'Assay', template: '%s · Assay' }, description: 'Traces, runs, evaluations and the model registry' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = (await cookies()).get('assay-theme')?.value;
  return (
    <html lang="en" {...(theme === 'light' || theme === 'dark' ? { 'data-theme': theme } : {})}>
      <body>
        <div className="shell">
          <nav className="nav" aria-label="Main">
            <a className="brand" href="/experiments">Assay</a>
            <NavLinks />
            <div className="spacer" />
            <ThemeToggle initial={theme === 'light' || theme === 'dark' ? theme : 'system'} />
          </nav>
          <main>{children}</main>
        </div>
      </body>
    </html>
  );
}
