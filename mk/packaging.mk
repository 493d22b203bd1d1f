# mk/packaging.mk: the PGXN distribution (META.json: make dist, distcheck)
# and the Debian package (debian/: make deb, deb-deps, install-deb,
# installcheck-deb).  Both are made from HEAD with `git archive`, in a
# temporary copy, so the work tree stays as it is; what is not committed is
# not in them.  make freeze fixes a release's scripts (docs/releasing.md).
.PHONY: dist distcheck deb-deps deb install-deb installcheck-deb freeze

DISTNAME = $(EXTENSION)-$(EXTVERSION)
DEB_SOURCE = postgresql-kpi
DEB_VERSION = $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
DEB_PG = 15
DEB_FILE = dist/postgresql-$(DEB_PG)-kpi_$(DEB_VERSION)_$(shell dpkg --print-architecture 2>/dev/null).deb
# Only for building and checking the package, so not in DEBS (mk/deps.mk):
# make test does not need them.
DEB_DEPS = dpkg-dev debhelper postgresql-server-dev-all fakeroot lintian gettext

deb-deps:
	@$(call install_missing,$(DEB_DEPS))

uncommitted_note = @git diff --quiet HEAD -- || echo "note: $(1) is made from HEAD; uncommitted changes are not in it"
# the start of a recipe line that works in "$$tmp", removed when it ends
in_tmp = tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT &&
# HEAD unpacked as "$$tmp/$(1)"
head_into_tmp = git archive --format=tar --prefix=$(1)/ HEAD | tar -x -C "$$tmp"

# dist/kpi-<version>.zip with the top directory kpi-<version>/, as PGXN
# wants: HEAD plus the install script the Makefile builds (META.json names
# it as the extension's file).
dist:
	@$(call install_missing,zip)
	$(call uncommitted_note,dist/$(DISTNAME).zip)
	@$(in_tmp) $(call head_into_tmp,$(DISTNAME)) && \
	$(MAKE) -s --no-print-directory -C "$$tmp/$(DISTNAME)" $(DATA_built) && \
	mkdir -p dist && rm -f dist/$(DISTNAME).zip && \
	(cd "$$tmp" && zip -q -r -X - $(DISTNAME)) > dist/$(DISTNAME).zip
	@echo "dist/$(DISTNAME).zip"

# The zip unpacked elsewhere builds, and holds what META.json names.
distcheck: dist
	@$(call install_missing,unzip)
	@$(in_tmp) unzip -q dist/$(DISTNAME).zip -d "$$tmp" && \
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
	@$(in_tmp) git archive --format=tar.gz --prefix=$(DEB_SOURCE)-$(EXTVERSION)/ \
		-o "$$tmp/$(DEB_SOURCE)_$(EXTVERSION).orig.tar.gz" HEAD -- . ':(exclude)debian' && \
	$(call head_into_tmp,$(DEB_SOURCE)-$(EXTVERSION)) && \
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
# the package's; apt brings what it depends on.  `make uninstall` removes
# only this version's files, so any other kpi file no package owns (an
# older version's install script left by an earlier `make install`) goes too.
KPI_FILES = $(pkglibdir)/kpi.so $(datadir)/extension/kpi.control $(datadir)/extension/kpi--*.sql \
	$(foreach l,$(NLS_LANGUAGES),$(localedir)/$(l)/LC_MESSAGES/$(NLS_DOMAIN).mo)
install-deb:
	@test -f $(DEB_FILE) || { echo "$(DEB_FILE) is missing: make deb"; exit 1; }
	$(MAKE) -s --no-print-directory uninstall
	@for f in $(KPI_FILES); do \
		[ -e "$$f" ] && ! dpkg -S "$$f" >/dev/null 2>&1 && { echo "removing $$f (no package owns it)"; rm -f "$$f"; }; \
	done; true
	@if dpkg -s postgresql-$(DEB_PG)-kpi >/dev/null 2>&1; then dpkg -r postgresql-$(DEB_PG)-kpi; fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ./$(DEB_FILE)

# The regression suite, pgTAP and the upgrade test against the installed
# package, not a `make install`: every kpi file in PostgreSQL's directories
# must belong to postgresql-$(DEB_PG)-kpi at this tree's version.
installcheck-deb:
	@v=$$(dpkg-query -W -f '$${Version}' postgresql-$(DEB_PG)-kpi 2>/dev/null); \
	test "$$v" = "$(DEB_VERSION)" || { echo "postgresql-$(DEB_PG)-kpi $(DEB_VERSION) is not installed ($${v:-none})"; exit 1; }
	@for f in $(KPI_FILES); do \
		dpkg -S "$$f" >/dev/null 2>&1 || { echo "$$f is not from the package (make uninstall, then reinstall it)"; exit 1; }; \
	done
	pg_virtualenv -t sh -c '$(MAKE) installcheck && $(MAKE) prove && prove --exec bash test/upgrade.sh'

# A release's scripts, frozen: each update script built from sql/upgrade/
# is committed as built into sql/released/ and its source removed (the
# parts move on; the update must not), and the first release's full script
# is frozen there too (later versions' full scripts are built, never kept).
# Then the next version is begun in kpi.control, the Makefile, META.json
# and debian/changelog.
freeze: $(DATA_built)
	@mkdir -p sql/released
	@if [ -z "$$(ls sql/released)" ]; then cp sql/kpi--$(EXTVERSION).sql sql/released/ && git add sql/released/kpi--$(EXTVERSION).sql; fi
	@for src in $(UPDATE_SOURCES); do \
		f=kpi--$$(basename $$src); mv sql/$$f sql/released/ && git add sql/released/$$f && git rm -q $$src || exit 1; \
	done
	@git status --short -- sql/released sql/upgrade
