ALTER TABLE content_assignments
    DROP CONSTRAINT content_assignments_article_id_fkey,
    ADD CONSTRAINT content_assignments_article_id_fkey FOREIGN KEY (article_id)
        REFERENCES articles (id) ON DELETE CASCADE;
