import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, EmptyState, ErrorState, Notice, Pagination, SelectField, Skeleton, errorMessage } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { formatDate } from '../../../lib/format';
import { useUpdateUser, useUsers, type AdminUser } from '../hooks';
import { useAdminSession } from '../session';

export const ROLES = ['student', 'teacher', 'producer', 'admin'] as const;

export default function UsersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('console.users.title'));
  const [text, setText] = useState('');
  const [filter, setFilter] = useState({ search: '', role: '', page: 1 });
  const users = useUsers(filter);
  const update = useUpdateUser();
  const [notice, setNotice] = useState<string | null>(null);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setFilter((f) => ({ ...f, search: text.trim(), page: 1 }));
  };
  const change = (u: AdminUser, v: { role?: string; is_active?: boolean }, done: string) => {
    setNotice(null);
    update.mutate({ id: u.user_id, ...v }, { onSuccess: () => setNotice(done) });
  };

  return (
    <section>
      <h1>{t('console.users.title')}</h1>
      <form className="console-filters" onSubmit={search} role="search">
        <div className="field">
          <label htmlFor="user-search">{t('console.users.search')}</label>
          <input id="user-search" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <SelectField
          label={t('console.users.role')}
          value={filter.role}
          onChange={(role) => setFilter((f) => ({ ...f, role, page: 1 }))}
          options={[{ value: '', label: t('console.all') }, ...ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))]}
        />
        <Button type="submit" variant="secondary">
          {t('console.users.find')}
        </Button>
      </form>
      {notice && <Notice kind="success">{notice}</Notice>}
      {update.error && <Notice kind="error">{errorMessage(update.error, t)}</Notice>}
      {users.isPending ? (
        <Skeleton lines={6} />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <EmptyState title={t('console.users.empty')} />
      ) : (
        <>
          <p className="muted">{t('console.users.total', { count: users.data.total })}</p>
          <div className="table-wrap">
            <table className="console-table">
              <caption className="visually-hidden">{t('console.users.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('console.users.name')}</th>
                  <th scope="col">{t('console.users.login')}</th>
                  <th scope="col">{t('console.users.role')}</th>
                  <th scope="col">{t('console.users.status')}</th>
                  <th scope="col">{t('console.users.joined')}</th>
                  <th scope="col">{t('console.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((u) => (
                  <UserRow key={u.user_id} user={u} busy={update.isPending} onChange={change} />
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={filter.page} pageSize={20} total={users.data.total} onPage={(page) => setFilter((f) => ({ ...f, page }))} />
        </>
      )}
    </section>
  );
}

function UserRow({
  user: u,
  busy,
  onChange,
}: {
  user: AdminUser;
  busy: boolean;
  onChange: (u: AdminUser, v: { role?: string; is_active?: boolean }, done: string) => void;
}) {
  const { t } = useTranslation();
  const { user: me } = useAdminSession();
  const self = me?.user_id === u.user_id;
  const who = u.full_name || u.email || u.username || `#${u.user_id}`;
  return (
    <tr>
      <th scope="row">{u.full_name}</th>
      <td>{u.email ?? u.username ?? '—'}</td>
      <td>
        <label className="visually-hidden" htmlFor={`role-${u.user_id}`}>
          {t('console.users.roleOf', { name: who })}
        </label>
        <select
          id={`role-${u.user_id}`}
          value={u.role}
          disabled={busy || self}
          onChange={(e) =>
            onChange(u, { role: e.target.value }, t('console.users.roleChanged', { name: who, role: t(`roles.${e.target.value}`) }))
          }
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <span className={`badge${u.is_active ? '' : ' badge-off'}`}>{u.is_active ? t('console.users.active') : t('console.users.inactive')}</span>
      </td>
      <td>{formatDate(u.created_at)}</td>
      <td>
        {!self && (
          <Button
            variant={u.is_active ? 'danger' : 'secondary'}
            disabled={busy}
            aria-label={u.is_active ? t('console.users.deactivateName', { name: who }) : t('console.users.reactivateName', { name: who })}
            onClick={() =>
              onChange(
                u,
                { is_active: !u.is_active },
                u.is_active ? t('console.users.deactivated', { name: who }) : t('console.users.reactivated', { name: who }),
              )
            }
          >
            {u.is_active ? t('console.users.deactivate') : t('console.users.reactivate')}
          </Button>
        )}
      </td>
    </tr>
  );
}
