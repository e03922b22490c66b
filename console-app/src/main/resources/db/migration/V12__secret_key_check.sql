-- Secrets at rest are sealed with the key file beside the console's data (secret.key). One known value sealed with
-- that key lets the console refuse to start with another key file, instead of failing later on each secret.
CREATE TABLE secret_key_check (
    id     INT          PRIMARY KEY,
    sealed VARCHAR(200) NOT NULL
);
