import { useParams } from 'react-router';
import { ErrorState, Skeleton } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ProfileView } from '../components/ProfileView';
import { useProfile } from '../hooks';
import '../identity.css';

export default function PublicProfilePage() {
  const { slug = '' } = useParams();
  const profile = useProfile(slug);
  useDocumentTitle(profile.data?.full_name);
  if (profile.isPending) return <Skeleton lines={5} />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  return <ProfileView profile={profile.data} />;
}
