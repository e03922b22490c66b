-- Job files: what operators upload for jobs (a resource package, firmware, a script, a new agent version). The
-- bytes live once per content under <data>/files/<sha256>; each upload under a name is a row here. An upload of the
-- same content under the same name finds its row again rather than adding one.
CREATE TABLE job_files (
    id         UUID         PRIMARY KEY,
    name       VARCHAR(255) NOT NULL,
    sha256     CHAR(64)     NOT NULL,
    size_bytes BIGINT       NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX job_files_by_content_and_name ON job_files (sha256, name);
