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

/* What a manifest records besides the scenarios: who wrote it, how it was asked for. */
struct cc_manifest_info {
    const char *version;
    const char *git_rev;
    const char *command; /* "run", "compare", "sweep", "staff" */
    int argc;
    char *const *argv;       /* the whole command line, argv[0] included */
    const char *const *sets; /* the --set overrides (shortcut options included), in order */
    size_t n_sets;
    double wall_s;
    int threads;       /* of each rank */
    int ranks;         /* MPI ranks that ran the replications; 1 in the plain build */
    long peak_rss_kib; /* peak resident memory of the process, 0 if unknown */
};

/* Interval over replications of one summary value (NAN values are skipped; n says how many
 * replications contributed). */
sim_ci cc_report_ci(const struct cc_run *run, size_t row, enum cc_metric m);
sim_ci cc_report_cost_ci(const struct cc_run *run, enum cc_cost k);
/* The unit of a metric of the CSV files, as their unit column writes it: "calls", "share"
 * (0-1, shown in % on screen and in plots), "s", "h", "agents", "etpt", "erlang", "EUR/year",
 * "calls/year" (docs/csv.md). */
const char *cc_report_unit(const char *metric);
/* Row index of the named row, or -1. */
int cc_report_row(const struct cc_run *run, const char *name);

/* Writes the four files into dir (created if missing). On failure adds a diag line, removes
 * what it had begun, and returns SIM_EIO. manifest.json holds (cJSON): ccsim_version,
 * git_revision, command, command_line (argv joined by spaces, for people), argv (array),
 * sets (array), scenario_file, scenario_sha256, inputs ([{path, sha256}] of the scenario and
 * its extends chain), seed, reps, threads, wall_time_s, events, calls, events_per_s,
 * peak_rss_kib, and the resolved scenario. */
enum sim_status cc_report_write(const struct cc_run *run, const char *dir,
                                const struct cc_manifest_info *info, sim_diag *d);

/* The table ccsim run prints on stdout. */
void cc_report_print(const struct cc_run *run, FILE *out);

/* A named number of ccsim erlang's JSON output. */
struct cc_report_value {
    const char *name;
    double value; /* a non-finite value is written as null */
};
/* Writes {"model": model, "inputs": {...}, "results": {...}} and a newline to out (ccsim erlang
 * --json), through cJSON like every JSON ccsim writes. SIM_OK or SIM_ENOMEM. */
enum sim_status cc_report_erlang_json(FILE *out, const char *model,
                                      const struct cc_report_value *inputs, size_t n_inputs,
                                      const struct cc_report_value *results, size_t n_results);

/* One --target of `ccsim erlang`: metric op bound, op ">=" or "<=". */
struct cc_report_erlang_target {
    const char *metric;
    const char *op;
    double bound;
};

/* Writes the answer of `ccsim erlang --target` to out as JSON: {model, inputs, targets: [{metric,
 * op, value}], agents, results (at agents), one_fewer: {agents, results} or null (no fewer
 * count, or Erlang C unstable there: fewer NULL)}. */
enum sim_status cc_report_erlang_targets_json(FILE *out, const char *model,
                                              const struct cc_report_value *inputs, size_t n_inputs,
                                              const struct cc_report_erlang_target *targets,
                                              size_t n_targets, int agents,
                                              const struct cc_report_value *results,
                                              size_t n_results, const struct cc_report_value *fewer,
                                              size_t n_fewer);

/* Writes dir/manifest.json for a command over several scenario variants (compare, sweep,
 * staff): the fields of a run's manifest without the resolved scenario, with scenario_files
 * (distinct, in order), inputs (distinct), variants (n), and events/calls summed by the caller. */
enum sim_status cc_manifest_write(const char *dir, const struct cc_manifest_info *info,
                                  const struct cc_scenario *const *scs, size_t n, uint64_t events,
                                  uint64_t calls, sim_diag *d);

/* Writes dir/inputs.csv and dir/inputs.json: the inputs the folder's results come from
 * (docs/csv.md). inputs.csv (variant, scenario, station, parameter, value, unit) holds every
 * resolved parameter of scs[0] (station "scenario" for run, network, transfer and cost
 * parameters), then those of each other variant: in full when n <= CC_INPUTS_FULL (compare's
 * two scenarios), otherwise only the rows that differ from variant 0 (a sweep's points, a
 * sensitivity study's ends). inputs.json (cJSON) holds the free text that no CSV string cell
 * may carry: {"sets": [...], "vary": [...], "scenarios": [{variant, name, file, sha256,
 * description, files: [{path, sha256}] (the file and its extends chain)}]}, variants of one file
 * listed once. SIM_OK, or SIM_EIO / SIM_ENOMEM with a
 * diag line and no file left half-written. */
#define CC_INPUTS_FULL 2
enum sim_status cc_report_inputs_write(const char *dir, const struct cc_manifest_info *info,
                                       const struct cc_scenario *const *scs, size_t n, sim_diag *d);

/* inputs.json read back for ccsim report: strings only, "" for a missing field. */
struct cc_inputs_scenario {
    char *name, *file, *sha256, *description;
    char **files, **files_sha256; /* the file and its extends chain, in order */
    size_t n_files;
};
struct cc_inputs_doc {
    struct cc_inputs_scenario *sc;
    size_t n_sc;
    char **sets;
    size_t n_sets;
    char **vary;
    size_t n_vary;
};
/* NULL without a diag line when dir has no inputs.json (a folder of an older ccsim); NULL with
 * one ("FILE: expected a JSON object written by ccsim, got ...") when it cannot be read. */
struct cc_inputs_doc *cc_report_inputs_load(const char *dir, sim_diag *d);
void cc_report_inputs_free(struct cc_inputs_doc *doc); /* NULL is a no-op */

#endif
