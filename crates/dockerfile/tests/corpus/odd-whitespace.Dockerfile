   # leading comment with spaces

  from   debian:bookworm-slim   as   builder  
	RUN   apt-get update \
	  # a comment inside the continuation
	  && apt-get install -y curl \

	  && rm -rf /var/lib/apt/lists/*   
run echo "trailing spaces after backslash" \   
    && echo done
ENV A=1 B="two words" C='single quoted' D=escaped\ space
ARG VERSION
ARG A=1 B=2
LABEL "com.example.vendor"="ACME Incorporated" com.example.label-with-value="foo"
copy  --chown=1000:1000   src/   /app/src/
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/archive.tar.gz /tmp/
ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.10.1 /buildkit
COPY --parents ./x/**/*.go /src/
COPY --exclude=*.txt --exclude=docs/ . /app
CMD ["echo", "json" ]
ENTRYPOINT [ "broken json", ]
HEALTHCHECK NONE
