\echo Use "ALTER EXTENSION kpi UPDATE TO '0.2.0'" to load this file. \quit

-- kpi 0.1.0 -> 0.2.0: finalization with published results, the audit
-- trail, and access by role.  This part changes what 0.1.0 created; the
-- parts new in 0.2.0 follow it unchanged (sql/kpi/70_access.sql, 72_veto_conditions.sql,
-- 75_publish.sql, 80_audit.sql), so a fresh install and an upgrade run the
-- same text for them.

-- The computed views keep their definitions under new names; kpi.result,
-- kpi.reward and kpi.consequence become the published-or-live, per-account
-- views of 75_publish.sql.
ALTER VIEW kpi.result RENAME TO live_result;
ALTER VIEW kpi.reward RENAME TO live_reward;
ALTER VIEW kpi.consequence RENAME TO live_consequence;
COMMENT ON VIEW kpi.live_result IS 'The assessment computed now: one row per participant with parts, total, rank and tier (semantics 1-7)';
COMMENT ON VIEW kpi.live_reward IS 'Cash rewards of 实绩突出 units computed now, split to the fen (person null: a unit without members)';
COMMENT ON VIEW kpi.live_consequence IS 'Consequences computed now (通报表彰, 通报批评, 不得评优, 不称职公务员, 不能评优评先), one row each';

-- The integrity triggers check all rows as kpi's owner, whatever row-level
-- security lets the writing account see.
ALTER FUNCTION kpi.criterion_check_tree() SECURITY DEFINER;
ALTER FUNCTION kpi.score_check_rows() SECURITY DEFINER;
ALTER FUNCTION kpi.evidence_check_rows() SECURITY DEFINER;
ALTER FUNCTION kpi.deduction_check_rows() SECURITY DEFINER;
ALTER FUNCTION kpi.rating_check_rows() SECURITY DEFINER;
ALTER FUNCTION kpi.recheck_changed_schemes() SECURITY DEFINER;
ALTER FUNCTION kpi.recheck_changed_units() SECURITY DEFINER;
ALTER FUNCTION kpi.component_check_weights() SECURITY DEFINER;
