FROM busybox:1.36
RUN echo bom
