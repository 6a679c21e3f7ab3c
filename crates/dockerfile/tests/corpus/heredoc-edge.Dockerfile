FROM alpine:3.19
RUN <<EOT bash
  set -e
  echo one
EOT
RUN cat <<'EOF' > /etc/motd && echo written
Welcome $USER
EOF
RUN <<A <<B sh
echo a
A
echo b
B
RUN 3<<FD cat /dev/fd/3
fd three
FD
ONBUILD RUN <<EOF
echo onbuild heredoc
EOF
RUN echo "<<NOTHEREDOC" and '<<ALSO'
RUN <<-EOF
	echo tab-indented
	EOF
ADD <<EOF /etc/added.txt
added
EOF
