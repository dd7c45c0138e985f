import { useTranslation } from 'react-i18next';
import { SelectField } from '../../../ui';
import type { Track } from '../hooks';

/** Module and level (stage) filters of the question bank and the articles. */
export function BankFilters({
  track,
  moduleId,
  stage,
  onChange,
}: {
  track: Track;
  moduleId: number | null;
  stage: string;
  onChange: (v: { moduleId: number | null; stage: string }) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="console-filters">
      <SelectField
        label={t('console.bank.module')}
        value={moduleId == null ? '' : String(moduleId)}
        onChange={(v) => onChange({ moduleId: v ? Number(v) : null, stage })}
        options={[{ value: '', label: t('console.all') }, ...track.modules.map((m) => ({ value: String(m.module_id), label: m.name }))]}
      />
      <SelectField
        label={t('console.bank.level')}
        value={stage}
        onChange={(v) => onChange({ moduleId, stage: v })}
        options={[{ value: '', label: t('console.all') }, ...track.stages.map((s) => ({ value: s.key, label: s.key }))]}
      />
    </div>
  );
}

export function moduleName(track: Track, id: number): string {
  return track.modules.find((m) => m.module_id === id)?.name ?? `#${id}`;
}
