# mk/hardening.mk: the hardening targets (docs/hardening.md): the unit
# tests under valgrind, the libFuzzer harnesses, static analysis, the
# regression suite against a postgres under valgrind and with every query
# forced through a parallel worker.  make test runs all but make fuzz (it
# runs fuzz-smoke) and make valgrind-check.
.PHONY: unit-valgrind fuzz fuzz-smoke fuzz-build lint valgrind-check installcheck-forced-parallel

# The unit tests (Makefile) without sanitizers under valgrind's memcheck: it
# sees what ASan does not (reads of uninitialised memory) and checks the
# real malloc.  Any error or definite leak fails the run.
VALGRIND_UNIT = valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite
unit-valgrind: $(UNIT_TESTS:%=test/unit/vbin/test_%)
	@set -e; for t in $(UNIT_TESTS); do \
		echo "# unit under valgrind: $$t"; \
		$(VALGRIND_UNIT) ./test/unit/vbin/test_$$t > test/unit/vbin/test_$$t.out 2>&1 \
			|| { cat test/unit/vbin/test_$$t.out; exit 1; }; \
		tail -n 1 test/unit/vbin/test_$$t.out; \
	done

test/unit/vbin/test_%: test/unit/test_%.c $(UNIT_PREREQS)
	@mkdir -p $(@D)
	$(CC) $(UNIT_CFLAGS) -o $@ $< $(core_$*)

# libFuzzer harnesses, one per parser of untrusted input or exact
# computation, each linked with the pure core only (core_<name>, Makefile).
# Seeds are kept in fuzz/corpus/<target>/ (the parser also reads the rubric
# texts in place); what a run finds goes to fuzz/work/, which git ignores,
# and a crash is written there as crash-*.
FUZZ_CC = clang-14
FUZZ_CFLAGS = -std=c99 -g -O1 -Isrc -Itest/unit -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_TARGETS = rubric_text rule tally tier numeric money deduct
FUZZ_SECONDS = 60
fuzz_seeds_rubric_text = sample/rubrics test/rubric
# a harness that reads a short input at most gets no longer ones (more runs
# a second; the bytes past what it reads would change nothing)
fuzz_flags_numeric = -max_len=128
fuzz_flags_money = -max_len=64
fuzz_flags_deduct = -max_len=512
fuzz_flags_tier = -max_len=128

fuzz/bin/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_input.h test/unit/malloc_alloc.h $(wildcard src/*.c src/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(core_$*)

fuzz-build: $(FUZZ_TARGETS:%=fuzz/bin/fuzz_%)

# Each target for FUZZ_SECONDS; the first failure stops the run.
fuzz_run = mkdir -p fuzz/work/$(1) && echo "\# fuzz: $(1) for $(FUZZ_SECONDS) s" && \
	{ ./fuzz/bin/fuzz_$(1) -max_total_time=$(FUZZ_SECONDS) $(fuzz_flags_$(1)) -timeout=10 -print_final_stats=1 \
		-artifact_prefix=fuzz/work/$(1)- fuzz/work/$(1) fuzz/corpus/$(1) $(fuzz_seeds_$(1)) \
		> fuzz/work/$(1).log 2>&1 || { tail -n 60 fuzz/work/$(1).log; exit 1; }; } && \
	grep -E '^(\#[0-9]+.*DONE|stat::number_of_executed_units|stat::new_units_added)' fuzz/work/$(1).log

fuzz: fuzz-build
	@set -e; $(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t));)

fuzz-smoke:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=15

# Static analysis of src/ (configs and why: .clang-tidy, docs/hardening.md).
# The glue is read with PostgreSQL's headers; their own findings are not
# reported (clang-tidy's HeaderFilterRegex, cppcheck's --suppress of
# everything under includedir_server).
LINT_CORE = $(CORE_OBJS:.o=.c)
LINT_GLUE = $(GLUE_OBJS:.o=.c)
CPPCHECK = cppcheck --enable=warning,portability,performance --std=c99 --inline-suppr \
	--error-exitcode=1 --quiet -D__GNUC__ -Isrc
lint:
	$(CPPCHECK) $(LINT_CORE)
	$(CPPCHECK) -I$(includedir_server) --suppress='*:$(includedir_server)/*' $(LINT_GLUE)
	clang-tidy --quiet $(LINT_CORE) -- -std=c99 -Isrc 2>/dev/null
	clang-tidy --quiet $(LINT_GLUE) -- -std=c99 -Isrc -I$(includedir_server) -D_GNU_SOURCE 2>/dev/null

# The regression suite against a postgres under valgrind (slow; not in
# make test): test/valgrind_check.sh says how, docs/hardening.md what it
# last found.
valgrind-check: deps
	bash test/valgrind_check.sh

# The regression suite again with every query forced through a parallel
# worker (PostgreSQL 15's force_parallel_mode = regress, which also hides
# the Gather from EXPLAIN): a function wrongly labelled PARALLEL SAFE fails.
installcheck-forced-parallel:
	PGOPTIONS="$$PGOPTIONS -c force_parallel_mode=regress" $(MAKE) installcheck

EXTRA_CLEAN += test/unit/vbin fuzz/bin
