#include "cli/cmds.h"
int cc_cmd_uncertainty(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 2;
}
