fn main() {
    dh_ruledoc::generate("src", "rule_docs.rs");
}
