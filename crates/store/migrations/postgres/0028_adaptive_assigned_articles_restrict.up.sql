-- An article assigned to a learner is part of their history: deleting it (directly, or
-- through its module, stage or track) is refused instead of wiping the assignments.
-- Retire it (deactivate) instead.
ALTER TABLE content_assignments
    DROP CONSTRAINT content_assignments_article_id_fkey,
    ADD CONSTRAINT content_assignments_article_id_fkey FOREIGN KEY (article_id)
        REFERENCES articles (id) ON DELETE RESTRICT;
