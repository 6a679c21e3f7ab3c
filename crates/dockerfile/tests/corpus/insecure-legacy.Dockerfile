FROM ubuntu
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update
RUN apt-get install -y openssh-server sudo curl wget
RUN curl -k https://get.example.com/install.sh | bash
RUN wget --no-check-certificate -qO- https://example.com/setup | sh -
RUN chmod 4755 /usr/local/bin/helper && chmod -R 777 /var/www
ADD app.py /app/app.py
ADD https://example.com/file.txt /tmp/file.txt
COPY id_rsa /root/.ssh/id_rsa
ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
ARG NPM_TOKEN
ENV DB_PASSWORD=hunter2
RUN --security=insecure sudo make install
EXPOSE 22 80
RUN pip install --trusted-host pypi.example.com requests
RUN npm config set strict-ssl false
CMD /usr/sbin/sshd -D
