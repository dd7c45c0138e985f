// The studio's public parts, for the producer console (which reviews the same courses).
export { CoursePreview } from './components/CoursePreview';
export { RoleGate, PRODUCING_ROLES, TEACHING_ROLES } from './components/RoleGate';
export { StatusBadge } from './components/StatusBadge';
export { useSetStatus, useStudioCourse, useCategories, studioKeys } from './hooks';
export type { Course, CourseSummary, Review } from './hooks';
