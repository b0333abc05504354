#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
typedef void *(*query_cmdline_fn)(int, char **);
typedef const char *(*result_error_fn)(void *);
static int ctl_fd, stop_fd;
static void *watch(void *arg) {
  char buf[256];
  while (read(ctl_fd, buf, sizeof buf) > 0) {}
  close(stop_fd);
  return NULL;
}
int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s LIBCHDB [engine args...]\n", argv[0]); return 2; }
  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!lib) { fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror()); return 2; }
  query_cmdline_fn query = (query_cmdline_fn) dlsym(lib, "chdb_query_cmdline");
  result_error_fn error = (result_error_fn) dlsym(lib, "chdb_result_error");
  int p[2];
  ctl_fd = dup(0);
  int null_fd = open("/dev/null", O_RDONLY);
  dup2(null_fd, 0);
  if (pipe(p) != 0) { perror("pipe"); return 2; }
  stop_fd = p[1];
  pthread_t t; pthread_create(&t, NULL, watch, NULL);
  char q[256];
  snprintf(q, sizeof q, "--query=SYSTEM START LISTEN HTTP; SELECT count() FROM file('/proc/%d/fd/%d', 'LineAsString') FORMAT Null", getpid(), p[0]);
  char **args = calloc(argc + 3, sizeof(char *));
  int n = 0;
  args[n++] = "clickhouse";
  args[n++] = "--multiquery";
  for (int i = 2; i < argc; i++) args[n++] = argv[i];
  args[n++] = q;
  void *res = query(n, args);
  const char *err = res ? error(res) : "no result";
  if (err && *err) { fprintf(stderr, "engine error: %s\n", err); return 1; }
  return 0;
}
