# mk/demo.mk: make demo, the 2018 sample and a second bureau's method as
# rows (sample/hedong.sql) in a scratch cluster with their rankings,
# rewards and consequences printed (sample/demo.sql), and make
# notice, its 通报 as HTML and PDF (test/notice.sh writes, prints and checks
# it; the files stay in notice/).  Both install the build into the system
# PostgreSQL first.
.PHONY: demo notice

PSQL = psql -X -q -v ON_ERROR_STOP=1

demo: deps
	@$(MAKE) -s all install >/dev/null
	pg_virtualenv -t sh -c '$(PSQL) -c "CREATE EXTENSION kpi" \
		&& $(PSQL) -v csv=on -f sample/2018.sql \
		&& $(PSQL) -f sample/hedong.sql \
		&& $(PSQL) -f sample/demo.sql'

notice: notice-deps
	@$(MAKE) -s all install >/dev/null
	pg_virtualenv -t sh -c 'bash test/notice.sh'
	@echo "notice/notice-2018.html, notice/notice-2018.pdf"

EXTRA_CLEAN += notice
