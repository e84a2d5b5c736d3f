# ccsim — discrete-event call-centre simulator.
#
# The layers, in the only direction dependencies may point:
#   cli/     command line: argv, files, printing, exit codes     -> bin/ccsim
#   models/  call-centre domain: scenario, network, Erlang, reports -> libcc.a
#   sim/     engine: calendar, clock, RNG streams, statistics, CSV -> libsim.a
#   GSL, cJSON (models/scenario.c and models/report.c only), libc
#
#   make run     install missing packages, build, simulate the default scenario, plot
#   make check   install missing packages, build, run all tests
#   make SAN=address,undefined check    the same under sanitizers (build-san/)

SCENARIO ?= scenarios/pilot14-2013.json

CC ?= cc
PKGS := gsl libcjson libmd
TEST_PKGS := check

ifdef SAN
BUILD := build-san
SANFLAGS := -fsanitize=$(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT := -O1 -g
else
BUILD := build
SANFLAGS :=
OPT := -O2 -g -flto=auto
endif
BIN := $(BUILD)/bin

WARN := -Wall -Wextra -Werror -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wundef
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
GIT_REV := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
CFLAGS += -DCC_GIT_REV=\"$(GIT_REV)\" -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) $(SANFLAGS) -I. -MMD -MP -pthread
LDFLAGS += $(SANFLAGS) -pthread $(OPT)
LDLIBS += $(PKG_LIBS) -lm

SIM_SRC := $(sort $(wildcard sim/*.c))
MODELS_SRC := $(sort $(wildcard models/*.c))
CLI_SRC := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/check_*.c))
SUITES := $(filter-out main,$(patsubst tests/check_%.c,%,$(TEST_SRC)))

SIM_OBJ := $(SIM_SRC:%.c=$(BUILD)/%.o)
MODELS_OBJ := $(MODELS_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

CCSIM := $(BIN)/ccsim
CHECK_ALL := $(BIN)/check_all

.PHONY: all deps run check unit smoke valgrind lint tidy format format-check bench clean plots

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
ifndef SAN
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

# sim/ knows nothing of call centres; only models/scenario.c (reading) and models/report.c
# (manifests) see cJSON.
lint:
	@! grep -n '#include "\(models\|cli\)/' sim/*.[ch] || { echo "lint: sim/ includes models/ or cli/"; exit 1; }
	@! grep -n '#include "cli/' models/*.[ch] || { echo "lint: models/ includes cli/"; exit 1; }
	@! grep -ln 'cJSON.h' sim/*.[ch] cli/*.[ch] $(filter-out models/scenario.c models/report.c,$(wildcard models/*.[ch])) \
	    || { echo "lint: cJSON.h outside models/scenario.c and models/report.c"; exit 1; }
	@echo "lint: ok"

# The checks of docs/style.md (.clang-tidy); not in CI: clang 14 reports va_list false positives.
tidy:
	clang-tidy -quiet $(SIM_SRC) $(MODELS_SRC) $(CLI_SRC) -- -std=c11 -D_POSIX_C_SOURCE=200809L -I. $(PKG_CFLAGS)

format:
	clang-format -i sim/*.[ch] models/*.[ch] cli/*.[ch] tests/*.c bench/*.c

format-check:
	clang-format --dry-run --Werror sim/*.[ch] models/*.[ch] cli/*.[ch] tests/*.c bench/*.c

bench: $(CCSIM)
	sh bench/run.sh

clean:
	rm -rf build build-san bin

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
	    $(DESTDIR)$(DATADIR)/ccsim/scenarios/validation $(DESTDIR)$(DOCDIR)/docs/audit-2013
	$(INSTALL) -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/ccsim
	$(INSTALL) -m 644 docs/ccsim.1 $(DESTDIR)$(MANDIR)/man1/ccsim.1
	$(INSTALL) -m 644 tools/ccsim.bash $(DESTDIR)$(BASHCOMPDIR)/ccsim
	$(INSTALL) -m 644 $(INST_SCENARIOS) $(DESTDIR)$(DATADIR)/ccsim/scenarios/
	$(INSTALL) -m 644 $(INST_VALIDATION) $(DESTDIR)$(DATADIR)/ccsim/scenarios/validation/
	$(INSTALL) -m 644 README.md $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 644 $(filter docs/%,$(INST_DOCS)) $(DESTDIR)$(DOCDIR)/docs/
	$(INSTALL) -m 644 $(INST_DOC_FIGURES) $(DESTDIR)$(DOCDIR)/docs/audit-2013/

# Removes exactly what install wrote, then the folders that are ccsim's own; shared folders
# (bin, man1, completions) stay even when empty.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ccsim $(DESTDIR)$(MANDIR)/man1/ccsim.1 $(DESTDIR)$(BASHCOMPDIR)/ccsim
	rm -f $(INST_SCENARIOS:scenarios/%=$(DESTDIR)$(DATADIR)/ccsim/scenarios/%) \
	    $(INST_VALIDATION:scenarios/%=$(DESTDIR)$(DATADIR)/ccsim/scenarios/%) \
	    $(INST_DOCS:%=$(DESTDIR)$(DOCDIR)/%) $(INST_DOC_FIGURES:%=$(DESTDIR)$(DOCDIR)/%)
	-rmdir $(DESTDIR)$(DATADIR)/ccsim/scenarios/validation $(DESTDIR)$(DATADIR)/ccsim/scenarios \
	    $(DESTDIR)$(DATADIR)/ccsim $(DESTDIR)$(DOCDIR)/docs/audit-2013 $(DESTDIR)$(DOCDIR)/docs \
	    $(DESTDIR)$(DOCDIR) 2>/dev/null

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
