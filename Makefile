# kpi: PostgreSQL extension for the annual target-management assessment.
#
#   make demo   install what is missing, build, load the 2018 sample into a
#               scratch cluster (its scores, facts and ratings from the
#               spreadsheets in sample/csv/) and print ranking, rewards and
#               consequences
#   make test   C unit tests (with sanitizers, then under valgrind), static
#               analysis, a short fuzzing run, META.json's check, then
#               pg_regress, isolation, pgTAP and the shell tests (upgrade,
#               dump/restore, crash, benchmark smoke, ODBC, the 通报's PDF)
#               in a scratch cluster
#   make notice the 2018 sample's 通报 as notice/notice-2018.html and, printed
#               by headless Chromium, notice/notice-2018.pdf
#   make deb    the Debian package postgresql-15-kpi in dist/ (debian/)
#   make dist   the PGXN distribution dist/kpi-<version>.zip (META.json)
#
# Everything else is the PGXS template of PostgreSQL's contrib modules.

EXTENSION = kpi
EXTVERSION = 1.0.0

MODULE_big = kpi
CORE_OBJS = src/tally.o src/tier.o src/money.o src/deduct.o \
	src/arena.o src/json.o src/rule.o src/rubric_text.o
GLUE_OBJS = src/kpi.o src/palloc_alloc.o src/numeric_fixed.o src/weighted_total_pg.o \
	src/tier_enum.o src/tier_pg.o src/veto_pg.o src/reward_pg.o \
	src/deduct_pg.o src/rules_pg.o src/rubric_text_pg.o src/nls_pg.o src/entry_stage_pg.o
OBJS = $(GLUE_OBJS) $(CORE_OBJS)

