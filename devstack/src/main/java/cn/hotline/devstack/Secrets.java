package cn.hotline.devstack;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Per-run passwords: nothing may depend on a password it did not read from the env file. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    static String password() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "dev" + HexFormat.of().formatHex(bytes);
    }
}
