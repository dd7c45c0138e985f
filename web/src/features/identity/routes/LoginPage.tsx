import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { useApi, useSession } from '../../../api/context';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { LoginForm } from '../components/LoginForm';
import { safeNext } from '../hooks';

export default function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('login.title'));
  const { client, session } = useApi();
  const { endReason } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();

  return (
    <section className="form">
      <h1>{t('login.title')}</h1>
      <LoginForm
        endReason={endReason}
        submitLabel={t('login.submit')}
        besideSubmit={<Link to="/forgot-password">{t('login.forgot')}</Link>}
        signIn={async (body) => {
          const res = await unwrap(client.POST('/api/v1/auth/login', { body }));
          session.signIn(res.access_token, res.user);
          navigate(safeNext(params.get('next')), { replace: true });
        }}
      />
      <p>
        {t('login.noAccount')} <Link to="/signup">{t('nav.signup')}</Link>
      </p>
    </section>
  );
}
