-- The course progress page (`GET /dashboard/courses/{slug}`) reads the course's outline
-- from one column instead of joining modules and lessons row by row (ADR 0070): its
-- modules in order, each with its lessons in order, as JSON
-- `[{"id", "title", "lessons": [{"id", "title"}]}]`. Rewritten by every outline change,
-- under the course's lock, in the changing transaction (`syllabus::refresh_outline`).
ALTER TABLE courses ADD COLUMN outline TEXT NOT NULL DEFAULT '[]';
UPDATE courses c SET outline = o.outline
FROM (
    SELECT m.course_id,
           json_agg(json_build_object('id', m.id, 'title', m.title,
                                      'lessons', COALESCE(ls.lessons, '[]'::json))
                    ORDER BY m.position, m.id)::text AS outline
    FROM modules m
    LEFT JOIN (
        SELECT module_id, json_agg(json_build_object('id', id, 'title', title)
                                   ORDER BY position, id) AS lessons
        FROM lessons GROUP BY module_id
    ) ls ON ls.module_id = m.id
    GROUP BY m.course_id
) o
WHERE o.course_id = c.id;
