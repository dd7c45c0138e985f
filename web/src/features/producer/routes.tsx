import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/route';

export const producerPrivateRoutes: RouteObject[] = [
  { path: 'producer', element: lazyPage(() => import('./routes/QueuePage')) },
  { path: 'producer/courses/:slug', element: lazyPage(() => import('./routes/ReviewCoursePage')) },
  { path: 'producer/moderation', element: lazyPage(() => import('./routes/ModerationPage')) },
  { path: 'producer/taxonomy', element: lazyPage(() => import('./routes/TaxonomyPage')) },
];
