import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../api/context';
import { EmptyState, Skeleton } from '../../../ui';

/** Shows its children to the listed roles; others read why not (the API refuses them too). */
export function RoleGate({ roles, children }: { roles: string[]; children: ReactNode }) {
  const { t } = useTranslation();
  const { user, status } = useSession();
  if (status === 'restoring' || (status === 'authenticated' && !user)) return <Skeleton lines={4} />;
  if (!user || !roles.includes(user.role)) {
    return (
      <EmptyState title={t('studio.forbidden')}>
        <Link to="/courses">{t('studio.toCatalog')}</Link>
      </EmptyState>
    );
  }
  return <>{children}</>;
}

export const TEACHING_ROLES = ['teacher', 'producer', 'admin'];
export const PRODUCING_ROLES = ['producer', 'admin'];
