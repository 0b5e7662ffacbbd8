/* main.c: racedemo's entry point; everything else is in the library. */
#include <stdio.h>

#include "cli.h"

int main(int argc, char **argv)
{
    return racedemo_main(argc, argv, stdout, stderr);
}
