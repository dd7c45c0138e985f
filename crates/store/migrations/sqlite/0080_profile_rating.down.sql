ALTER TABLE profiles DROP COLUMN rating_sum;
ALTER TABLE profiles DROP COLUMN rating_count;
