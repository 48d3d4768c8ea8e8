package dev.heapprof.analyzer.digest;

/**
 * Told how far a digest has got, after each block of events, and asked whether to go on. Stopping
 * this way (not by interrupting the thread, which would close the files under the digest) leaves a
 * valid partial digest.
 */
@FunctionalInterface
public interface DigestProgress {
    DigestProgress NONE = (done, total) -> true;

    /**
     * {@code bytesDone} of the events file's {@code bytesTotal} readable bytes have been digested.
     * Returns false to stop here.
     */
    boolean progress(long bytesDone, long bytesTotal);
}
