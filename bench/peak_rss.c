/*
 * peak_rss.c — peak_rss CMD ARGS...: runs the command (stdout to /dev/null)
 * and prints "KB SECONDS": its peak resident memory (wait4's ru_maxrss) and
 * wall time.  A small C parent, so the child's peak before its exec is this
 * program's few pages, not an interpreter's.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: peak_rss CMD ARGS...\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
        return 2;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%ld %.3f\n", ru.ru_maxrss,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
