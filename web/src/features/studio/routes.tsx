import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/route';

export const studioPrivateRoutes: RouteObject[] = [
  { path: 'studio', element: lazyPage(() => import('./routes/StudioHomePage')) },
  { path: 'studio/new', element: lazyPage(() => import('./routes/NewCoursePage')) },
  { path: 'studio/courses/:slug', element: lazyPage(() => import('./routes/CourseEditorPage')) },
  { path: 'studio/courses/:slug/preview', element: lazyPage(() => import('./routes/PreviewPage')) },
  { path: 'studio/courses/:slug/lessons/:lessonId', element: lazyPage(() => import('./routes/LessonEditorPage')) },
  { path: 'studio/analytics', element: lazyPage(() => import('./routes/AnalyticsPage')) },
  { path: 'studio/analytics/:slug', element: lazyPage(() => import('./routes/CourseAnalyticsPage')) },
  { path: 'studio/reviews', element: lazyPage(() => import('./routes/ReviewsInboxPage')) },
];
