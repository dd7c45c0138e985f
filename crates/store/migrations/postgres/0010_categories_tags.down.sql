DROP TABLE tags;
DROP INDEX categories_parent_id_idx;
DROP TABLE categories;
