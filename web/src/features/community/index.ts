// The community feature's public face: what other features may embed.
export { CourseReviews } from './components/CourseReviews';
