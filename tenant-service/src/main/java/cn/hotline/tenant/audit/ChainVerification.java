package cn.hotline.tenant.audit;

/** The outcome of re-computing an audit chain's hashes and links. */
public sealed interface ChainVerification {

    String chain();

    long entries();

    /** Every entry's hash matches its fields and links to its predecessor; sequence numbers have no gaps. */
    record Intact(String chain, long entries) implements ChainVerification {}

    /** The first entry at which the chain no longer holds, and why. */
    record Broken(String chain, long entries, long firstBrokenSeq, String problem) implements ChainVerification {}
}
