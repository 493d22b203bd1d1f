\i sql/include/fresh.sql
\i sql/include/sample.sql
