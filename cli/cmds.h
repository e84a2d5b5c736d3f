/* The subcommands of ccsim. Each takes argv after the subcommand name (argv[0] is the
 * subcommand) and returns the process exit code: 0 ok, 1 runtime failure, 2 usage or
 * invalid input. Only cli/ prints or exits. */
#ifndef CC_CLI_CMDS_H
#define CC_CLI_CMDS_H

#include "models/runner.h"
#include "sim/stat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

int cc_cmd_run(int argc, char **argv);
int cc_cmd_check(int argc, char **argv);
int cc_cmd_erlang(int argc, char **argv);
int cc_cmd_plot(int argc, char **argv);
int cc_cmd_report(int argc, char **argv);
int cc_cmd_compare(int argc, char **argv);
int cc_cmd_sweep(int argc, char **argv);
int cc_cmd_staff(int argc, char **argv);
int cc_cmd_schedule(int argc, char **argv);
int cc_cmd_sensitivity(int argc, char **argv);
int cc_cmd_uncertainty(int argc, char **argv);

/* ---- shared by sensitivity and uncertainty (cmd_sensitivity.c) ---- */

/* A result a study follows: "STATION.METRIC" (a row of summary.csv) or "costs.NAME". */
struct cli_unc_metric {
    char station[64];
    int metric; /* enum cc_metric, or enum cc_cost when cost */
    bool cost;
};

/* Parses "STATION.METRIC" (the station may hold dots: the metric is after the last one);
 * prints "ccsim CMD: OPT 'TEXT': ..." and returns false on a problem. */
bool cli_unc_metric_parse(const char *cmd, const char *opt, const char *text,
                          struct cli_unc_metric *m);
/* Whether run reports m; prints "ccsim CMD: ..." when not. */
bool cli_unc_metric_check(const char *cmd, const struct cc_run *run,
                          const struct cli_unc_metric *m);
/* "level2.answer_rate" */
void cli_unc_metric_text(const struct cli_unc_metric *m, char *buf, size_t n);
const char *cli_unc_metric_name(const struct cli_unc_metric *m);
/* The mean and interval over replications, as summary.csv has them. */
sim_ci cli_unc_metric_ci(const struct cc_run *run, const struct cli_unc_metric *m);
/* Replication r's value (NAN when undefined). */
double cli_unc_metric_rep(const struct cc_run *run, const struct cli_unc_metric *m, int r);
/* Prints the declared uncertain inputs of sc (nothing when none): `ccsim check`. */
void cli_uncertain_print(const struct cc_scenario *sc, FILE *f);

/* Tornado and decision figures (cli/plot.c) from DIR/tornado.csv and DIR/decide.csv. */
int cli_plot_tornado(const char *dir, const char *shown);
int cli_plot_decide(const char *dir, const char *shown);

#endif
