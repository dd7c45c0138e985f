import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';
import { EmptyState } from '../../../ui';
import { formatDate, formatNumber } from '../../../lib/format';

type Profile = components['schemas']['ProfileResponse'];

export function Avatar({ profile, size = 96 }: { profile: Pick<Profile, 'avatar_url' | 'full_name' | 'updated_at'>; size?: number }) {
  const initials = profile.full_name
    .split(/\s+/)
    .map((w) => w[0])
    .filter(Boolean)
    .slice(0, 2)
    .join('')
    .toUpperCase();
  // Same-origin URL (CSP img-src 'self'); the version busts the cache after an upload.
  if (profile.avatar_url && profile.avatar_url.startsWith('/')) {
    return <img className="avatar" src={`${profile.avatar_url}?v=${encodeURIComponent(profile.updated_at)}`} alt="" width={size} height={size} />;
  }
  return (
    <span className="avatar avatar-initials" aria-hidden="true">
      {initials}
    </span>
  );
}

export function ProfileView({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const links = Object.entries(profile.social_links ?? {}).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && e[1].startsWith('https://'),
  );
  return (
    <article className="profile">
      <header className="profile-header">
        <Avatar profile={profile} />
        <div>
          <h1>{profile.full_name}</h1>
          <p className="muted">
            {t(`roles.${profile.role}`, { defaultValue: profile.role })}
            {profile.rating != null && (
              <>
                {' · '}
                {t('profile.rating', { rating: formatNumber(profile.rating) })}
              </>
            )}
          </p>
        </div>
      </header>
      {profile.bio ? <p className="profile-bio">{profile.bio}</p> : <p className="muted">{t('profile.noBio')}</p>}
      {profile.specializations.length > 0 && (
        <section>
          <h2>{t('profile.specializations')}</h2>
          <ul className="row plain-list">
            {profile.specializations.map((s) => (
              <li key={s.slug} className="badge">
                {s.name}
              </li>
            ))}
          </ul>
        </section>
      )}
      {links.length > 0 && (
        <section>
          <h2>{t('profile.links')}</h2>
          <ul className="plain-list">
            {links.map(([network, url]) => (
              <li key={network}>
                <a href={url} rel="noopener noreferrer nofollow" target="_blank">
                  {t(`networks.${network}`, { defaultValue: network })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h2>{t('profile.achievements')}</h2>
        {profile.achievements.length === 0 ? (
          <EmptyState title={t('profile.noAchievements')} />
        ) : (
          <ul className="grid plain-list">
            {profile.achievements.map((a) => (
              <li key={a.id} className="card">
                <h3>{a.title}</h3>
                <p>{a.description}</p>
                <p className="muted">{formatDate(a.awarded_at)}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
