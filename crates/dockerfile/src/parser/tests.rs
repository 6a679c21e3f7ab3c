//! Parser tests, one per syntax feature. Expected values follow BuildKit's parser (the
//! differential test checks the same against BuildKit itself).

use super::*;

fn p(s: &str) -> Dockerfile {
    parse(s).unwrap_or_else(|e| panic!("parse failed: {e}\n{s}"))
}

fn values(s: &str) -> Vec<Vec<String>> {
    p(s).instructions
        .iter()
        .map(|i| i.values(Compat::Modern))
        .collect()
}

fn flags(i: &Instruction) -> Vec<&str> {
    i.flags.iter().map(|f| f.raw.as_str()).collect()
}

#[test]
fn directives_syntax_escape_check() {
    let d =
        p("# syntax=docker/dockerfile:1.7\n# check=skip=all\n# escape=`\nFROM a\nRUN x `\n  y\n");
    let names: Vec<_> = d
        .directives
        .iter()
        .map(|x| (x.name.as_str(), x.value.as_str(), x.line))
        .collect();
    assert_eq!(
        names,
        vec![
            ("syntax", "docker/dockerfile:1.7", 1),
            ("check", "skip=all", 2),
            ("escape", "`", 3)
        ]
    );
    assert_eq!(d.escape, '`');
    assert_eq!(d.instructions[1].values(Compat::Modern), vec!["x   y"]);
    // After an instruction or a blank line, directives are plain comments.
    assert_eq!(p("\n# escape=`\nFROM a\n").escape, '\\');
    assert_eq!(p("FROM a\n# escape=`\n").escape, '\\');
    // v0.12 did not know `check`, so a directive after it was a comment.
    assert_eq!(
        parse_compat("# check=x\n# escape=`\nFROM a\n", Compat::V012)
            .unwrap()
            .escape,
        '\\'
    );
}

#[test]
fn directive_errors() {
    let e = parse("# escape=x\nFROM a\n").unwrap_err();
    assert_eq!(e.message, "invalid escape token 'x' does not match ` or \\");
    assert_eq!(e.line, 1);
    let e = parse("# syntax=a\n# syntax=b\nFROM a\n").unwrap_err();
    assert_eq!(
        (e.line, e.message.as_str()),
        (2, "only one syntax parser directive can be used")
    );
}

#[test]
fn continuations_with_comments_and_empty_lines() {
    let d = p("RUN a \\\n  # inner comment\n\n  b \\  \n  c\nFROM x\n");
    let i = &d.instructions[0];
    assert_eq!(i.values(Compat::Modern), vec!["a   b   c"]);
    assert_eq!((i.start_line, i.end_line), (1, 5));
    assert_eq!(d.empty_continuation_lines, vec![3]);
    assert!(d
        .comments
        .iter()
        .any(|c| c.line == 2 && c.text == "inner comment"));
    // An escaped escape at the end of a line is not a continuation.
    let d = p("RUN echo \\\\\nFROM x\n");
    assert_eq!(d.instructions.len(), 2);
}

#[test]
fn crlf_and_bom() {
    let d = p("\u{feff}FROM a\r\nRUN b \\\r\n  c\r\n");
    assert_eq!(d.instructions[0].cmd, "FROM");
    assert_eq!(d.instructions[1].values(Compat::Modern), vec!["b   c"]);
    assert_eq!(d.instructions[1].start().column, 1);
}

#[test]
fn exec_and_shell_forms() {
    let v = values("CMD [\"a\", \"b c\"]\nCMD [\"a\", b]\nENTRYPOINT [\"x\"] trailing\nRUN []\nCOPY [\"a b\", \"/c\"]\n");
    assert_eq!(v[0], vec!["a", "b c"]);
    assert_eq!(v[1], vec!["[\"a\", b]"]); // invalid JSON: shell form
    assert_eq!(v[2], vec!["[\"x\"] trailing"]);
    assert_eq!(v[3], Vec::<String>::new());
    assert_eq!(v[4], vec!["a b", "/c"]);
    let d = p("CMD [\"a\"]\nCMD a\n");
    assert!(d.instructions[0].is_json() && !d.instructions[1].is_json());
    let e = parse("CMD [\"a\", 1]\n").unwrap_err();
    assert_eq!(
        e.message,
        "when using JSON array syntax, arrays must be comprised of strings only"
    );
}

