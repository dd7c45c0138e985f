export { Button } from './Button';
export { Field, SelectField, TextAreaField } from './Field';
export { Dialog } from './Dialog';
export { Tabs } from './Tabs';
export { Pagination } from './Pagination';
export { EmptyState, ErrorState, Notice, ProgressBar, Skeleton } from './States';
export { errorMessage } from './errorMessage';
export { useFormErrors } from './useFormErrors';
