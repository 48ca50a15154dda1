-- Stored evidence exports are append-only like the audit trail: an export is what was handed to an auditor, byte for
-- byte. The application's role has no UPDATE or DELETE on the table (lib/db/app-role.ts); this trigger also refuses
-- them to a role that owns the table (one DATABASE_URL for everything), short of dropping the trigger.
CREATE FUNCTION evidence_exports_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'evidence_exports is append-only: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER evidence_exports_append_only BEFORE UPDATE OR DELETE ON "evidence_exports"
  FOR EACH ROW EXECUTE FUNCTION evidence_exports_append_only();
