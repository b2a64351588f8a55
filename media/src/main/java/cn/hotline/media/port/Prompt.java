package cn.hotline.media.port;

import java.net.URI;
import java.util.List;

/** What a leg hears: one audio file, several in a row (e.g. "您前面还有" + "3" + "位"), or music on hold. */
public sealed interface Prompt {

    /** An 8 kHz audio file the media server can read (a local path or an object-storage URL). */
    record File(URI location) implements Prompt {
        public File {
            if (location == null) {
                throw new IllegalArgumentException("a prompt file needs a location");
            }
        }
    }

    /** Files played one after another, once. */
    record Sequence(List<File> files) implements Prompt {
        public Sequence {
            if (files == null || files.isEmpty()) {
                throw new IllegalArgumentException("a prompt sequence needs at least one file");
            }
            files = List.copyOf(files);
        }
    }

    /** A file played in a loop until stopped. */
    record Music(URI location) implements Prompt {
        public Music {
            if (location == null) {
                throw new IllegalArgumentException("music on hold needs a location");
            }
        }
    }
}
