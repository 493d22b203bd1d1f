SET client_min_messages = warning;
DROP EXTENSION IF EXISTS kpi CASCADE;
CREATE EXTENSION kpi;
RESET client_min_messages;
