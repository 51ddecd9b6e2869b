/**
 * Themes: light and dark (the user's choice if they made one, else the system's), and a
 * high-contrast theme that presenter mode uses for projectors.
 */
import { useEffect, useState } from 'react';

export type Theme = 'light' | 'dark' | 'contrast';
const KEY = 'security-playground:theme';

export function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function storedTheme(): Theme | null {
  try {
    const value = window.localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

export function useTheme(forced?: Theme | null): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(() => storedTheme() ?? systemTheme());
  const effective = forced ?? theme;
  useEffect(() => {
    document.documentElement.dataset.theme = effective;
  }, [effective]);
  const toggle = () => {
    const next = effective === 'dark' ? 'light' : 'dark';
    setTheme(next);
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // Storage can be blocked (private mode, sandboxed iframe); the toggle still works for this visit.
    }
  };
  return [effective, toggle];
}
