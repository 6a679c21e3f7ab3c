FROM node:20-bookworm
MAINTAINER Jane Doe <jane@example.com>
ONBUILD COPY package*.json /usr/src/app/
ONBUILD RUN npm ci --omit=dev
ONBUILD COPY . /usr/src/app
ENV NODE_ENV production
ENV APP_HOME /usr/src/app
LABEL maintainer="jane@example.com" \
      org.opencontainers.image.title="base" version=1.0
EXPOSE 3000/tcp 9229
VOLUME ["/data", "/logs"]
VOLUME /cache /tmp/x
STOPSIGNAL SIGTERM
CMD npm start
