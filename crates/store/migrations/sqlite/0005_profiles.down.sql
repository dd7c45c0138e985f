DROP TABLE avatars;
DROP TABLE profiles;
