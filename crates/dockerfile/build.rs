fn main() {
    dh_ruledoc::generate("src/rules", "rule_docs.rs");
}
