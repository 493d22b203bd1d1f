# kpi: PostgreSQL extension for the annual target-management assessment.
#
#   make demo    install what is missing, build, load the 2018 sample into a
#                scratch cluster (its scores, facts and ratings from the
#                spreadsheets in sample/csv/) and print ranking, rewards and
#                consequences
#   make test    the message catalog's check, C unit tests (with sanitizers,
#                then under valgrind), static analysis, a short fuzzing run,
#                then in a scratch cluster pg_regress, isolation, pgTAP, the
#                benchmark's smoke run and the shell tests under prove
#   make notice  the 2018 sample's 通报 as notice/notice-2018.html and, printed
#                by headless Chromium, notice/notice-2018.pdf
#   make test-clients  LibreOffice Calc opens the report views over ODBC
#                and its own driver, checked cell by cell (test/clients.sh,
#                also in make test once make client-deps installed it)
#   make deb     the Debian package postgresql-15-kpi in dist/ (debian/)
#   make dist    the PGXN distribution dist/kpi-<version>.zip (META.json)
#
# This file is the PGXS template of PostgreSQL's contrib modules, the
# message catalog and the tests.  The other targets are in mk/:
#   mk/deps.mk       make deps: the Debian packages and the zh_CN locale;
#                    make client-deps, make test-clients
#   mk/demo.mk       make demo, make notice
#   mk/hardening.mk  fuzzing, valgrind, static analysis, forced parallel
#   mk/packaging.mk  make dist, distcheck, deb, install-deb, installcheck-deb

EXTENSION = kpi
EXTVERSION = 1.2.0

MODULE_big = kpi
CORE_OBJS = src/tally.o src/tier.o src/money.o src/deduct.o src/numeric_decode.o \
	src/arena.o src/json.o src/rule.o src/rubric_text.o
GLUE_OBJS = src/kpi.o src/palloc_alloc.o src/numeric_fixed.o src/weighted_total_pg.o \
	src/tier_enum.o src/tier_pg.o src/veto_pg.o src/level_label_pg.o src/reward_pg.o \
	src/deduct_pg.o src/rules_pg.o src/rubric_text_pg.o src/nls_pg.o src/entry_stage_pg.o
OBJS = $(GLUE_OBJS) $(CORE_OBJS)

