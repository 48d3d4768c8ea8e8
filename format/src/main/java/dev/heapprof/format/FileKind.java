package dev.heapprof.format;

/** The three files of a profile, with their suffix and magic number (docs/format.md, "Prologue"). */
public enum FileKind {
    METADATA(".hpm", 'M'),
    EVENTS(".hpd", 'D'),
    DIGEST(".hpc", 'C');

    private final String suffix;
    private final byte[] magic;

    FileKind(String suffix, char letter) {
        this.suffix = suffix;
        // 0x89 first, as PNG does: a file mangled by a 7-bit or text-mode transfer fails at byte 0.
        this.magic = new byte[] {(byte) 0x89, 'H', 'P', (byte) letter};
    }

    public String suffix() {
        return suffix;
    }

    byte[] magic() {
        return magic.clone();
    }

    boolean magicMatches(byte[] bytes, int length) {
        for (int i = 0; i < Math.min(length, magic.length); i++) {
            if (bytes[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** The kind whose magic the first four bytes carry, or {@code null}. */
    static FileKind ofMagic(byte[] bytes, int length) {
        if (length < 4) {
            return null;
        }
        for (FileKind kind : values()) {
            if (kind.magicMatches(bytes, 4)) {
                return kind;
            }
        }
        return null;
    }
}
