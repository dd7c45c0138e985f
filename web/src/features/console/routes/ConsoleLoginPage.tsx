import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { LoginForm } from '../../identity/components/LoginForm';
import { useAdminApi, useAdminSession } from '../session';
import '../console.css';

/** Only console paths are followed after login (never another site). */
export function consoleNext(next: string | null): string {
  return next && next.startsWith('/console/') && !next.startsWith('//') ? next : '/console/users';
}

export default function ConsoleLoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('console.login.title'));
  const { client, session } = useAdminApi();
  const { endReason } = useAdminSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();

  return (
    <section className="form">
      <h1>{t('console.login.title')}</h1>
      <p className="muted">{t('console.login.intro')}</p>
      <LoginForm
        endReason={endReason}
        submitLabel={t('console.login.submit')}
        signIn={async (body) => {
          const res = await unwrap(client.POST('/api/v1/admin/login', { body }));
          session.signIn(res.access_token, res.user);
          navigate(consoleNext(params.get('next')), { replace: true });
        }}
      />
    </section>
  );
}