#[test]
fn flags_on_every_instruction() {
    let d = p(concat!(
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n",
        "RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=tok,env=TOK --network=none --security=insecure make\n",
        "COPY --from=build --chown=app:app --chmod=0755 --link --parents --exclude=*.md ./src /dst\n",
        "ADD --checksum=sha256:abc --keep-git-dir=true https://x/y.git#main /src\n",
        "HEALTHCHECK --interval=5s --timeout=\"3s\" CMD true\n",
        "RUN --flag='quoted value' -- --not-a-flag\n",
    ));
    let i = &d.instructions;
    assert_eq!(flags(&i[0]), vec!["--platform=$BUILDPLATFORM"]);
    assert_eq!(
        flags(&i[1]),
        vec![
            "--mount=type=cache,target=/root/.cache",
            "--mount=type=secret,id=tok,env=TOK",
            "--network=none",
            "--security=insecure"
        ]
    );
    assert_eq!(i[1].values(Compat::Modern), vec!["make"]);
    assert_eq!(
        flags(&i[2]),
        vec![
            "--from=build",
            "--chown=app:app",
            "--chmod=0755",
            "--link",
            "--parents",
            "--exclude=*.md"
        ]
    );
    assert_eq!(i[2].flag("link").unwrap().value, None);
    assert_eq!(i[2].flag("chmod").unwrap().value.as_deref(), Some("0755"));
    assert_eq!(
        flags(&i[3]),
        vec!["--checksum=sha256:abc", "--keep-git-dir=true"]
    );
    assert_eq!(flags(&i[4]), vec!["--interval=5s", "--timeout=3s"]);
    assert_eq!(i[4].values(Compat::Modern), vec!["CMD", "true"]);
    assert_eq!(flags(&i[5]), vec!["--flag=quoted value"]);
    assert_eq!(i[5].values(Compat::Modern), vec!["--not-a-flag"]);
    // Flag positions.
    let m = i[1].flags[1].offset;
    assert_eq!(
        i[1].pos(m),
        Pos {
            line: 2,
            column: 44
        }
    );
}

#[test]
fn heredocs() {
    let d = p(concat!(
        "FROM a\n",
        "RUN <<EOF\nset -e\necho $HOME\nEOF\n",
        "RUN <<-\"END\" cat <<'X'\n\tindented $x\n\tEND\nraw\nX\n",
        "COPY <<one.txt <<two.txt /dst/\n1\none.txt\n2\ntwo.txt\n",
        "ADD <<EOF /f\nadded\nEOF\n",
        "RUN echo \"<<NOT\" '<<NOR' cat<<NEITHER\n",
        "ONBUILD RUN <<EOF\necho later\nEOF\n",
        "RUN [\"<<EOF\"]\n",
    ));
    let i = &d.instructions;
    assert_eq!(i[1].heredocs.len(), 1);
    assert_eq!(i[1].heredocs[0].name, "EOF");
    assert_eq!(i[1].heredocs[0].content, "set -e\necho $HOME\n");
    assert!(i[1].heredocs[0].expand);
    assert_eq!(
        (i[1].start_line, i[1].end_line, i[1].heredocs[0].body_line),
        (2, 5, 3)
    );
    let h = &i[2].heredocs;
    assert_eq!(
        (h[0].name.as_str(), h[0].chomp, h[0].expand),
        ("END", true, false)
    );
    assert_eq!(h[0].content, "\tindented $x\n");
    assert_eq!(h[0].body(), "indented $x\n");
    assert_eq!(
        (h[1].name.as_str(), h[1].content.as_str(), h[1].expand),
        ("X", "raw\n", false)
    );
    let names: Vec<_> = i[3].heredocs.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, vec!["one.txt", "two.txt"]);
    assert_eq!(
        i[3].values(Compat::Modern),
        vec!["<<one.txt", "<<two.txt", "/dst/"]
    );
    assert_eq!(i[4].heredocs[0].content, "added\n");
    assert!(i[5].heredocs.is_empty());
    assert_eq!(i[6].heredocs[0].content, "echo later\n");
    assert!(i[7].heredocs.is_empty());
    // fd prefix; `<< EOF` with a space (BuildKit after v0.12).
    let d = p("RUN 3<<FD cat /dev/fd/3\nx\nFD\nRUN cat << EOF\ny\nEOF\n");
    assert_eq!(d.instructions[0].heredocs[0].fd, 3);
    assert_eq!(d.instructions[1].heredocs[0].content, "y\n");
    // A line BuildKit's lexer cannot read has no heredocs (unbalanced quote).
    let d = p("RUN <<EOF echo don't\nFROM a\n");
    assert!(d.instructions[0].heredocs.is_empty());
    assert_eq!(
        parse("RUN <<EOF\nnever ends\n").unwrap_err().message,
        "unterminated heredoc"
    );
}