# The install script is built from its parts, in order (one file to edit
# per concern; the versioned copy is what the catalog sees).  1.0.0 is the
# release base: earlier versions were pre-releases, never published, and
# have no update path.
SQL_PARTS = $(sort $(wildcard sql/kpi/*.sql))
DATA_built = sql/kpi--$(EXTVERSION).sql

# pg_regress: inputs in sql/, expected output in expected/
REGRESS = schema content rules rubric ratings bonus_deduction tiers veto_downgrade \
	rewards consequences validation bad_input pushdown parallel sample security \
	publish audit robustness messages notice report entry entry_stage attack oldextversions
REGRESS_OPTS = --inputdir=. --load-extension=plpgsql
# isolation specs (pg_isolation_regress): test/isolation/specs, expected output beside them
ISOLATION = concurrent_scores veto_while_reading finalize_vs_update unit_holds_no_lock
ISOLATION_OPTS = --inputdir=test/isolation --outputdir=test/isolation/output --load-extension=plpgsql

# PostgreSQL's headers as system headers: their macros (ARR_DATA_PTR) and
# inline functions warn under -Wextra, and they are not ours to fix.
PG_CPPFLAGS = -Isrc -isystem $(includedir_server) -Wall -Wextra -Werror
# ereport looks kpi's messages up in this gettext domain (src/nls_pg.h sets
# TEXTDOMAIN to it, see "Messages in Chinese" below); named like plpgsql-15:
# one catalog per PostgreSQL major, so that kpi built for two majors does
# not collide in the shared localedir.
NLS_DOMAIN = kpi-$(MAJORVERSION)
EXTRA_CLEAN = test/unit/bin test/unit/vbin fuzz/bin results regression.diffs regression.out test/isolation/output \
	po/*.mo po/fresh.pot notice

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(wildcard $(PGXS)),)
include $(PGXS)
endif

sql/kpi--$(EXTVERSION).sql: $(SQL_PARTS)
	cat $^ > $@

# ---------------------------------------------------------------------------
# Messages in Chinese (README "Messages in Chinese (lc_messages)")
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
# The newcomer's two commands

BUILD_DEBS = postgresql-15 postgresql-server-dev-15 make gcc gettext
# the 通报: printed by Chromium in Noto CJK, its PDF read by poppler's tools
NOTICE_DEBS = chromium fonts-noto-cjk poppler-utils
DEBS = $(BUILD_DEBS) postgresql-15-pgtap \
	libtap-parser-sourcehandler-pgtap-perl \
	valgrind clang-14 libclang-rt-14-dev cppcheck clang-tidy locales \
	odbc-postgresql unixodbc $(NOTICE_DEBS)
.PHONY: deps notice-deps demo notice test unit prove

# Install the Debian packages of a list that are missing (idempotent; needs root).
install_missing = missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# lc_messages = 'zh_CN.UTF-8' (test "messages") needs the OS locale.
zh_locale = locale -a 2>/dev/null | grep -qix 'zh_CN.utf8' || { \
		echo "generating locale zh_CN.UTF-8"; \
		grep -qx 'zh_CN.UTF-8 UTF-8' /etc/locale.gen \
			|| sed -i 's/^\# *zh_CN.UTF-8 UTF-8$$/zh_CN.UTF-8 UTF-8/' /etc/locale.gen; \
		grep -qx 'zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' >> /etc/locale.gen; \
		locale-gen >/dev/null; }

deps:
	@$(call install_missing,$(DEBS))
	@$(zh_locale)

notice-deps:
	@$(call install_missing,$(BUILD_DEBS) $(NOTICE_DEBS))

demo: deps
	@$(MAKE) -s all install >/dev/null
	pg_virtualenv -t sh -c 'psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION kpi" \
		&& psql -X -q -v ON_ERROR_STOP=1 -v csv=on -f sample/2018.sql \
		&& psql -X -q -v ON_ERROR_STOP=1 -f sample/demo.sql'

# The 通报 of the 2018 sample: test/notice.sh writes it, prints it and
# checks the PDF, in a scratch cluster; the files stay in notice/.
notice: notice-deps
	@$(MAKE) -s all install >/dev/null
	pg_virtualenv -t sh -c 'bash test/notice.sh'
	@echo "notice/notice-2018.html, notice/notice-2018.pdf"

test: deps
	$(MAKE) check-po
	$(MAKE) unit
	$(MAKE) unit-valgrind
	$(MAKE) lint
	$(MAKE) fuzz-smoke
	bash test/meta.sh
	$(MAKE) all
	$(MAKE) install
	pg_virtualenv -t sh -c '$(MAKE) installcheck && $(MAKE) installcheck-forced-parallel && bash test/sqlstate_replay.sh && $(MAKE) prove && bash test/upgrade.sh && bash test/dump_restore.sh && bash test/crash_import.sh && bash bench/run.sh --smoke && bash test/odbc.sh && bash test/notice.sh'

# C unit tests of the pure core: no PostgreSQL, AddressSanitizer and UBSan on.
UNIT_CFLAGS = -std=c99 -g -O1 -Wall -Wextra -Werror -Isrc \
	-fsanitize=address,undefined -fno-sanitize-recover=all
UNIT_TESTS = tally tier money deduct rule rubric_text
unit_core_tally = src/tally.c
unit_core_tier = src/tier.c
unit_core_money = src/money.c
unit_core_deduct = src/deduct.c
unit_core_rule = src/arena.c src/json.c src/rule.c
unit_core_rubric_text = src/arena.c src/rubric_text.c

unit:
	@mkdir -p test/unit/bin
	@set -e; for t in $(UNIT_TESTS); do \
		$(MAKE) --no-print-directory test/unit/bin/test_$$t; \
		echo "# unit: $$t"; ./test/unit/bin/test_$$t; \
	done

test/unit/bin/test_%: test/unit/test_%.c $(wildcard src/*.c src/*.h) $(wildcard test/unit/*.h)
	@mkdir -p test/unit/bin
	$(CC) $(UNIT_CFLAGS) -o $@ $< $(unit_core_$*)

# ---------------------------------------------------------------------------
# Hardening (README "Hardening"): fuzzing, valgrind, static analysis

# The same tests without sanitizers under valgrind's memcheck: it sees what
# ASan does not (reads of uninitialised memory) and checks the real malloc.
# Any error or definite leak fails the run.
VALGRIND_UNIT_CFLAGS = -std=c99 -g -O1 -Wall -Wextra -Werror -Isrc
VALGRIND_UNIT = valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite
.PHONY: unit-valgrind
unit-valgrind:
	@set -e; for t in $(UNIT_TESTS); do \
		$(MAKE) --no-print-directory test/unit/vbin/test_$$t; \
		echo "# unit under valgrind: $$t"; \
		$(VALGRIND_UNIT) ./test/unit/vbin/test_$$t > test/unit/vbin/test_$$t.out 2>&1 \
			|| { cat test/unit/vbin/test_$$t.out; exit 1; }; \
		tail -n 1 test/unit/vbin/test_$$t.out; \
	done

test/unit/vbin/test_%: test/unit/test_%.c $(wildcard src/*.c src/*.h) $(wildcard test/unit/*.h)
	@mkdir -p test/unit/vbin
	$(CC) $(VALGRIND_UNIT_CFLAGS) -o $@ $< $(unit_core_$*)

# libFuzzer harnesses, one per parser of untrusted input, each linked with
# the pure core only.  Seeds are kept in fuzz/corpus/<target>/ (the parser
# also reads the rubric texts in place); what a run finds goes to
# fuzz/work/, which git ignores, and a crash is written there as crash-*.
FUZZ_CC = clang-14
FUZZ_CFLAGS = -std=c99 -g -O1 -Isrc -Itest/unit -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_TARGETS = rubric_text rule tally
FUZZ_SECONDS = 60
fuzz_core_rubric_text = src/arena.c src/rubric_text.c
fuzz_core_rule = src/arena.c src/json.c src/rule.c
fuzz_core_tally = src/tally.c
fuzz_seeds_rubric_text = sample/rubrics test/rubric
.PHONY: fuzz fuzz-smoke fuzz-build

fuzz/bin/fuzz_%: fuzz/fuzz_%.c test/unit/malloc_alloc.h $(wildcard src/*.c src/*.h)
	@mkdir -p fuzz/bin
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(fuzz_core_$*)

fuzz-build: $(foreach t,$(FUZZ_TARGETS),fuzz/bin/fuzz_$(t))

# Each target for FUZZ_SECONDS; the first failure stops the run.
fuzz_run = mkdir -p fuzz/work/$(1) && echo "\# fuzz: $(1) for $(FUZZ_SECONDS) s" && \
	{ ./fuzz/bin/fuzz_$(1) -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
		-artifact_prefix=fuzz/work/$(1)- fuzz/work/$(1) fuzz/corpus/$(1) $(fuzz_seeds_$(1)) \
		> fuzz/work/$(1).log 2>&1 || { tail -n 60 fuzz/work/$(1).log; exit 1; }; } && \
	grep -E '^(\#[0-9]+.*DONE|stat::number_of_executed_units|stat::new_units_added)' fuzz/work/$(1).log

fuzz: fuzz-build
	@set -e; $(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t));)

fuzz-smoke:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=20

# Static analysis of src/ (configs and why: .clang-tidy, README "Hardening").
# The glue is read with PostgreSQL's headers; their own findings are not
# reported (clang-tidy's HeaderFilterRegex, cppcheck's --suppress of
# everything under includedir_server).
LINT_CORE = $(CORE_OBJS:.o=.c)
LINT_GLUE = $(GLUE_OBJS:.o=.c)
CPPCHECK = cppcheck --enable=warning,portability,performance --std=c99 --inline-suppr \
	--error-exitcode=1 --quiet -D__GNUC__ -Isrc
.PHONY: lint
lint:
	$(CPPCHECK) $(LINT_CORE)
	$(CPPCHECK) -I$(includedir_server) --suppress='*:$(includedir_server)/*' $(LINT_GLUE)
	clang-tidy --quiet $(LINT_CORE) -- -std=c99 -Isrc 2>/dev/null
	clang-tidy --quiet $(LINT_GLUE) -- -std=c99 -Isrc -I$(includedir_server) -D_GNU_SOURCE 2>/dev/null

# The regression suite against a postgres under valgrind (slow; not in
# make test): test/valgrind_check.sh says how, README "Hardening" what it
# last found.
.PHONY: valgrind-check
valgrind-check: deps
	bash test/valgrind_check.sh

# The regression suite again with every query forced through a parallel
# worker (PostgreSQL 15's force_parallel_mode = regress, which also hides
# the Gather from EXPLAIN): a function wrongly labelled PARALLEL SAFE fails.
.PHONY: installcheck-forced-parallel
installcheck-forced-parallel:
	PGOPTIONS="$$PGOPTIONS -c force_parallel_mode=regress" $(MAKE) installcheck

# pgTAP: the schema contract, run with pg_prove against the current cluster.
prove:
	psql -X -q -c 'CREATE DATABASE kpi_tap' && \
	psql -X -q -d kpi_tap -c 'CREATE EXTENSION pgtap' && \
	psql -X -q -d kpi_tap -c 'CREATE EXTENSION kpi' && \
	pg_prove -d kpi_tap test/pgtap/*.sql; rc=$$?; \
	psql -X -q -c 'DROP DATABASE IF EXISTS kpi_tap'; exit $$rc

# ---------------------------------------------------------------------------
# Packaging: the Debian package (debian/) and the PGXN distribution
# (META.json).  Both are made from HEAD with `git archive`, in a copy, so
# the work tree stays as it is; what is not committed is not in them.

DISTNAME = $(EXTENSION)-$(EXTVERSION)
DEB_SOURCE = postgresql-kpi
DEB_VERSION = $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
DEB_PG = 15
DEB_FILE = dist/postgresql-$(DEB_PG)-kpi_$(DEB_VERSION)_$(shell dpkg --print-architecture 2>/dev/null).deb
# Only for building and checking the package, so not in DEBS: `make test`
# does not need them.
DEB_DEPS = dpkg-dev debhelper postgresql-server-dev-all fakeroot lintian gettext
.PHONY: deb-deps deb dist distcheck install-deb installcheck-deb

deb-deps:
	@$(call install_missing,$(DEB_DEPS))

uncommitted_note = @git diff --quiet HEAD -- || echo "note: $(1) is made from HEAD; uncommitted changes are not in it"

# dist/kpi-<version>.zip with the top directory kpi-<version>/, as PGXN
# wants: HEAD plus the two scripts the Makefile builds (META.json names the
# install script as the extension's file).
dist:
	@$(call install_missing,zip)
	$(call uncommitted_note,dist/$(DISTNAME).zip)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	git archive --format=tar --prefix=$(DISTNAME)/ HEAD | tar -x -C "$$tmp" && \
	$(MAKE) -s --no-print-directory -C "$$tmp/$(DISTNAME)" $(DATA_built) && \
	mkdir -p dist && rm -f dist/$(DISTNAME).zip && \
	(cd "$$tmp" && zip -q -r -X - $(DISTNAME)) > dist/$(DISTNAME).zip
	@echo "dist/$(DISTNAME).zip"

# The zip unpacked elsewhere builds, and holds what META.json names.
distcheck: dist
	@$(call install_missing,unzip)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	unzip -q dist/$(DISTNAME).zip -d "$$tmp" && \
	test "$$(ls "$$tmp")" = "$(DISTNAME)" && \
	test -f "$$tmp/$(DISTNAME)/META.json" && test -f "$$tmp/$(DISTNAME)/sql/kpi--$(EXTVERSION).sql" && \
	$(MAKE) -s --no-print-directory -C "$$tmp/$(DISTNAME)" all >/dev/null && \
	test -f "$$tmp/$(DISTNAME)/kpi.so" && \
	echo "dist/$(DISTNAME).zip: unpacks into $(DISTNAME)/, builds kpi.so"

# The source package (3.0 (quilt): the upstream tarball is HEAD without
# debian/) and postgresql-$(DEB_PG)-kpi, built in a temporary copy; lintian
# must find no error.  Everything lands in dist/.
deb: deb-deps
	$(call uncommitted_note,the package)
	@test "$(firstword $(subst -, ,$(DEB_VERSION)))" = "$(EXTVERSION)" || \
		{ echo "debian/changelog is at $(DEB_VERSION), the Makefile at $(EXTVERSION): add a changelog entry"; exit 1; }
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	git archive --format=tar.gz --prefix=$(DEB_SOURCE)-$(EXTVERSION)/ \
		-o "$$tmp/$(DEB_SOURCE)_$(EXTVERSION).orig.tar.gz" HEAD -- . ':(exclude)debian' && \
	git archive --format=tar --prefix=$(DEB_SOURCE)-$(EXTVERSION)/ HEAD | tar -x -C "$$tmp" && \
	(cd "$$tmp/$(DEB_SOURCE)-$(EXTVERSION)" && dpkg-buildpackage -us -uc) > "$$tmp/build.log" 2>&1 \
		|| { tail -n 60 "$$tmp/build.log"; echo "dpkg-buildpackage failed"; exit 1; }; \
	mkdir -p dist && \
	cp "$$tmp"/$(DEB_SOURCE)_* "$$tmp"/postgresql-*-kpi*_*.deb dist/ && \
	lintian --fail-on error dist/$(DEB_SOURCE)_$(DEB_VERSION)_*.changes > "$$tmp/lintian.log" 2>&1; \
	rc=$$?; grep -v '^running with root' "$$tmp/lintian.log"; \
	[ $$rc = 0 ] || { echo "lintian found errors"; exit 1; }
	@echo "$(DEB_FILE)"

# The package from dist/ in place of `make install`'s files (needs root):
# those are removed first, so every kpi file in PostgreSQL's directories is
# the package's; apt brings what it depends on.
install-deb:
	@test -f $(DEB_FILE) || { echo "$(DEB_FILE) is missing: make deb"; exit 1; }
	$(MAKE) -s --no-print-directory uninstall
	@if dpkg -s postgresql-$(DEB_PG)-kpi >/dev/null 2>&1; then dpkg -r postgresql-$(DEB_PG)-kpi; fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ./$(DEB_FILE)

# The regression suite, pgTAP and the upgrade test against the installed
# package, not a `make install`: every kpi file in PostgreSQL's directories
# must belong to postgresql-$(DEB_PG)-kpi at this tree's version.
installcheck-deb:
	@v=$$(dpkg-query -W -f '$${Version}' postgresql-$(DEB_PG)-kpi 2>/dev/null); \
	test "$$v" = "$(DEB_VERSION)" || { echo "postgresql-$(DEB_PG)-kpi $(DEB_VERSION) is not installed ($${v:-none})"; exit 1; }
	@for f in $(pkglibdir)/kpi.so $(datadir)/extension/kpi.control $(datadir)/extension/kpi--*.sql \
			$(foreach l,$(NLS_LANGUAGES),$(localedir)/$(l)/LC_MESSAGES/$(NLS_DOMAIN).mo); do \
		dpkg -S "$$f" >/dev/null 2>&1 || { echo "$$f is not from the package (make uninstall, then reinstall it)"; exit 1; }; \
	done
	pg_virtualenv -t sh -c '$(MAKE) installcheck && $(MAKE) prove && bash test/upgrade.sh'
