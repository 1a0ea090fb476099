-- The security audit log is append-only by privilege, not only by trigger. While the app's
-- role owned `security_events` the trigger stopped mistakes but not the owner: an owner may
-- update, delete, truncate, drop the trigger, replace its function or grant itself anything.
-- The table and its trigger function now belong to `intellifin_audit_owner`, a role nobody
-- signs in as; the role that migrates (the app's role) keeps SELECT and INSERT only.
-- The migrating role must be able to create that role or already be a member of it; an
-- operator revokes the membership afterwards (docs/security/audit-log.md).
DO $$
DECLARE
    app_role text := current_user;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'intellifin_audit_owner') THEN
        BEGIN
            CREATE ROLE intellifin_audit_owner NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- made at the same moment by another database's migration (roles are cluster-wide)
        END;
    END IF;
    -- CREATE because a new owner must hold it on the schema (when the migrating role is no superuser).
    EXECUTE 'GRANT USAGE, CREATE ON SCHEMA platform TO intellifin_audit_owner';
    ALTER FUNCTION security_events_append_only() OWNER TO intellifin_audit_owner;
    ALTER TABLE security_events OWNER TO intellifin_audit_owner;
    SET LOCAL ROLE intellifin_audit_owner;
    EXECUTE format('GRANT SELECT, INSERT ON security_events TO %I', app_role);
    EXECUTE format('SET LOCAL ROLE %I', app_role);
END $$;
