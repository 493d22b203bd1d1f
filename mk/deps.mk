# mk/deps.mk: make deps, the Debian packages that the build and make test
# need and the zh_CN locale; make notice-deps, the fewer that make notice
# needs; make client-deps, LibreOffice for test/clients.sh (CI installs it
# before make test, which skips that test without it; make test-clients
# runs it alone).  The only targets that install packages or edit /etc (they need
# root; each step is skipped when done).  install_missing also serves the
# packaging targets (mk/packaging.mk).

BUILD_DEBS = postgresql-15 postgresql-server-dev-15 make gcc gettext
# the 通报: printed by Chromium in Noto CJK, its PDF read by poppler's tools
NOTICE_DEBS = chromium fonts-noto-cjk poppler-utils
DEBS = $(BUILD_DEBS) postgresql-15-pgtap \
	libtap-parser-sourcehandler-pgtap-perl \
	valgrind clang-14 libclang-rt-14-dev cppcheck clang-tidy locales \
	odbc-postgresql unixodbc $(NOTICE_DEBS)
# LibreOffice headless, its PostgreSQL driver and Python bridge, and the
# .xlsx reader (without recommends: 63 packages, not 302 with Java)
CLIENT_DEBS = libreoffice-calc libreoffice-base libreoffice-sdbc-postgresql python3-uno python3-openpyxl
.PHONY: deps notice-deps client-deps test-clients

# Install the Debian packages of a list that are missing (apt-get options
# after the list).
install_missing = missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) $$missing; \
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

client-deps:
	@$(call install_missing,$(CLIENT_DEBS),--no-install-recommends)

# test/clients.sh alone (make test runs it too, once client-deps is in)
test-clients: deps client-deps
	$(MAKE) all
	$(MAKE) install
	pg_virtualenv -t sh -c 'prove --exec bash test/clients.sh'
