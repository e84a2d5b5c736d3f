/* cc_report: turns replications into the output contract of docs/model.md s.7: summary.csv,
 * intervals.csv, journeys.csv and manifest.json in one directory (each written to a temporary
 * name and renamed), and a short human summary. Means are over replications of per-replication
 * ratios of sums; intervals are Student-t 95 % across replications. */
#ifndef CC_REPORT_H
#define CC_REPORT_H

#include "models/runner.h"
#include "sim/diag.h"
#include "sim/stat.h"

#include <stdio.h>

#define CC_REPORT_LEVEL 0.95

/* What the manifest records besides the scenario. */
struct cc_manifest_info {
    const char *version;
    const char *git_rev;
    const char *command_line;
    double wall_s;
    int threads;
    long peak_rss_kib; /* peak resident memory of the process, 0 if unknown */
};

/* Interval over replications of one summary value (NAN values are skipped; n says how many
 * replications contributed). */
sim_ci cc_report_ci(const struct cc_run *run, size_t row, enum cc_metric m);
sim_ci cc_report_cost_ci(const struct cc_run *run, enum cc_cost k);
/* Row index of the named row, or -1. */
int cc_report_row(const struct cc_run *run, const char *name);

/* Writes the four files into dir (created if missing). On failure adds a diag line, removes
 * what it had begun, and returns SIM_EIO. */
enum sim_status cc_report_write(const struct cc_run *run, const char *dir,
                                const struct cc_manifest_info *info, sim_diag *d);

/* The table ccsim run prints on stdout. */
void cc_report_print(const struct cc_run *run, FILE *out);

/* Writes a JSON string literal (quoted, escaped) to f. */
void cc_report_json_string(FILE *f, const char *s);

#endif
