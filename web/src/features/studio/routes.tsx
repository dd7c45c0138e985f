import type { RouteObject } from 'react-router';
import { withSections } from '../../i18n';
import { lazyPage } from '../../lib/route';

export const studioPrivateRoutes: RouteObject[] = [
  { path: 'studio', element: lazyPage(() => withSections(import('./routes/StudioHomePage'), 'studio')) },
  { path: 'studio/new', element: lazyPage(() => withSections(import('./routes/NewCoursePage'), 'studio')) },
  { path: 'studio/courses/:slug', element: lazyPage(() => withSections(import('./routes/CourseEditorPage'), 'studio')) },
  { path: 'studio/courses/:slug/preview', element: lazyPage(() => withSections(import('./routes/PreviewPage'), 'studio')) },
  { path: 'studio/courses/:slug/lessons/:lessonId', element: lazyPage(() => withSections(import('./routes/LessonEditorPage'), 'studio')) },
  { path: 'studio/analytics', element: lazyPage(() => withSections(import('./routes/AnalyticsPage'), 'studio')) },
  { path: 'studio/analytics/:slug', element: lazyPage(() => withSections(import('./routes/CourseAnalyticsPage'), 'studio')) },
  { path: 'studio/reviews', element: lazyPage(() => withSections(import('./routes/ReviewsInboxPage'), 'studio')) },
];
