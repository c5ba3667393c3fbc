"""The shells around the library: command line, web page, cluster runs, benchmark, evaluation."""