# PostgreSQL's headers as system headers: their macros (ARR_DATA_PTR) and
# inline functions warn under -Wextra, and they are not ours to fix.
PG_CPPFLAGS = -Isrc -isystem $(includedir_server) -Wall -Wextra -Werror
# ereport looks kpi's messages up in this gettext domain (src/nls_pg.h sets
# TEXTDOMAIN to it, see "Messages in Chinese" below); named like plpgsql-15:
# one catalog per PostgreSQL major, so that kpi built for two majors does
# not collide in the shared localedir.
NLS_DOMAIN = kpi-$(MAJORVERSION)
# (each mk/*.mk adds what it makes)
EXTRA_CLEAN = test/unit/bin results regression.diffs regression.out test/isolation/output \
	po/*.mo po/fresh.pot

# The install script is built from its parts, in order (one file to edit
# per concern; the versioned copy is what the catalog sees).  1.0.0 is the
# release base: earlier versions were pre-releases, never published, and
# have no update path.  Each update script kpi--A--B.sql is built from its
# source sql/upgrade/A--B.sql, whose --#include lines take the objects it
# replaces from the parts (sql/upgrade/expand.pl).  A release's scripts
# are then frozen in sql/released/, committed as built (make freeze,
# docs/releasing.md), and installed as they are.
SQL_PARTS = $(sort $(wildcard sql/kpi/*.sql))
UPDATE_SOURCES = $(wildcard sql/upgrade/*--*.sql)
DATA_built = sql/kpi--$(EXTVERSION).sql $(UPDATE_SOURCES:sql/upgrade/%=sql/kpi--%)
DATA = $(wildcard sql/released/kpi--*.sql)

# pg_regress: inputs in sql/, expected output in expected/
REGRESS = schema content rules rubric ratings bonus_deduction tiers veto_downgrade \
	rewards consequences methods method_rules validation bad_input pushdown parallel points_sum sample security \
	publish audit robustness messages notice report entry entry_stage season appeal explain what_if year_over_year upstream bureaus attack oldextversions
REGRESS_OPTS = --inputdir=. --load-extension=plpgsql
# isolation specs (pg_isolation_regress): test/isolation/specs, expected output beside them
ISOLATION = concurrent_scores veto_while_reading finalize_vs_update unit_holds_no_lock appeal_at_deadline \
	parent_deleted_concurrently
ISOLATION_OPTS = --inputdir=test/isolation --outputdir=test/isolation/output --load-extension=plpgsql

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(wildcard $(PGXS)),)
include $(PGXS)
endif

sql/kpi--$(EXTVERSION).sql: $(SQL_PARTS)
	cat $^ > $@
sql/kpi--%.sql: sql/upgrade/%.sql sql/upgrade/expand.pl $(SQL_PARTS)
	perl sql/upgrade/expand.pl $< $(SQL_PARTS) > $@.tmp && mv $@.tmp $@

# ---------------------------------------------------------------------------
# Messages in Chinese (docs/translations.md)
#
# po/kpi.pot is extracted from the C sources (ereport's errmsg/errdetail/
# errhint, gettext_noop; the pure core's N_(), fail() and bad()) and from
# the SQL parts (every kpi.translate('...') literal, po/sql-msgids.pl);
# po/<lang>.po translate it and are built into po/<lang>.mo, installed as
# $(localedir)/<lang>/LC_MESSAGES/$(NLS_DOMAIN).mo where _PG_init binds it.
NLS_LANGUAGES = zh_CN
NLS_MO = $(NLS_LANGUAGES:%=po/%.mo)
NLS_C_FILES = $(sort $(OBJS:.o=.c))
NLS_C_KEYWORDS = errmsg errmsg_plural:1,2 errdetail errdetail_plural:1,2 \
	errhint errhint_plural:1,2 errcontext gettext_noop N_ bad:3 fail:2,2t fail:5,5t
NLS_C_FLAGS = errmsg:1:c-format errdetail:1:c-format errhint:1:c-format \
	errcontext:1:c-format bad:3:c-format
.PHONY: update-po check-po install-po uninstall-po

all: $(NLS_MO)

po/%.mo: po/%.po
	msgfmt --check -o $@ $<

# The template from the sources as they are now, to $@.
po/fresh.pot: $(NLS_C_FILES) $(SQL_PARTS) po/sql-msgids.pl FORCE
	xgettext --language=C --from-code=UTF-8 --no-wrap --sort-by-file -n \
		$(addprefix -k,$(NLS_C_KEYWORDS)) $(addprefix --flag=,$(NLS_C_FLAGS)) \
		--package-name=kpi --package-version=$(EXTVERSION) -o po/c.pot $(NLS_C_FILES)
	perl po/sql-msgids.pl $(SQL_PARTS) > po/sql.pot
	msgcat --use-first --no-wrap --sort-by-file -o $@ po/c.pot po/sql.pot
	rm -f po/c.pot po/sql.pot
FORCE:

# Refresh po/kpi.pot and merge it into each po/<lang>.po: new messages come
# out untranslated (msgmerge may guess them "fuzzy"), to be translated.
update-po: po/fresh.pot
	mv po/fresh.pot po/kpi.pot
	@set -e; for l in $(NLS_LANGUAGES); do \
		msgmerge --quiet --no-wrap --sort-by-file --update --backup=none po/$$l.po po/kpi.pot; \
		msgfmt --check --statistics -o /dev/null po/$$l.po; \
	done

# Every message of the sources translated (no fuzzy, none missing) and
# every catalog valid (formats match their msgid's): else fail.
check-po: po/fresh.pot
	@set -e; for l in $(NLS_LANGUAGES); do \
		msgfmt --check --statistics -o /dev/null po/$$l.po; \
		msgcmp po/$$l.po po/fresh.pot || { echo "po/$$l.po: translate the messages above (make update-po)"; exit 1; }; \
	done
	@rm -f po/fresh.pot

install: install-po
install-po: $(NLS_MO)
	@set -e; for l in $(NLS_LANGUAGES); do \
		$(MKDIR_P) '$(DESTDIR)$(localedir)'/$$l/LC_MESSAGES; \
		$(INSTALL_DATA) po/$$l.mo '$(DESTDIR)$(localedir)'/$$l/LC_MESSAGES/$(NLS_DOMAIN).mo; \
	done

uninstall: uninstall-po
uninstall-po:
	rm -f $(foreach l,$(NLS_LANGUAGES),'$(DESTDIR)$(localedir)'/$(l)/LC_MESSAGES/$(NLS_DOMAIN).mo)

# ---------------------------------------------------------------------------
# Tests (docs/tests.md)
.PHONY: test unit prove

# make test: what CI runs.  make deps installs what it needs (the only
# step that installs packages or edits /etc); the build is installed into
# the system PostgreSQL and tested in a scratch cluster: pg_regress and
# isolation (installcheck), pgTAP (make prove, with pg_prove), the
# benchmark's smoke run, then the shell tests, which print TAP
# (test/lib.sh), under Perl's prove.
SHELL_TESTS = test/meta.sh test/sqlstate_replay.sh test/upgrade.sh test/delta.sh test/dump_restore.sh \
	test/crash_import.sh test/odbc.sh test/clients.sh test/notice.sh test/standby.sh test/traffic.sh
test: deps
	$(MAKE) check-po
	$(MAKE) unit
	$(MAKE) unit-valgrind
	$(MAKE) lint
	$(MAKE) fuzz-smoke
	$(MAKE) all
	$(MAKE) install
	pg_virtualenv -t sh -c '$(MAKE) installcheck && $(MAKE) installcheck-forced-parallel && $(MAKE) prove \
		&& bash bench/run.sh --smoke && prove --exec bash $(SHELL_TESTS)'

# pgTAP: the schema contract, run with pg_prove against the current cluster.
prove:
	psql -X -q -c 'CREATE DATABASE kpi_tap' && \
	psql -X -q -d kpi_tap -c 'CREATE EXTENSION pgtap' && \
	psql -X -q -d kpi_tap -c 'CREATE EXTENSION kpi' && \
	pg_prove -d kpi_tap test/pgtap/*.sql; rc=$$?; \
	psql -X -q -c 'DROP DATABASE IF EXISTS kpi_tap'; exit $$rc

# C unit tests of the pure core: no PostgreSQL, AddressSanitizer and UBSan
# on.  core_<name>: the core's sources that test/unit/test_<name>.c (and
# fuzz/fuzz_<name>.c, mk/hardening.mk) links with.
UNIT_TESTS = tally tier money deduct numeric rule rubric_text
core_tally = src/tally.c
core_tier = src/tier.c
core_money = src/money.c
core_deduct = src/deduct.c
core_numeric = src/numeric_decode.c
core_rule = src/arena.c src/json.c src/rule.c
core_rubric_text = src/arena.c src/rubric_text.c
UNIT_CFLAGS = -std=c99 -g -O1 -Wall -Wextra -Werror -Isrc
UNIT_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all
UNIT_PREREQS = $(wildcard src/*.c src/*.h) $(wildcard test/unit/*.h)

unit: $(UNIT_TESTS:%=test/unit/bin/test_%)
	@set -e; for t in $(UNIT_TESTS); do echo "# unit: $$t"; ./test/unit/bin/test_$$t; done

test/unit/bin/test_%: test/unit/test_%.c $(UNIT_PREREQS)
	@mkdir -p $(@D)
	$(CC) $(UNIT_CFLAGS) $(UNIT_SANITIZE) -o $@ $< $(core_$*)

include mk/deps.mk mk/demo.mk mk/hardening.mk mk/packaging.mk
