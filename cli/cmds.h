/* The subcommands of ccsim. Each takes argv after the subcommand name (argv[0] is the
 * subcommand) and returns the process exit code: 0 ok, 1 runtime failure, 2 usage or
 * invalid input. Only cli/ prints or exits. */
#ifndef CC_CLI_CMDS_H
#define CC_CLI_CMDS_H

int cc_cmd_run(int argc, char **argv);
int cc_cmd_check(int argc, char **argv);
int cc_cmd_erlang(int argc, char **argv);
int cc_cmd_plot(int argc, char **argv);
int cc_cmd_report(int argc, char **argv);
int cc_cmd_compare(int argc, char **argv);
int cc_cmd_sweep(int argc, char **argv);
int cc_cmd_staff(int argc, char **argv);

#endif
