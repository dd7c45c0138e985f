-- A teacher's rating on their public profile: the visible reviews of their published
-- courses, kept as a count and a sum (the average is sum / count, exact) by the same
-- transactions that change reviews or move a course in or out of `published`.
ALTER TABLE profiles ADD COLUMN rating_count BIGINT NOT NULL DEFAULT 0 CHECK (rating_count >= 0);
ALTER TABLE profiles ADD COLUMN rating_sum BIGINT NOT NULL DEFAULT 0 CHECK (rating_sum >= 0);
UPDATE profiles SET
    rating_count = (SELECT COUNT(*) FROM reviews r JOIN courses c ON c.id = r.course_id
                    WHERE c.teacher_id = profiles.user_id AND c.status = 'published'
                      AND r.hidden_at IS NULL),
    rating_sum = (SELECT COALESCE(SUM(r.rating), 0) FROM reviews r JOIN courses c ON c.id = r.course_id
                  WHERE c.teacher_id = profiles.user_id AND c.status = 'published'
                    AND r.hidden_at IS NULL);
