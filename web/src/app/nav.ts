// The main navigation. A feature adds its entry here (and its routes in routes.tsx).
export interface NavItem {
  to: string;
  /** i18n key of the label. */
  label: string;
  /** Shown only to signed-in users. */
  auth?: boolean;
  /** Shown only to these roles (signed in). */
  roles?: string[];
}

export const NAV: NavItem[] = [
  { to: '/courses', label: 'nav.catalog' },
  { to: '/dashboard', label: 'nav.dashboard', auth: true },
  { to: '/track', label: 'nav.track', auth: true },
  { to: '/favorites', label: 'nav.favorites', auth: true },
  { to: '/playground', label: 'nav.playground' },
  { to: '/studio', label: 'nav.studio', roles: ['teacher', 'producer', 'admin'] },
  { to: '/producer', label: 'nav.producer', roles: ['producer', 'admin'] },
];
