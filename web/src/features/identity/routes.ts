import type { RouteObject } from 'react-router';
import { page } from '../../lib/route';

export const identityPublicRoutes: RouteObject[] = [
  { path: 'login', lazy: () => import('./routes/LoginPage').then(page) },
  { path: 'signup', lazy: () => import('./routes/SignupPage').then(page) },
  { path: 'forgot-password', lazy: () => import('./routes/ForgotPasswordPage').then(page) },
  // The server's reset e-mail links to PUBLIC_BASE_URL + /reset-password?token=…
  { path: 'reset-password', lazy: () => import('./routes/ResetPasswordPage').then(page) },
  { path: 'u/:slug', lazy: () => import('./routes/PublicProfilePage').then(page) },
];

export const identityPrivateRoutes: RouteObject[] = [
  { path: 'profile', lazy: () => import('./routes/ProfilePage').then(page) },
];
