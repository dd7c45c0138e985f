import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy, arrayMove } from '@dnd-kit/sortable';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A vertical list reordered by drag and drop (pointer or keyboard), announcing each step
 * in the UI language. `onReorder` gets the ids in their new order.
 */
export function SortableList({
  ids,
  names,
  onReorder,
  className,
  label,
  children,
}: {
  ids: number[];
  names: Map<number, string>;
  onReorder: (ids: number[]) => void;
  className?: string;
  label: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const name = (id: string | number) => names.get(Number(id)) ?? String(id);
  const position = (id: string | number | undefined) => (id == null ? 0 : ids.indexOf(Number(id)) + 1);
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('studio.dnd.picked', { name: name(active.id), pos: position(active.id), total: ids.length }),
    onDragOver: ({ active, over }) => (over ? t('studio.dnd.over', { name: name(active.id), pos: position(over.id), total: ids.length }) : undefined),
    onDragEnd: ({ active, over }) => (over ? t('studio.dnd.dropped', { name: name(active.id), pos: position(over.id), total: ids.length }) : undefined),
    onDragCancel: ({ active }) => t('studio.dnd.cancelled', { name: name(active.id) }),
  };
  const end = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = ids.indexOf(Number(active.id));
    const to = ids.indexOf(Number(over.id));
    if (from < 0 || to < 0) return;
    onReorder(arrayMove(ids, from, to));
  };
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={end}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('studio.dnd.instructions') } }}
    >
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <ol className={className} aria-label={label}>
          {children}
        </ol>
      </SortableContext>
    </DndContext>
  );
}
