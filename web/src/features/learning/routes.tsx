import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/route';

export const learningPrivateRoutes: RouteObject[] = [
  { path: 'dashboard', element: lazyPage(() => import('./routes/DashboardPage')) },
  { path: 'learn/:slug', element: lazyPage(() => import('./routes/CourseProgressPage')) },
  { path: 'learn/:slug/lessons/:lessonId', element: lazyPage(() => import('./routes/LessonPage')) },
];
