\echo Use "ALTER EXTENSION kpi UPDATE TO '0.2.0'" to load this file. \quit

-- kpi 0.1.0 -> 0.2.0: finalization with published results, the audit
-- trail, and access by role.  This part changes what 0.1.0 created; the
-- parts new in 0.2.0 follow it unchanged (sql/kpi/38_criterion_node.sql,
-- 70_access.sql, 72_veto_conditions.sql,
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

-- Deductions read the scores of deducted units only.
-- Semantics 4: what is taken, capped bottom-up by kpi_deduction_cap over
-- the whole rubric tree of each unit that has a deduction.  The tree is
-- read per such unit (LATERAL), so only those units' scores are read, by
-- index, not the whole score table.  The four arrays come from one
-- aggregation, so they are aligned; kpi_deduction_cap needs no order.
CREATE OR REPLACE VIEW kpi.deduction_taken AS
SELECT p.scheme_id, p.unit_code, x.criterion_code, x.asked, x.taken
  FROM kpi.participant p
 CROSS JOIN LATERAL (
	SELECT array_agg(n.criterion_code) AS codes,
		   array_agg(n.parent_code) AS parents,
		   array_agg(CASE WHEN n.is_leaf THEN kpi.leaf_value(s.points, n.rule, e.facts, n.max_points)
						  ELSE 0 END) AS points,
		   array_agg(coalesce(da.asked, 0)) AS asked
	  FROM kpi.rubric_node n
	  LEFT JOIN kpi.score s
		ON s.scheme_id = p.scheme_id AND s.unit_code = p.unit_code AND s.criterion_code = n.criterion_code
	  LEFT JOIN kpi.evidence e
		ON e.scheme_id = p.scheme_id AND e.unit_code = p.unit_code AND e.criterion_code = n.criterion_code
	  LEFT JOIN kpi.deduction_asked da
		ON da.scheme_id = p.scheme_id AND da.unit_code = p.unit_code AND da.criterion_code = n.criterion_code
	 WHERE n.scheme_id = p.scheme_id AND n.rubric_code = p.rubric_code) t
 CROSS JOIN LATERAL unnest(t.codes, t.asked, kpi.kpi_deduction_cap(t.codes, t.parents, t.points, t.asked))
	AS x(criterion_code, asked, taken)
 WHERE x.asked > 0
   AND EXISTS (SELECT 1 FROM kpi.deduction d WHERE d.scheme_id = p.scheme_id AND d.unit_code = p.unit_code);
