/* main.c: racedemo's entry point; everything else is in the library. */
#include <stdio.h>

#include "racedemo/racedemo.h"

int main(int argc, char **argv)
{
    int status = racedemo_main(argc, argv, stdout, stderr);
    /* A report that never arrived is a failure, whatever the run showed. */
    return racedemo_finish_output(stdout, stderr, status);
}
