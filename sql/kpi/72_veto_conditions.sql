
-- kpi: the seven veto conditions of the 2018 method ship with the
-- extension.  pg_dump writes the rows users added and the
-- shipped rows whose title they changed; a restore, which finds the
-- shipped rows already made by CREATE EXTENSION, turns such a row into an
-- update of the title.  A shipped condition cannot be deleted: it would
-- come back with the next restore.

CREATE FUNCTION kpi.shipped_veto_title(condition_code int)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT v.title FROM (VALUES
		(1, '工作职能不到位，在社会上造成不良影响的'),
		(2, '工作人员因赌博、酗酒、打架斗殴等被公安机关行政处理的和因违反局机关工作制度按下岗处理的'),
		(3, '工作人员存在违法违纪行为，经查属实的'),
		(4, '单位人防、物防设施不落实而发生入室盗窃案的'),
		(5, '违章交通法规肇事造成伤亡事件的'),
		(6, '工作人员存在涉黑涉恶问题的'),
		(7, '未及时、认真调解各类纠纷，造成矛盾激化的')) AS v (code, title)
	 WHERE v.code = $1
$$;
COMMENT ON FUNCTION kpi.shipped_veto_title(int) IS 'Title of a veto condition as the 2018 method ships it (null: not shipped)';

INSERT INTO kpi.veto_condition (condition_code, title)
SELECT code, kpi.shipped_veto_title(code) FROM generate_series(1, 7) code;

SELECT pg_catalog.pg_extension_config_dump('kpi.veto_condition',
	'WHERE kpi.shipped_veto_title(condition_code) IS DISTINCT FROM title');

-- Run as the caller: only the office (and a restore) writes the conditions.
CREATE FUNCTION kpi.veto_condition_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF kpi.shipped_veto_title(OLD.condition_code) IS NOT NULL AND NOT kpi.restoring() THEN
			RAISE EXCEPTION USING
				MESSAGE = pg_catalog.format(kpi.translate('veto condition %s ships with kpi and cannot be deleted'),
											OLD.condition_code),
				ERRCODE = 'restrict_violation',
				HINT = kpi.translate('Change its title, or add conditions of your own with other codes.');
		END IF;
		RETURN OLD;
	END IF;
	-- a restore brings a changed shipped row the extension already made
	IF kpi.restoring() AND EXISTS (SELECT 1 FROM kpi.veto_condition c
									WHERE c.condition_code = NEW.condition_code) THEN
		UPDATE kpi.veto_condition c SET title = NEW.title WHERE c.condition_code = NEW.condition_code;
		RETURN NULL;
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER veto_condition_guard BEFORE INSERT OR DELETE ON kpi.veto_condition
	FOR EACH ROW EXECUTE FUNCTION kpi.veto_condition_guard();
