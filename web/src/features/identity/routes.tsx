import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/route';

export const identityPublicRoutes: RouteObject[] = [
  { path: 'login', element: lazyPage(() => import('./routes/LoginPage')) },
  { path: 'signup', element: lazyPage(() => import('./routes/SignupPage')) },
  { path: 'forgot-password', element: lazyPage(() => import('./routes/ForgotPasswordPage')) },
  // The server's reset e-mail links to PUBLIC_BASE_URL + /reset-password?token=…
  { path: 'reset-password', element: lazyPage(() => import('./routes/ResetPasswordPage')) },
  { path: 'u/:slug', element: lazyPage(() => import('./routes/PublicProfilePage')) },
];

export const identityPrivateRoutes: RouteObject[] = [
  { path: 'profile', element: lazyPage(() => import('./routes/ProfilePage')) },
];
