-- a reader (reporting tool): in one REPEATABLE READ snapshot, kpi.result
-- against the recomputation in plain SQL (load.result_vs_peer, setup.sql),
-- and the report view kpi_report.ranking against kpi.result; what it saw is
-- kept in load.reads
BEGIN ISOLATION LEVEL REPEATABLE READ;
INSERT INTO load.reads (units, differing, ranking_differing)
SELECT (SELECT count(*) FROM kpi.result WHERE scheme_id = 'bench'),
	   (SELECT differing FROM load.result_vs_peer),
	   (SELECT count(*) FROM ((SELECT "单位编码", "总分", "名次", "档次" FROM kpi_report.ranking WHERE "方案" = 'bench'
							   EXCEPT ALL SELECT unit_code, total, rank, tier_label FROM kpi.result WHERE scheme_id = 'bench')
							  UNION ALL
							  (SELECT unit_code, total, rank, tier_label FROM kpi.result WHERE scheme_id = 'bench'
							   EXCEPT ALL SELECT "单位编码", "总分", "名次", "档次" FROM kpi_report.ranking WHERE "方案" = 'bench')) d);
END;
