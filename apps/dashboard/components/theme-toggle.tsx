'use client';
import { useState } from 'react';

type Theme = 'system' | 'light' | 'dark';

/** Light, dark, or the system's: kept in a cookie so the server renders the right one. */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  function choose(next: Theme) {
    setTheme(next);
    document.cookie = `assay-theme=${next}; path=/; max-age=31536000; samesite=lax`;
    if (next === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', next);
  }
  return (
    <label className="muted" style={{ padding: '0 10px', fontSize: 12 }}>
      Theme{' '}
      <select aria-label="Theme" value={theme} onChange={(event) => choose(event.target.value as Theme)}>
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
