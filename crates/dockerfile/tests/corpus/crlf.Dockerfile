FROM busybox:1.36
RUN echo crlf \
    && echo more
CMD ["sh"]
