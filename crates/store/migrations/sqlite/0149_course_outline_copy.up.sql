-- The course progress page (`GET /dashboard/courses/{slug}`) reads the course's outline
-- from one column instead of joining modules and lessons row by row (ADR 0070): its
-- modules in order, each with its lessons in order, as JSON
-- `[{"id", "title", "lessons": [{"id", "title"}]}]`. Rewritten by every outline change
-- in the changing transaction (`syllabus::refresh_outline`).
ALTER TABLE courses ADD COLUMN outline TEXT NOT NULL DEFAULT '[]';
UPDATE courses SET outline = (
    SELECT json_group_array(json_object(
               'id', m.id, 'title', m.title,
               'lessons', json((SELECT json_group_array(json_object('id', l.id, 'title', l.title)
                                                        ORDER BY l.position, l.id)
                                FROM lessons l WHERE l.module_id = m.id)))
           ORDER BY m.position, m.id)
    FROM modules m WHERE m.course_id = courses.id
);
