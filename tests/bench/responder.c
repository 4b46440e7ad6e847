/*
 * responder.c: the benchmark's yardstick, a trivial libfcgi responder that
 * answers every request with bytes held in memory: the files of a
 * directory, looked up by the last path segment (index for "/").
 *   responder DIR SOCKET WORKERS
 * It does nothing else, so the difference between it and quire is
 * quire's own work per request; between it and nginx serving the files,
 * the FastCGI hop.
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#define MAXFILES	64

struct page {
	char	 name[256];
	char	*bytes;	/* "Status...\r\n\r\n" + body */
	size_t	 len;
};

static int
load(const char *dir, struct page *p, int max)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	FILE		*f;
	char		 path[1024], head[256];
	int		 n = 0, hl;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL && n < max) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
			continue;
		hl = snprintf(head, sizeof(head), "Status: 200 OK\r\n"
		    "Content-Type: %s\r\nContent-Length: %lld\r\n\r\n",
		    strstr(de->d_name, ".xml") ? "application/atom+xml" :
		    "text/html; charset=utf-8", (long long)st.st_size);
		p[n].bytes = malloc((size_t)hl + (size_t)st.st_size);
		memcpy(p[n].bytes, head, (size_t)hl);
		if ((f = fopen(path, "rb")) == NULL ||
		    fread(p[n].bytes + hl, 1, (size_t)st.st_size, f) !=
		    (size_t)st.st_size)
			return -1;
		fclose(f);
		p[n].len = (size_t)hl + (size_t)st.st_size;
		snprintf(p[n].name, sizeof(p[n].name), "%s", de->d_name);
		n++;
	}
	closedir(d);
	return n;
}

int
main(int argc, char *argv[])
{
	struct page		 pages[MAXFILES];
	struct sockaddr_un	 sun;
	FCGX_Request		 rq;
	const char		*uri, *name;
	char			 key[256];
	int			 n, fd, i, workers;

	if (argc != 4) {
		fprintf(stderr, "usage: responder DIR SOCKET WORKERS\n");
		return 2;
	}
	if ((n = load(argv[1], pages, MAXFILES)) <= 0) {
		fprintf(stderr, "responder: nothing to serve in %s\n", argv[1]);
		return 1;
	}
	workers = atoi(argv[3]);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", argv[2]);
	unlink(argv[2]);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(fd, 128) == -1) {
		perror("responder: listen");
		return 1;
	}
	chmod(argv[2], 0666);
	FCGX_Init();
	for (i = 1; i < workers; i++)
		if (fork() == 0) {
			/* Go when the first process goes (the bench kills it). */
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			break;
		}
	FCGX_InitRequest(&rq, fd, 0);
	while (FCGX_Accept_r(&rq) >= 0) {
		uri = FCGX_GetParam("DOCUMENT_URI", rq.envp);
		if (uri == NULL)
			uri = "/";
		/* /bench-responder/NAME */
		name = strrchr(uri, '/');
		snprintf(key, sizeof(key), "%s", name && name[1] ? name + 1 :
		    "index");
		for (i = 0; i < n; i++)
			if (strcmp(pages[i].name, key) == 0)
				break;
		if (i == n)
			FCGX_PutS("Status: 404 Not Found\r\n\r\n", rq.out);
		else
			FCGX_PutStr(pages[i].bytes, (int)pages[i].len, rq.out);
		FCGX_Finish_r(&rq);
	}
	return 0;
}
