// cfwd: the least a userspace TCP forwarder can do, the floor against which the proxy benchmark reads the
// userspace proxier (compiled at run time by bench/proxy/cfwd.ts; never committed as a binary).
// usage: cfwd splice|rw BYTES LISTEN_IP:PORT=TARGET_IP:PORT...
//   splice: socket -> pipe -> socket with splice(2), the pipe sized BYTES (Go's io.Copy between two TCP
//           connections does this with the default 64 KiB pipe)
//   rw:     read(2)/write(2) through a BYTES user buffer
// One blocking thread per direction per connection, TCP_NODELAY as Go sets it; EOF is passed on as
// shutdown(SHUT_WR), an error resets both sides. Prints "ready" once listening; SIGTERM ends it.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int use_splice;
static size_t bytes;

struct conn { int a, b, refs; pthread_mutex_t mu; };
struct dir { int src, dst; struct conn *c; };
struct lst { int fd; struct sockaddr_in to; };

static void release(struct conn *c) {
  pthread_mutex_lock(&c->mu);
  int left = --c->refs;
  pthread_mutex_unlock(&c->mu);
  if (left == 0) { close(c->a); close(c->b); free(c); }
}

static int copy_splice(int src, int dst) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) return -1;
  if (bytes != 65536) fcntl(p[1], F_SETPIPE_SZ, (int)bytes);
  int rc = 0;
  for (;;) {
    ssize_t n = splice(src, NULL, p[1], NULL, bytes, SPLICE_F_MOVE);
    if (n == 0) break;
    if (n < 0) { if (errno == EINTR) continue; rc = -1; break; }
    while (n > 0) {
      ssize_t m = splice(p[0], NULL, dst, NULL, n, SPLICE_F_MOVE);
      if (m < 0) { if (errno == EINTR) continue; rc = -1; goto out; }
      n -= m;
    }
  }
out:
  close(p[0]); close(p[1]);
  return rc;
}

static int copy_rw(int src, int dst) {
  char *buf = malloc(bytes);
  int rc = 0;
  for (;;) {
    ssize_t n = read(src, buf, bytes);
    if (n == 0) break;
    if (n < 0) { if (errno == EINTR) continue; rc = -1; break; }
    for (ssize_t off = 0; off < n;) {
      ssize_t m = write(dst, buf + off, n - off);
      if (m < 0) { if (errno == EINTR) continue; rc = -1; goto out; }
      off += m;
    }
  }
out:
  free(buf);
  return rc;
}

static void *run_dir(void *arg) {
  struct dir *d = arg;
  int rc = use_splice ? copy_splice(d->src, d->dst) : copy_rw(d->src, d->dst);
  if (rc == 0) shutdown(d->dst, SHUT_WR);
  else { shutdown(d->src, SHUT_RDWR); shutdown(d->dst, SHUT_RDWR); }
  release(d->c);
  free(d);
  return NULL;
}

static void start_dir(struct conn *c, int src, int dst) {
  struct dir *d = malloc(sizeof *d);
  *d = (struct dir){src, dst, c};
  pthread_t t;
  pthread_attr_t at;
  pthread_attr_init(&at);
  pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&at, 64 * 1024);
  if (pthread_create(&t, &at, run_dir, d) != 0) {
    // No thread, no copy: end both sides, as an error would.
    shutdown(src, SHUT_RDWR);
    shutdown(dst, SHUT_RDWR);
    release(c);
    free(d);
  }
  pthread_attr_destroy(&at);
}

static void *accept_loop(void *arg) {
  struct lst *l = arg;
  for (;;) {
    int a = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC);
    if (a < 0) continue;
    int b = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (connect(b, (struct sockaddr *)&l->to, sizeof l->to) < 0) { close(a); close(b); continue; }
    int one = 1;  // as Go and Node do by default
    setsockopt(a, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(b, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct conn *c = malloc(sizeof *c);
    c->a = a; c->b = b; c->refs = 2;
    pthread_mutex_init(&c->mu, NULL);
    start_dir(c, a, b);
    start_dir(c, b, a);
  }
  return NULL;
}

static struct sockaddr_in parse(const char *s) {
  char host[64];
  const char *colon = strrchr(s, ':');
  struct sockaddr_in sa = {.sin_family = AF_INET};
  snprintf(host, sizeof host, "%.*s", (int)(colon - s), s);
  inet_pton(AF_INET, host, &sa.sin_addr);
  sa.sin_port = htons(atoi(colon + 1));
  return sa;
}

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: cfwd splice|rw BYTES LISTEN=TARGET...\n"); return 2; }
  use_splice = strcmp(argv[1], "splice") == 0;
  bytes = strtoul(argv[2], NULL, 0);
  for (int i = 3; i < argc; i++) {
    char spec[128];
    snprintf(spec, sizeof spec, "%s", argv[i]);
    char *eq = strchr(spec, '=');
    if (!eq) return 2;
    *eq = 0;
    struct lst *l = malloc(sizeof *l);
    struct sockaddr_in from = parse(spec);
    l->to = parse(eq + 1);
    l->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(l->fd, (struct sockaddr *)&from, sizeof from) < 0 || listen(l->fd, 4096) < 0) {
      perror(argv[i]);
      return 1;
    }
    pthread_t t;
    pthread_create(&t, NULL, accept_loop, l);
  }
  printf("ready\n");
  fflush(stdout);
  for (;;) pause();
}
