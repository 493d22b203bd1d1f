-- test/traffic/setup.sql: a database for test/traffic.sh.  After bench/gen.sql
-- (:units units, :leaves leaves) and bench/peer.sql it adds what the clients
-- work on, their accounts, the ledger they append to and the state before
-- the run, which the checks replay the ledger over.
\set ON_ERROR_STOP 1

-- the last five leaves of every unit unscored: the assessors' upserts insert them
DELETE FROM kpi.score
 WHERE scheme_id = 'bench' AND split_part(criterion_code, '.', 3)::int > :leaves - 5;

-- what the office works on: unapproved bonuses and unconfirmed vetoes
CREATE SCHEMA load;
CREATE TABLE load.target (kind text, n int, id bigint, PRIMARY KEY (kind, n));
WITH b AS (
	INSERT INTO kpi.bonus (scheme_id, unit_code, title, approved, points)
	SELECT 'bench', 'u' || lpad(i::text, 6, '0'), '创新突破（负载测试）', false, 2 + i % 3
	  FROM generate_series(3, 33, 5) i
	RETURNING id)
INSERT INTO load.target SELECT 'bonus', row_number() OVER (ORDER BY id), id FROM b;
WITH v AS (
	INSERT INTO kpi.veto (scheme_id, unit_code, condition_code, note, confirmed)
	SELECT 'bench', 'u' || lpad(i::text, 6, '0'), 1, '待核实（负载测试）', false
	  FROM generate_series(4, 24, 10) i
	RETURNING id)
INSERT INTO load.target SELECT 'veto', row_number() OVER (ORDER BY id), id FROM v;

-- Every writing transaction appends what it wrote, in the same transaction
-- and after the write: a second writer of a row waits for the first to
-- commit, so per row the ledger's order is the commit order.
CREATE TABLE load.ledger (
	id bigserial PRIMARY KEY,
	xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
	client text NOT NULL DEFAULT current_setting('application_name'),
	tbl text NOT NULL,
	row_key jsonb NOT NULL,
	op text NOT NULL,
	val jsonb NOT NULL);
-- each read: rows seen, and how many differ from the recomputation
CREATE TABLE load.reads (
	id bigserial PRIMARY KEY,
	client text NOT NULL DEFAULT current_setting('application_name'),
	units bigint NOT NULL,
	differing bigint NOT NULL,
	ranking_differing bigint NOT NULL);
CREATE SEQUENCE load.tick;

-- the written columns of each table the clients write, by key (kpi.audit's row_key)
CREATE VIEW load.state AS
SELECT 'score' AS tbl, jsonb_build_object('scheme_id', scheme_id, 'unit_code', unit_code, 'criterion_code', criterion_code) AS row_key,
	   jsonb_build_object('points', points, 'note', note) AS val
  FROM kpi.score WHERE scheme_id = 'bench'
UNION ALL
SELECT 'rating', jsonb_build_object('scheme_id', scheme_id, 'unit_code', unit_code, 'component_code', component_code, 'rater', rater),
	   jsonb_build_object('score', score)
  FROM kpi.rating WHERE scheme_id = 'bench'
UNION ALL
SELECT 'evidence', jsonb_build_object('scheme_id', scheme_id, 'unit_code', unit_code, 'criterion_code', criterion_code),
	   jsonb_build_object('facts', facts)
  FROM kpi.evidence WHERE scheme_id = 'bench'
UNION ALL
SELECT 'bonus', jsonb_build_object('id', id), jsonb_build_object('approved', approved)
  FROM kpi.bonus WHERE scheme_id = 'bench'
UNION ALL
SELECT 'veto', jsonb_build_object('id', id), jsonb_build_object('confirmed', confirmed)
  FROM kpi.veto WHERE scheme_id = 'bench';
CREATE TABLE load.initial AS SELECT * FROM load.state;

-- kpi.result against the recomputation in plain SQL (bench.peer_result),
-- over the columns both have: rows differing either way.  As the caller
-- (security_invoker): a reader account's kpi.result, the peer as its owner.
SELECT format($v$CREATE VIEW load.result_vs_peer WITH (security_invoker = true) AS
	SELECT count(*) AS differing
	  FROM ((SELECT %1$s FROM kpi.result WHERE scheme_id = 'bench'
			 EXCEPT ALL SELECT %1$s FROM bench.peer_result WHERE scheme_id = 'bench')
			UNION ALL
			(SELECT %1$s FROM bench.peer_result WHERE scheme_id = 'bench'
			 EXCEPT ALL SELECT %1$s FROM kpi.result WHERE scheme_id = 'bench')) d$v$,
	string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum))
  FROM pg_attribute a
 WHERE a.attrelid = 'kpi.result'::regclass AND a.attnum > 0 AND NOT a.attisdropped
   AND a.attname IN (SELECT b.attname FROM pg_attribute b WHERE b.attrelid = 'bench.peer_result'::regclass) \gexec
CREATE TABLE load.mark AS SELECT coalesce(max(id), 0) AS audit_id FROM kpi.audit;

-- the accounts (roles made by test/traffic.sh): 8 assessors and 2 COPY loaders
-- of every criterion, 4 raters, 2 units, the office, 2 readers
SELECT kpi.grant_access('load_asr' || k, 'assessor', scheme_id => 'bench') FROM generate_series(1, 8) k;
SELECT kpi.grant_access('load_copy' || k, 'assessor', scheme_id => 'bench') FROM generate_series(1, 2) k;
SELECT kpi.grant_access('load_rtr' || k, 'rater', rater => r, component_code => c)
  FROM (VALUES (1, 'lingdao-评委1', 'lingdao'), (2, 'lingdao-评委2', 'lingdao'),
			   (3, 'xiaozu-评委1', 'xiaozu'), (4, 'xiaozu-评委2', 'xiaozu')) v(k, r, c);
SELECT kpi.grant_access('load_unit' || k, 'unit', unit_code => 'u' || lpad((k + 1)::text, 6, '0')) FROM generate_series(1, 2) k;
SELECT kpi.grant_access('load_office', 'office');
SELECT kpi.grant_access('load_reader' || k, 'reader') FROM generate_series(1, 2) k;

GRANT USAGE ON SCHEMA load TO PUBLIC;
GRANT SELECT ON load.target, load.result_vs_peer TO PUBLIC;
GRANT INSERT ON load.ledger, load.reads TO PUBLIC;
GRANT USAGE ON load.tick, load.ledger_id_seq, load.reads_id_seq TO PUBLIC;
-- the readers' recomputation: the peer (plain SQL over kpi's tables, as its owner)
GRANT USAGE ON SCHEMA bench TO PUBLIC;
GRANT SELECT ON bench.peer_result TO PUBLIC;
VACUUM ANALYZE;
