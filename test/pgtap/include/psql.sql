-- What every pgTAP file runs under: stop at the first error, print only
-- the TAP lines.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off
