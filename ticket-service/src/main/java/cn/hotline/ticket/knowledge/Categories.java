package cn.hotline.ticket.knowledge;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Category paths: up to five levels of 1-32 characters joined by {@code /} (医保/异地就医). */
public final class Categories {

    private static final Pattern PATH = Pattern.compile("[^/\\s][^/]{0,31}(/[^/\\s][^/]{0,31}){0,4}");

    private Categories() {}

    public static String requireValid(@Nullable String path) {
        if (path == null || !PATH.matcher(path.strip()).matches()) {
            throw new IllegalArgumentException(
                    "category: a path of up to 5 levels, 1-32 characters each, joined by '/'");
        }
        return path.strip();
    }

    /** The parent's path; null for a root. */
    public static @Nullable String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
    }
}
