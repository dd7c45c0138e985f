import type { RouteObject } from 'react-router';
import { page } from '../../lib/route';

export const learningPrivateRoutes: RouteObject[] = [
  { path: 'dashboard', lazy: () => import('./routes/DashboardPage').then(page) },
  { path: 'learn/:slug', lazy: () => import('./routes/CourseProgressPage').then(page) },
  { path: 'learn/:slug/lessons/:lessonId', lazy: () => import('./routes/LessonPage').then(page) },
];
