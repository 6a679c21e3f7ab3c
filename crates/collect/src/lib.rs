//! Collectors: all of docker-harden's I/O with the Docker daemon.
