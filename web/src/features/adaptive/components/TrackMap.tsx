import { useTranslation } from 'react-i18next';
import type { CurrentStage, Track } from '../hooks';

const RANKS = ['trainee', 'junior', 'middle', 'senior'];

/** Ranks as rows, their levels as steps; the learner's stage is marked, the ones before are done. */
export function TrackMap({ track, current }: { track: Track; current: CurrentStage }) {
  const { t } = useTranslation();
  const stages = [...track.stages].sort((a, b) => RANKS.indexOf(a.rank) - RANKS.indexOf(b.rank) || a.level - b.level);
  const at = stages.findIndex((s) => s.key === current.stage);
  const ranks = RANKS.filter((r) => stages.some((s) => s.rank === r));
  return (
    <section className="track-map" aria-labelledby="map-h">
      <h2 id="map-h">{t('adaptive.map.title')}</h2>
      <ol className="map-ranks">
        {ranks.map((rank) => (
          <li key={rank} className="map-rank">
            <h3>{t(`adaptive.ranks.${rank}`, { defaultValue: rank })}</h3>
            <ol className="map-levels">
              {stages
                .filter((s) => s.rank === rank)
                .map((s) => {
                  const i = stages.indexOf(s);
                  const state = current.graduated || i < at ? 'done' : i === at ? 'current' : 'todo';
                  return (
                    <li key={s.key} className={`map-stage map-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
                      <span className="map-dot" aria-hidden="true">
                        {state === 'done' ? '✓' : s.level}
                      </span>
                      <span>
                        {t('adaptive.map.level', { level: s.level })}
                        <span className="visually-hidden">, </span>
                        <span className="map-state">{t(`adaptive.map.${state}`)}</span>
                      </span>
                    </li>
                  );
                })}
            </ol>
          </li>
        ))}
      </ol>
    </section>
  );
}
