import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { ReactNode } from 'react';

/**
 * A list item that can be dragged by its handle, with the mouse, touch or keyboard
 * (Space or Enter picks it up, arrows move it, Space drops it, Escape cancels).
 */
export function SortableRow({ id, handleLabel, className, children }: { id: number; handleLabel: string; className?: string; children: ReactNode }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  return (
    <li
      ref={setNodeRef}
      className={`${className ?? ''}${isDragging ? ' dragging' : ''}`}
      style={{ transform: CSS.Transform.toString(transform), transition }}
    >
      <button type="button" className="drag-handle" ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={handleLabel}>
        <span aria-hidden="true">⠿</span>
      </button>
      <div className="sortable-body">{children}</div>
    </li>
  );
}
