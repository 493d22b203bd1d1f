\set ECHO none
\set QUIET 1
\i sample/2018.sql
\unset ON_ERROR_STOP
\set QUIET 0
\set ECHO all
