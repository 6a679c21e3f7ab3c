FROM scratch
COPY ["src file.txt", "/dst dir/"]
ADD ["https://example.com/a.tar.gz", "/opt/"]
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN ["/bin/echo", "exec form", "\u00e9"]
CMD ['single', 'quotes', 'are', 'not', 'json']
ENTRYPOINT ["a", "b"] trailing
RUN [ ]
HEALTHCHECK --interval=10s CMD ["curl", "-f", "http://localhost/"]
USER 1000:1000
WORKDIR /work dir