#[test]
fn onbuild() {
    let d = p("ONBUILD --x COPY --chown=1 . /app\nONBUILD\n");
    let i = &d.instructions[0];
    let Args::OnBuild(sub) = &i.args else {
        panic!("{:?}", i.args)
    };
    assert_eq!(sub.keyword, "COPY");
    assert_eq!(flags(i), vec!["--x"]);
    assert_eq!(flags(sub), vec!["--chown=1"]);
    assert_eq!(i.values(Compat::Modern), vec![".", "/app"]);
    assert_eq!(
        sub.pos(sub.flags[0].offset),
        Pos {
            line: 1,
            column: 18
        }
    );
    assert_eq!(d.instructions[1].args, Args::None);
}

#[test]
fn stages_as_names_and_arg_before_from() {
    let v = values("ARG BASE=alpine VER\nFROM ${BASE}:3 AS Build\nFROM build as final\n");
    assert_eq!(v[0], vec!["BASE=alpine", "VER"]);
    assert_eq!(v[1], vec!["${BASE}:3", "AS", "Build"]);
    assert_eq!(v[2], vec!["build", "as", "final"]);
}

#[test]
fn env_label_arg_forms() {
    let v = values("ENV A=1 B=\"two words\" C=a\\ b\nENV LEGACY value with spaces\nLABEL \"k\"=\"v\" x=y\nARG N=\"v w\"\n");
    assert_eq!(
        v[0],
        vec!["A", "1", "=", "B", "\"two words\"", "=", "C", "a\\ b", "="]
    );
    assert_eq!(v[1], vec!["LEGACY", "value with spaces", ""]);
    assert_eq!(v[2], vec!["\"k\"", "\"v\"", "=", "x", "y", "="]);
    assert_eq!(v[3], vec!["N=\"v w\""]);
    assert_eq!(
        parse("ENV A\n").unwrap_err().message,
        "ENV must have two arguments"
    );
    assert!(parse("LABEL a=b c\n")
        .unwrap_err()
        .message
        .starts_with("Syntax error - can't find = in \"c\""));
}

#[test]
fn unknown_instructions_and_odd_whitespace() {
    let d = p("   from\t  alpine:3   AS   b   \nFOO bar\n\tEXPOSE\t80/tcp   443\n");
    assert_eq!(
        d.instructions[0].values(Compat::Modern),
        vec!["alpine:3", "AS", "b"]
    );
    assert_eq!(d.instructions[0].start(), Pos { line: 1, column: 4 });
    assert_eq!(d.instructions[1].args, Args::Unknown);
    assert_eq!(
        d.instructions[2].values(Compat::Modern),
        vec!["80/tcp", "443"]
    );
    let Args::Words(w) = &d.instructions[2].args else {
        panic!()
    };
    assert_eq!(
        d.instructions[2].pos(w[1].offset),
        Pos {
            line: 3,
            column: 18
        }
    );
}

#[test]
fn positions_across_continuations() {
    let d = p("RUN apt-get update \\\n && apt-get install -y curl\n");
    let i = &d.instructions[0];
    let off = i.original.find("apt-get install").unwrap();
    assert_eq!(i.pos(off), Pos { line: 2, column: 5 });
}

#[test]
fn empty_files_and_limits() {
    assert_eq!(parse("").unwrap_err().message, "file with no instructions");
    assert_eq!(
        parse("# only a comment\n\n").unwrap_err().message,
        "file with no instructions"
    );
    let long = format!("RUN echo {}\n", "x".repeat(70_000));
    assert!(parse(&long)
        .unwrap_err()
        .message
        .starts_with("dockerfile line greater than max allowed size"));
}
