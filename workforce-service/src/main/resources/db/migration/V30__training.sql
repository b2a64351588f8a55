-- Training and exams (R-TRN-1): courses with materials (files in the S3 store), a question bank, papers assembled by
-- rules with a seeded shuffle, timed exams (the server submits when time is up), automatic scoring of objective
-- questions and manual scoring of short answers with comments.
CREATE TABLE training_course (
    tenant_id   text        NOT NULL,
    id          uuid        NOT NULL PRIMARY KEY,
    title       text        NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    description text        NOT NULL DEFAULT '',
    category    text        NOT NULL CHECK (length(category) BETWEEN 1 AND 32),
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL
);
ALTER TABLE training_course ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_course FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON training_course
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE training_material (
    tenant_id    text        NOT NULL,
    id           uuid        NOT NULL PRIMARY KEY,
    course       uuid        NOT NULL REFERENCES training_course (id),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    content_type text        NOT NULL,
    size         bigint      NOT NULL,
    object_key   text        NOT NULL,
    uploaded_by  text        NOT NULL,
    uploaded_at  timestamptz NOT NULL
);
ALTER TABLE training_material ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_material FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON training_material
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE training_question (
    tenant_id  text        NOT NULL,
    id         uuid        NOT NULL PRIMARY KEY,
    kind       text        NOT NULL CHECK (kind IN ('SINGLE', 'MULTIPLE', 'TRUE_FALSE', 'SHORT')),
    category   text        NOT NULL CHECK (length(category) BETWEEN 1 AND 32),
    difficulty integer     NOT NULL CHECK (difficulty BETWEEN 1 AND 5),
    stem       text        NOT NULL CHECK (length(stem) BETWEEN 1 AND 2000),
    options    text[]      NOT NULL DEFAULT '{}',
    -- option letters (A, B …) for choices, 'true' / 'false', or the reference answer of a short question
    answer     text[]      NOT NULL,
    points     integer     NOT NULL CHECK (points BETWEEN 1 AND 100),
    active     boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL
);
CREATE INDEX training_question_pick ON training_question (tenant_id, kind, category, difficulty) WHERE active;
ALTER TABLE training_question ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_question FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON training_question
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE training_paper (
    tenant_id        text        NOT NULL,
    id               uuid        NOT NULL PRIMARY KEY,
    title            text        NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    duration_seconds integer     NOT NULL CHECK (duration_seconds BETWEEN 1 AND 86400),
    rules            jsonb       NOT NULL,
    seed             bigint      NOT NULL,
    questions        uuid[]      NOT NULL,
    total_points     integer     NOT NULL,
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL
);
ALTER TABLE training_paper ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_paper FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON training_paper
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE training_exam (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL PRIMARY KEY,
    paper           uuid        NOT NULL REFERENCES training_paper (id),
    user_id         text        NOT NULL,
    user_name       text,
    status          text        NOT NULL CHECK (status IN ('IN_PROGRESS', 'SUBMITTED', 'SCORED')),
    started_at      timestamptz NOT NULL,
    deadline        timestamptz NOT NULL,
    submitted_at    timestamptz,
    auto_submitted  boolean     NOT NULL DEFAULT false,
    objective_score integer,
    manual_score    integer,
    total_score     integer,
    UNIQUE (paper, user_id)
);
CREATE INDEX training_exam_running ON training_exam (deadline) WHERE status = 'IN_PROGRESS';
ALTER TABLE training_exam ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_exam FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON training_exam
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE training_answer (
    tenant_id     text        NOT NULL,
    exam          uuid        NOT NULL REFERENCES training_exam (id),
    question      uuid        NOT NULL REFERENCES training_question (id),
    answer        text[]      NOT NULL,
    answered_at   timestamptz NOT NULL,
    auto_points   integer,
    manual_points integer,
    comment       text,
    scored_by     text,
    PRIMARY KEY (exam, question)
);
ALTER TABLE training_answer ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_answer FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON training_answer
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
