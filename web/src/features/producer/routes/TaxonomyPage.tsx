import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, EmptyState, ErrorState, Field, Notice, SelectField, Skeleton } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { PRODUCING_ROLES, RoleGate } from '../../studio';
import { ProducerNav } from '../components/ProducerNav';
import { useCategoryList, useTags, useTaxonomy } from '../hooks';
import '../../studio/studio.css';

export default function TaxonomyPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('producer.taxonomy.title'));
  return (
    <RoleGate roles={PRODUCING_ROLES}>
      <h1>{t('producer.taxonomy.title')}</h1>
      <ProducerNav />
      <div className="stack">
        <Categories />
        <Tags />
      </div>
    </RoleGate>
  );
}

type Tx = ReturnType<typeof useTaxonomy>;

function Categories() {
  const { t } = useTranslation();
  const cats = useCategoryList();
  const tx = useTaxonomy();
  const [name, setName] = useState('');
  const [parent, setParent] = useState('');
  const failed = [tx.addCategory, tx.updateCategory, tx.deleteCategory].find((m) => m.isError);
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    tx.addCategory.mutate({ name: name.trim(), parent_slug: parent || null }, { onSuccess: () => setName('') });
  };
  const list = cats.data ?? [];
  const nameOf = new Map(list.map((c) => [c.category_id, c.name]));
  return (
    <section className="card stack" aria-labelledby="cats-h">
      <h2 id="cats-h">{t('producer.taxonomy.categories')}</h2>
      {failed && <ErrorState error={failed.error} />}
      {cats.isPending ? (
        <Skeleton lines={4} />
      ) : cats.isError ? (
        <ErrorState error={cats.error} onRetry={() => void cats.refetch()} />
      ) : list.length === 0 ? (
        <EmptyState title={t('producer.taxonomy.noCategories')} />
      ) : (
        <ul className="plain-list stack">
          {list.map((c) => (
            <Item
              key={c.category_id}
              name={c.name}
              detail={`${c.slug}${c.parent_id ? ` · ${t('producer.taxonomy.inParent', { parent: nameOf.get(c.parent_id) ?? c.parent_id })}` : ''}`}
              onRename={(n) => tx.updateCategory.mutateAsync({ slug: c.slug, name: n })}
              onDelete={() => tx.deleteCategory.mutate(c.slug)}
              deleting={tx.deleteCategory.isPending && tx.deleteCategory.variables === c.slug}
            />
          ))}
        </ul>
      )}
      <form className="add-form" onSubmit={add}>
        <Field label={t('producer.taxonomy.newCategory')} value={name} onChange={(e) => setName(e.target.value)} />
        <SelectField
          label={t('producer.taxonomy.parent')}
          value={parent}
          onChange={setParent}
          options={[{ value: '', label: t('producer.taxonomy.topLevel') }, ...list.map((c) => ({ value: c.slug, label: c.name }))]}
        />
        <Button type="submit" variant="secondary" busy={tx.addCategory.isPending} disabled={!name.trim()}>
          {t('producer.taxonomy.add')}
        </Button>
      </form>
      {tx.addCategory.isSuccess && <Notice kind="success">{t('producer.taxonomy.added')}</Notice>}
    </section>
  );
}

function Tags() {
  const { t } = useTranslation();
  const tags = useTags();
  const tx: Tx = useTaxonomy();
  const [name, setName] = useState('');
  const failed = [tx.addTag, tx.updateTag, tx.deleteTag].find((m) => m.isError);
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    tx.addTag.mutate({ name: name.trim() }, { onSuccess: () => setName('') });
  };
  return (
    <section className="card stack" aria-labelledby="tags-h">
      <h2 id="tags-h">{t('producer.taxonomy.tags')}</h2>
      {failed && <ErrorState error={failed.error} />}
      {tags.isPending ? (
        <Skeleton lines={4} />
      ) : tags.isError ? (
        <ErrorState error={tags.error} onRetry={() => void tags.refetch()} />
      ) : tags.data.length === 0 ? (
        <EmptyState title={t('producer.taxonomy.noTags')} />
      ) : (
        <ul className="plain-list stack">
          {tags.data.map((g) => (
            <Item
              key={g.tag_id}
              name={g.name}
              detail={g.slug}
              onRename={(n) => tx.updateTag.mutateAsync({ slug: g.slug, name: n })}
              onDelete={() => tx.deleteTag.mutate(g.slug)}
              deleting={tx.deleteTag.isPending && tx.deleteTag.variables === g.slug}
            />
          ))}
        </ul>
      )}
      <form className="add-form" onSubmit={add}>
        <Field label={t('producer.taxonomy.newTag')} value={name} onChange={(e) => setName(e.target.value)} />
        <Button type="submit" variant="secondary" busy={tx.addTag.isPending} disabled={!name.trim()}>
          {t('producer.taxonomy.add')}
        </Button>
      </form>
    </section>
  );
}

function Item({
  name,
  detail,
  onRename,
  onDelete,
  deleting,
}: {
  name: string;
  detail: string;
  onRename: (name: string) => Promise<unknown>;
  onDelete: () => void;
  deleting: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(name);
  return (
    <li className="lesson-row taxonomy-item">
      {editing ? (
        <form
          className="rename-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!value.trim()) return;
            void onRename(value.trim()).then(
              () => setEditing(false),
              () => undefined,
            );
          }}
        >
          <Field label={t('producer.taxonomy.nameOf', { name })} value={value} autoFocus onChange={(e) => setValue(e.target.value)} />
          <Button type="submit" variant="secondary">
            {t('studio.save')}
          </Button>
          <Button variant="ghost" onClick={() => setEditing(false)}>
            {t('studio.cancel')}
          </Button>
        </form>
      ) : (
        <span>
          <strong>{name}</strong> <span className="muted">{detail}</span>
        </span>
      )}
      {!editing && (
        <div className="row">
          <Button
            variant="ghost"
            aria-label={`${t('studio.rename')}: ${name}`}
            onClick={() => {
              setValue(name);
              setEditing(true);
            }}
          >
            {t('studio.rename')}
          </Button>
          <Button variant="ghost" busy={deleting} aria-label={`${t('studio.delete')}: ${name}`} onClick={onDelete}>
            {t('studio.delete')}
          </Button>
        </div>
      )}
    </li>
  );
}
