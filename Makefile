# ccsim — discrete-event call-centre simulator.
#
# The layers, in the only direction dependencies may point:
#   cli/     command line: argv, files, printing, exit codes     -> bin/ccsim
#   models/  call-centre domain: scenario, network, Erlang, reports -> libcc.a
#   sim/     engine: calendar, clock, RNG streams, statistics, CSV -> libsim.a
#   GSL, cJSON (models/scenario.c, models/scenario_*.c and models/report.c only), libc
#
#   make run     install missing packages, build, simulate the default scenario, plot
#   make check   install missing packages, build, run all tests
#   make SAN=address,undefined check    the same under sanitizers (build-san/)
#   make CC=clang check                 the same built by clang (build-clang/, build-clang-san/)
#   make fuzz / make fuzz-smoke         libFuzzer harnesses of tests/fuzz/ (build-fuzz/)

SCENARIO ?= scenarios/pilot14-2013.json

CC ?= cc
PKGS := gsl libcjson libmd
TEST_PKGS := check

# Each compiler and sanitizer set has its own build directory, so that gcc and clang objects
# never mix (BUILD=DIR on the command line overrides it). clang builds skip LTO: GNU ar cannot
# index clang's LTO bitcode.
ifneq ($(findstring clang,$(notdir $(CC))),)
COMPILER := -clang
LTO :=
else
COMPILER :=
LTO := -flto=auto
endif
# MPI=1: the cluster build (docs/cluster.md) into build-mpi/, compiled by Open MPI's mpicc
# with models/runner_mpi.c; the default build never sees MPI.
ifdef MPI
CC := mpicc
BUILD ?= build-mpi
SANFLAGS :=
OPT := -O2 -g
MPI_CFLAGS := -DCC_MPI
else ifdef SAN
BUILD ?= build$(COMPILER)-san
SANFLAGS := -fsanitize=$(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT := -O1 -g
else
BUILD ?= build$(COMPILER)
SANFLAGS :=
OPT := -O2 -g $(LTO)
endif
BIN := $(BUILD)/bin

WARN := -Wall -Wextra -Werror -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wundef
# clang -Wpedantic flags sim/rng.c's inline definitions that call static functions, although
# rng.h declares them without inline, which makes them external definitions (C11 6.7.4p7).
CLANG_WARN := -Wno-static-in-inline
ifneq ($(COMPILER),)
WARN += $(CLANG_WARN)
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
GIT_REV := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
CFLAGS += $(MPI_CFLAGS) -DCC_GIT_REV=\"$(GIT_REV)\" -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) $(SANFLAGS) -I. -MMD -MP -pthread
LDFLAGS += $(SANFLAGS) -pthread $(OPT)
LDLIBS += $(PKG_LIBS) -lm

SIM_SRC := $(sort $(wildcard sim/*.c))
MODELS_SRC := $(sort $(wildcard models/*.c))
ifndef MPI
MODELS_SRC := $(filter-out models/runner_mpi.c,$(MODELS_SRC))
endif
CLI_SRC := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/check_*.c))
SUITES := $(filter-out main,$(patsubst tests/check_%.c,%,$(TEST_SRC)))

SIM_OBJ := $(SIM_SRC:%.c=$(BUILD)/%.o)
MODELS_OBJ := $(MODELS_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

CCSIM := $(BIN)/ccsim
CHECK_ALL := $(BIN)/check_all

.PHONY: all deps run check unit smoke valgrind lint tidy format format-check bench clean plots \
        fuzz fuzz-smoke

all: $(CCSIM)

deps:
	@sh tools/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c $(BUILD)/tests/suites.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) $(TEST_CFLAGS) -I$(BUILD)/tests -c $< -o $@

# Every tests/check_<name>.c exports <name>_suite(); check_main.c includes this list.
$(BUILD)/tests/suites.h: $(TEST_SRC) Makefile
	@mkdir -p $(dir $@)
	@printf '%s\n' $(foreach s,$(SUITES),"SUITE($(s))") > $@.tmp && mv $@.tmp $@

$(BUILD)/libsim.a: $(SIM_OBJ)
	$(AR) rcs $@ $^
$(BUILD)/libcc.a: $(MODELS_OBJ)
	$(AR) rcs $@ $^

$(CCSIM): $(CLI_OBJ) $(BUILD)/libcc.a $(BUILD)/libsim.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libcc.a $(BUILD)/libsim.a $(LDLIBS)
ifeq ($(BUILD),build)
	@mkdir -p bin && ln -sf ../$(CCSIM) bin/ccsim
endif

$(CHECK_ALL): $(TEST_OBJ) $(BUILD)/libcc.a $(BUILD)/libsim.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(TEST_OBJ) $(BUILD)/libcc.a $(BUILD)/libsim.a $(TEST_LIBS) $(LDLIBS)

run: deps
	@$(MAKE) --no-print-directory all
	$(CCSIM) run $(SCENARIO) --plot

# Re-draws the figures of the default run (or of SCENARIO's) from its CSVs.
plots: $(CCSIM)
	$(CCSIM) plot results/$(basename $(notdir $(SCENARIO)))

check: deps
	@$(MAKE) --no-print-directory unit smoke

unit: $(CHECK_ALL) $(CCSIM)
	CCSIM=$(CCSIM) $(CHECK_ALL)

smoke: $(CCSIM)
	CCSIM=$(CCSIM) sh tests/cli_smoke.sh

valgrind: $(CHECK_ALL) $(CCSIM)
	CCSIM=$(CCSIM) CK_FORK=no CK_EXCLUDE_TAGS=slow valgrind -q --leak-check=full \
	    --errors-for-leak-kinds=definite --error-exitcode=1 $(CHECK_ALL)

# sim/ knows nothing of call centres; only the scenario loader (models/scenario.c and its stages
# models/scenario_*.c, reading), models/report.c (manifests) and models/schedule.c (the scenario
# ccsim schedule writes) see cJSON.
lint:
	@! grep -n '#include "\(models\|cli\)/' sim/*.[ch] || { echo "lint: sim/ includes models/ or cli/"; exit 1; }
	@! grep -n '#include "cli/' models/*.[ch] || { echo "lint: models/ includes cli/"; exit 1; }
	@! grep -ln 'cJSON.h' sim/*.[ch] cli/*.[ch] \
	    $(filter-out models/scenario.c models/scenario_%.c models/report.c models/schedule.c,$(wildcard models/*.[ch])) \
	    || { echo "lint: cJSON.h outside models/scenario.c, models/scenario_*.c, models/report.c and models/schedule.c"; exit 1; }
	@echo "lint: ok"

# The checks of docs/style.md (.clang-tidy); not in CI: clang 14 reports va_list false positives.
tidy:
	clang-tidy -quiet $(SIM_SRC) $(MODELS_SRC) $(CLI_SRC) -- -std=c11 -D_POSIX_C_SOURCE=200809L -I. $(PKG_CFLAGS)

format:
	clang-format -i sim/*.[ch] models/*.[ch] cli/*.[ch] tests/*.[ch] tests/fuzz/*.[ch] bench/*.c

format-check:
	clang-format --dry-run --Werror sim/*.[ch] models/*.[ch] cli/*.[ch] tests/*.[ch] tests/fuzz/*.[ch] bench/*.c

bench: $(CCSIM)
	sh bench/run.sh

# Fuzzing: libFuzzer harnesses tests/fuzz/fuzz_<name>.c, each linked against every source
# compiled again by clang with the same flags (coverage, ASan, UBSan) into build-fuzz/.
# Needs clang and libclang-rt-14-dev (Debian 12), which .ci/run installs.
FUZZ_CC ?= clang
FUZZ_BUILD := build-fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -DCC_GIT_REV=\"$(GIT_REV)\" -DFUZZ_SCENARIOS=\"$(CURDIR)/scenarios\" -std=c11 \
        -D_POSIX_C_SOURCE=200809L -O1 -g $(WARN) $(CLANG_WARN) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -I. \
        -MMD -MP -pthread
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_LIB_OBJ := $(patsubst %.c,$(FUZZ_BUILD)/%.o,$(SIM_SRC) $(MODELS_SRC) \
        $(filter-out cli/main.c,$(CLI_SRC)))

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(FUZZ_BUILD)/libfuzz.a: $(FUZZ_LIB_OBJ)
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_BUILD)/libfuzz.a
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -pthread -o $@ $^ $(LDLIBS)

fuzz: deps
	@command -v $(FUZZ_CC) >/dev/null || { echo "fuzz: needs $(FUZZ_CC) (apt-get install clang libclang-rt-14-dev)"; exit 1; }
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

# Each harness for an equal share of FUZZ_SECONDS from the committed corpus; fails on a crash.
FUZZ_SECONDS ?= 60
fuzz-smoke: fuzz
	sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

clean:
	rm -rf build build-san build-clang build-clang-san build-mpi $(FUZZ_BUILD) bin

-include $(shell find $(BUILD) $(FUZZ_BUILD) -name '*.d' 2>/dev/null)

# Mutation testing (tests/mutants/): plants each bug of mutants.txt in a scratch copy, runs the
# tests of `make check`, prints killed/survived and the score. Slow (~20 min); not in check or
# CI. MUTANTS=id,id runs a subset.
.PHONY: mutants seeds
mutants:
	bash tests/mutants/run.sh $(MUTANTS)

# Reruns the model suites with their master seeds moved by 1..20 (SEEDS="FIRST LAST [SUITE...]"
# for others): a statistical test must hold for any seed, not only its own. Not part of check.
seeds: $(CHECK_ALL)
	CHECK_ALL=$(CHECK_ALL) sh tests/seed_sweep.sh $(SEEDS)

# Installs ccsim like any Unix tool (GNU conventions: PREFIX, DESTDIR for staged installs and
# packages). The scenarios keep their folder layout because their "extends" paths are relative.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
DOCDIR ?= $(DATADIR)/doc/ccsim
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
INSTALL ?= install
# The program installed; tests/smoke_install.sh names the binary under test (maybe build-san/).
INSTALL_BIN ?= $(CCSIM)
INST_SCENARIOS := $(wildcard scenarios/*.json scenarios/README.md)
INST_VALIDATION := $(wildcard scenarios/validation/*.json)
INST_CALENDARS := $(wildcard scenarios/calendars/*.json)
INST_DOCS := README.md $(wildcard docs/*.md)
INST_DOC_FIGURES := $(wildcard docs/audit-2013/*.png)

# The revision compiled into --version and the manifests: the files that use it are rebuilt
# when HEAD moves, not only when they change.
$(BUILD)/git-rev: FORCE
	@mkdir -p $(dir $@)
	@echo '$(GIT_REV)' | cmp -s - $@ || echo '$(GIT_REV)' > $@
$(BUILD)/cli/main.o $(BUILD)/cli/common.o: $(BUILD)/git-rev
.PHONY: FORCE
FORCE:

.PHONY: install uninstall
install: $(INSTALL_BIN)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(DATADIR)/ccsim/scenarios/validation $(DESTDIR)$(DATADIR)/ccsim/scenarios/calendars \
	    $(DESTDIR)$(DOCDIR)/docs/audit-2013
	$(INSTALL) -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/ccsim
	$(INSTALL) -m 644 docs/ccsim.1 $(DESTDIR)$(MANDIR)/man1/ccsim.1
	$(INSTALL) -m 644 tools/ccsim.bash $(DESTDIR)$(BASHCOMPDIR)/ccsim
	$(INSTALL) -m 644 $(INST_SCENARIOS) $(DESTDIR)$(DATADIR)/ccsim/scenarios/
	$(INSTALL) -m 644 $(INST_VALIDATION) $(DESTDIR)$(DATADIR)/ccsim/scenarios/validation/
	$(INSTALL) -m 644 $(INST_CALENDARS) $(DESTDIR)$(DATADIR)/ccsim/scenarios/calendars/
	$(INSTALL) -m 644 README.md $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 644 $(filter docs/%,$(INST_DOCS)) $(DESTDIR)$(DOCDIR)/docs/
	$(INSTALL) -m 644 $(INST_DOC_FIGURES) $(DESTDIR)$(DOCDIR)/docs/audit-2013/

# Removes exactly what install wrote, then the folders that are ccsim's own; shared folders
# (bin, man1, completions) stay even when empty.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ccsim $(DESTDIR)$(MANDIR)/man1/ccsim.1 $(DESTDIR)$(BASHCOMPDIR)/ccsim
	rm -f $(INST_SCENARIOS:scenarios/%=$(DESTDIR)$(DATADIR)/ccsim/scenarios/%) \
	    $(INST_VALIDATION:scenarios/%=$(DESTDIR)$(DATADIR)/ccsim/scenarios/%) \
	    $(INST_CALENDARS:scenarios/%=$(DESTDIR)$(DATADIR)/ccsim/scenarios/%) \
	    $(INST_DOCS:%=$(DESTDIR)$(DOCDIR)/%) $(INST_DOC_FIGURES:%=$(DESTDIR)$(DOCDIR)/%)
	-rmdir $(DESTDIR)$(DATADIR)/ccsim/scenarios/validation \
	    $(DESTDIR)$(DATADIR)/ccsim/scenarios/calendars $(DESTDIR)$(DATADIR)/ccsim/scenarios \
	    $(DESTDIR)$(DATADIR)/ccsim $(DESTDIR)$(DOCDIR)/docs/audit-2013 $(DESTDIR)$(DOCDIR)/docs \
	    $(DESTDIR)$(DOCDIR) 2>/dev/null

