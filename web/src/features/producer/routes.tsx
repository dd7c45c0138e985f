import type { RouteObject } from 'react-router';
import { withSections } from '../../i18n';
import { lazyPage } from '../../lib/route';

export const producerPrivateRoutes: RouteObject[] = [
  { path: 'producer', element: lazyPage(() => withSections(import('./routes/QueuePage'), 'studio', 'producer')) },
  { path: 'producer/courses/:slug', element: lazyPage(() => withSections(import('./routes/ReviewCoursePage'), 'studio', 'producer')) },
  { path: 'producer/moderation', element: lazyPage(() => withSections(import('./routes/ModerationPage'), 'studio', 'producer')) },
  { path: 'producer/taxonomy', element: lazyPage(() => withSections(import('./routes/TaxonomyPage'), 'studio', 'producer')) },
];
